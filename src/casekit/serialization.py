"""Serialisation: every public casekit type to and from plain data and JSON, strictly.

One `cattrs.Converter` (``converter``) does the work; casekit never touches cattrs' global one.
The plain-data form uses only JSON types:

* dates ``"2025-03-04"`` and datetimes with their offset ``"2025-03-04T09:30:00-05:00"``;
* money ``{"amount": "12.50", "currency": "USD"}`` and every other `Decimal` as a string;
* codes as plain strings ``"CPT|99213"``;
* event data and reason parameters as JSON objects.

Input is strict. Unknown keys, wrong types (no ``"5"`` for a number, no ``5`` for a string),
naive datetimes, floats for money, bad codes and missing fields all end in one
`InvalidInputError` whose ``.problems`` lists every problem with its path
(``contacts[3].at``). Whatever JSON arrives, nothing but a `CaseKitError` comes out, and no
message repeats an input value.

A JSON document carries ``"schema_version"`` at its top: `to_json` writes it and `from_json`
requires it. Objects put it beside their fields; other values are wrapped as
``{"schema_version": 1, "value": ...}``.

Examples:
    >>> from casekit.money import Money
    >>> to_json(Money.of("12.50", "USD"))
    '{"schema_version":1,"amount":"12.50","currency":"USD"}'
    >>> from_json('{"schema_version": 1, "amount": "12.50", "currency": "USD"}', Money)
    Money(amount=Decimal('12.50'), currency='USD')
    >>> from_dict({"amount": 12.5, "currency": "USD", "note": "x"}, Money)
    Traceback (most recent call last):
    ...
    casekit.errors.InvalidInputError: invalid input (2 problems):
      note: is not a known field; remove it or check its spelling
      amount: must be a decimal string such as "12.50", not a number
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from decimal import Decimal
from functools import cache, lru_cache
from json.encoder import encode_basestring as _quote
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from casekit import _validate as v
from casekit._event_log import history_reader, history_text_writer, history_writer
from casekit.case import Case, CaseEvent, EventData, Payload, rebuild
from casekit.codes import Code
from casekit.errors import CaseKitError, InvalidDefinitionError, InvalidInputError, Problem
from casekit.lifecycle._workflow import Workflow
from casekit.money import CURRENCY_MINOR_UNITS, Money
from casekit.rules import Reason, Trace

__all__ = [
    "SCHEMA_VERSION",
    "converter",
    "from_dict",
    "from_json",
    "register_kinds",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

SCHEMA_VERSION: Final = 1
"""The version of the plain-data form that `to_json` writes and `from_json` reads."""

MAX_DOCUMENT_CHARS: Final = 16 * 1024 * 1024
"""The largest JSON text `from_json` reads (16 Mi characters); pass ``max_chars`` to change."""


converter: Final = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
"""casekit's one cattrs converter (advanced: use `to_dict`/`from_dict` instead)."""


class _Refusal(Exception):  # noqa: N818  # internal signal, always turned into a Problem
    """A hook's refusal of a value: a stable code and a message that never quotes the value."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _kind(value: object) -> str:
    return {
        bool: "true or false",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }.get(type(value), "another type")


# --- scalars: strict, no coercion -----------------------------------------------------------


def _structure_str(value: object, _: type) -> str:
    if type(value) is str:
        return value
    raise _Refusal("type", f"must be a string, not {_kind(value)}")


def _structure_int(value: object, _: type) -> int:
    if type(value) is int:
        return value
    raise _Refusal("type", f"must be a whole number, not {_kind(value)}")


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is bool:
        return value
    raise _Refusal("type", f"must be true or false, not {_kind(value)}")


_DECIMAL = re.compile(r"-?(?:0|[1-9]\d{0,17})(?:\.\d{1,60})?")
"""A decimal as casekit writes one: up to 18 whole digits and 60 places, the precision money is
computed in (`casekit.money`), so sums and products read back exactly."""


def _structure_decimal(value: object, _: type) -> Decimal:
    if type(value) is str and _DECIMAL.fullmatch(value):
        return Decimal(value)
    if type(value) is str:
        raise _Refusal("decimal_format", 'must be a decimal string such as "12.50" or "-3"')
    raise _Refusal("type", f'must be a decimal string such as "12.50", not {_kind(value)}')


def _unstructure_decimal(value: Decimal) -> str:
    text = format(value, "f")
    if _DECIMAL.fullmatch(text):
        return text
    raise InvalidInputError.one(
        "$",
        "decimal_range",
        "holds a number with more than 18 whole digits or 60 decimal places; round it first",
    )


# --- dates and times ------------------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_fromisoformat = dt.datetime.fromisoformat


def _structure_date(value: object, _: type) -> pendulum.Date:
    if type(value) is not str or not _DATE.fullmatch(value):
        raise _Refusal("date_format", "must be a date string such as 2025-03-04")
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        raise _Refusal("date_value", "is not a real calendar date") from None
    return pendulum.Date(d.year, d.month, d.day)


@lru_cache(maxsize=256)  # bounded: a hostile document could hold every possible UTC offset
def _zone(offset: dt.timedelta) -> pendulum.FixedTimezone | pendulum.Timezone:
    return pendulum.FixedTimezone(int(offset.total_seconds())) if offset else pendulum.UTC


# One document repeats its timestamps (an event's ``at`` and ``recorded_at``, a record's own
# time). Each call of from_dict/to_dict gets a fresh memo of the ones it has converted, dropped
# when the call ends, so nothing outlives the document.
_memo: ContextVar[dict[Any, Any] | None] = ContextVar("casekit_serialization_memo", default=None)


def _structure_datetime(value: object, _: type) -> pendulum.DateTime:
    memo = _memo.get()
    if memo is not None and type(value) is str:
        hit = memo.get(value)
        if hit is None:
            hit = memo[value] = _parse_datetime(value)
        return typing.cast("pendulum.DateTime", hit)
    return _parse_datetime(value)


def _parse_datetime(value: object) -> pendulum.DateTime:
    if type(value) is not str:
        raise _Refusal("type", f"must be an ISO 8601 datetime string, not {_kind(value)}")
    try:
        d = _fromisoformat(value)
    except ValueError:
        raise _Refusal(
            "datetime_format", "must be an ISO 8601 datetime such as 2025-03-04T09:30:00+00:00"
        ) from None
    offset = d.utcoffset()
    if offset is None or len(value) < 16:  # noqa: PLR2004  # shorter than YYYY-MM-DDTHH:MM
        raise _Refusal(
            "naive_datetime" if offset is None else "datetime_format",
            "must be a date and time with a UTC offset, such as 2025-03-04T09:30:00-05:00",
        )
    # Building pendulum's DateTime from fields costs ~0.7 us; pendulum.parse costs ~6 us.
    return pendulum.DateTime(
        d.year,
        d.month,
        d.day,
        d.hour,
        d.minute,
        d.second,
        d.microsecond,
        tzinfo=_zone(offset),
    )


def _unstructure_datetime(value: dt.datetime) -> str:
    memo = _memo.get()
    if memo is None:
        return value.isoformat()
    key = id(value)  # safe: every value is alive until the call that owns the memo ends
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = value.isoformat()
    return typing.cast("str", hit)


def _unstructure_date(value: dt.date) -> str:
    return value.isoformat()


# --- casekit values -------------------------------------------------------------------------


def _structure_money(value: object, _: type) -> Money:
    if type(value) is not dict:
        raise _Refusal("type", 'must be an object such as {"amount": "12.50", "currency": "USD"}')
    problems: list[Problem] = []
    extra = sorted(set(value) - {"amount", "currency"})
    problems.extend(Problem(v.shown_key(k), "unknown_key", _UNKNOWN_KEY) for k in extra)
    amount = value.get("amount")
    currency = value.get("currency")
    if amount is None:
        problems.append(Problem("amount", "missing", "is required"))
    elif type(amount) is not str or not _DECIMAL.fullmatch(amount):
        problems.append(
            Problem(
                "amount",
                "float" if type(amount) is float else "decimal_format",
                f'must be a decimal string such as "12.50", not {_kind(amount)}'
                if type(amount) is not str
                else 'must be a decimal string such as "12.50" or "-3"',
            )
        )
    if currency is None:
        problems.append(Problem("currency", "missing", "is required"))
    elif currency not in CURRENCY_MINOR_UNITS:
        problems.append(
            Problem("currency", "currency", "must be an ISO 4217 code in capitals such as USD")
        )
    if problems:
        raise InvalidInputError(problems)
    return Money(Decimal(typing.cast("str", amount)), typing.cast("str", currency))


def _unstructure_money(value: Money) -> dict[str, str]:
    return {"amount": _unstructure_decimal(value.amount), "currency": value.currency}


def _structure_code(value: object, _: type) -> Code:
    if type(value) is not str:
        raise _Refusal("type", f'must be a code string such as "CPT|99213", not {_kind(value)}')
    return Code.parse(value)


@cache
def _enum_structure(t: Any) -> Callable[[Any, Any], Any]:
    members = {m.value: m for m in t}
    allowed = ", ".join(str(v) for v in members)

    def structure(value: Any, _: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):
            raise _Refusal("enum", f"must be one of: {allowed}") from None

    return structure


def _structure_enum(value: object, cls: type) -> Any:
    return _enum_structure(cls)(value, cls)


def _enum_value(value: enum.Enum) -> Any:
    return value.value


def _structure_pairs(value: object, kinds: tuple[type, ...], what: str) -> tuple[Any, ...]:
    if type(value) is not dict:
        raise _Refusal("type", f"must be an object of names to {what}")
    for key, item in value.items():
        if type(item) not in kinds:
            raise InvalidInputError.one(v.shown_key(key), "type", f"must be {what}")
    return tuple(sorted(value.items()))


def _structure_event_data(value: object, _: type) -> EventData:
    return _structure_pairs(
        value, (str, int, bool, type(None)), "text, a number, true/false or null"
    )


def _structure_reason(value: object, _: type) -> Reason:
    if type(value) is not dict:
        raise _Refusal("type", "must be an object with a code and params")
    extra = set(value) - {"code", "params"}
    if extra:
        raise InvalidInputError(
            [Problem(v.shown_key(k), "unknown_key", _UNKNOWN_KEY) for k in sorted(extra)]
        )
    if "code" not in value:
        raise InvalidInputError.one("code", "missing", "is required")
    code = value["code"]
    if type(code) is not str:
        raise InvalidInputError.one("code", "type", "must be a string")
    params = _structure_pairs(value.get("params", {}), (str, int), "text or a whole number")
    return Reason(code, params)


def _unstructure_reason(value: Reason) -> dict[str, object]:
    return {"code": value.code, "params": dict(value.params)}


def _structure_case(value: object, _: type) -> Case:
    if type(value) is not dict:
        raise _Refusal("type", 'must be an object such as {"id": ..., "history": [...]}')
    problems = [
        Problem(v.shown_key(k), "unknown_key", _UNKNOWN_KEY)
        for k in sorted(map(str, set(value) - {"id", "history"}))
    ]
    problems.extend(
        Problem(k, "missing", "is required") for k in ("id", "history") if k not in value
    )
    case_id: str | None = None
    history: tuple[CaseEvent, ...] | None = None
    if "id" in value:
        try:
            case_id = _structure_str(value["id"], str)
        except _Refusal as exc:
            problems.append(Problem("id", exc.code, exc.message))
    if "history" in value:
        try:
            history = _read_history(value["history"])
        except Exception as exc:  # noqa: BLE001  # every failure becomes a Problem with its path
            problems.extend(_problems(exc, "history"))
    if problems or history is None:
        raise InvalidInputError(problems)
    case = rebuild(history)
    if case.id != case_id:
        raise InvalidInputError.one("id", "id_mismatch", "differs from the opened event's case_id")
    return case


def _read_history(data: object) -> tuple[CaseEvent, ...]:
    # Most documents are in the exact form to_json writes: the hand-written reader takes
    # those. Anything else, valid or not, is read again the general way, which alone reports
    # problems, so both ways give the same cases and the same errors (see _event_log).
    memo = _memo.get()
    try:
        return _read_history_fast(data, {} if memo is None else memo)
    except Exception:  # noqa: BLE001  # any refusal means: take the general path
        return typing.cast("tuple[CaseEvent, ...]", _HISTORY_HOOK(data, _History))


def _require_consistent(case: Case) -> None:
    # A case is written as its history alone; a field changed past the verbs would be lost.
    try:
        same = rebuild(case.history) == case
    except Exception:  # noqa: BLE001  # a history rebuild refuses is not the case's either
        same = False
    if not same:
        raise InvalidInputError.one(
            "$",
            "inconsistent",
            "has fields its history does not record; a case is written as its history, so "
            "change it only through the verbs of casekit.case and casekit.lifecycle",
        )


def _unstructure_case(value: Case) -> dict[str, object]:
    _require_consistent(value)
    memo = _memo.get()
    try:
        history = _write_history_fast(value.history, {} if memo is None else memo)
    except Exception:  # noqa: BLE001  # not a history of events: fail as the converter fails
        history = _unstructure_history(value.history)
    return {"id": value.id, "history": history}


def _workflow_unwritable(_value: Workflow[Any]) -> None:
    raise InvalidInputError.one(
        "$",
        "type",
        "a Workflow holds guard functions, which JSON cannot hold; write its definition with "
        "casekit.lifecycle.dump_workflow",
    )


def _unstructure_trace(value: Trace) -> dict[str, Any]:
    return {
        "rule": value.rule,
        "passed": value.passed,
        "decisive": value.decisive,
        "inputs": [list(pair) for pair in value.inputs],
        "children": [_unstructure_trace(child) for child in value.children],
    }


_TRACE_KEYS: Final = frozenset({"rule", "passed", "decisive", "inputs", "children"})


def _structure_trace(value: object, _: type) -> Trace:
    if type(value) is not dict:
        raise _Refusal("type", "must be an object with rule, passed, decisive, inputs, children")
    extra = sorted(map(str, set(value) - _TRACE_KEYS))
    if extra:
        raise InvalidInputError(Problem(v.shown_key(k), "unknown_key", _UNKNOWN_KEY) for k in extra)
    inputs = value.get("inputs", [])
    children = value.get("children", [])
    if type(inputs) is not list or not all(type(p) is list and len(p) == 2 for p in inputs):  # noqa: PLR2004  # pairs
        raise InvalidInputError.one("inputs", "type", "must be a list of [name, text] pairs")
    if type(children) is not list:
        raise InvalidInputError.one("children", "type", "must be a list of traces")
    kids = []
    for index, child in enumerate(children):
        try:
            kids.append(_structure_trace(child, Trace))
        except _Refusal as exc:
            raise InvalidInputError.one(f"children[{index}]", exc.code, exc.message) from None
        except InvalidInputError as exc:
            raise InvalidInputError(
                Problem(_join(f"children[{index}]", p.path), p.code, p.message)
                for p in exc.problems
            ) from None
    return Trace(
        value.get("rule"),  # type: ignore[arg-type]  # Trace checks every part itself
        value.get("passed"),  # type: ignore[arg-type]
        value.get("decisive", True),
        tuple(tuple(p) for p in inputs),
        tuple(kids),
    )


def _snake(cls: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


def register_kinds(union: Any, kinds: Mapping[str, type], *, tag: str = "kind") -> None:
    """Teach the converter a union whose members are told apart by a tag (advanced).

    Values of *union* (and of ``union | None``) travel as objects carrying ``tag``, such as
    ``{"kind": "contact", ...}``: explicit tags keep the form readable and stable as members
    are added. casekit's subpackages register their own unions with this; applications need
    it only for unions of their own types.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Walk:
        ...     km: int
        >>> @attrs.frozen
        ... class Swim:
        ...     km: int
        >>> register_kinds(Walk | Swim, {"walk": Walk, "swim": Swim})
        >>> to_dict(Swim(2)), converter.unstructure(Swim(2), Walk | Swim)
        ({'km': 2}, {'kind': 'swim', 'km': 2})
        >>> from_dict({"kind": "walk", "km": 3}, Walk | Swim)
        Walk(km=3)
    """
    by_tag = dict(kinds)
    names = {cls: name for name, cls in by_tag.items()}
    listing = ", ".join(by_tag)
    members = frozenset(get_args(union))

    def covers(t: object) -> bool:
        # The union itself, ``union | None``, and any union of some of its members.
        if get_origin(t) not in (typing.Union, types.UnionType):
            return False
        args = set(get_args(t)) - {type(None)}
        return len(args) > 1 and args <= members

    def structure_factory(t: object) -> Callable[[object, object], Any]:
        # The union's members are looked up once here, not on every value read.
        allowed = frozenset(get_args(t))
        optional = type(None) in allowed

        def structure(value: object, _: object) -> Any:
            if value is None and optional:
                return None
            if type(value) is not dict:
                raise _Refusal("type", f"must be an object with a {tag} ({listing})")
            body = dict(value)
            name = body.pop(tag, None)
            cls = by_tag.get(name) if type(name) is str else None
            if cls is None or cls not in allowed:
                raise InvalidInputError.one(tag, "enum", f"must be one of: {listing}")
            return converter.structure(body, cls)

        return structure

    def unstructure(value: object) -> Any:
        if value is None:
            return None
        return {tag: names[type(value)], **converter.unstructure(value, type(value))}

    converter.register_structure_hook_factory(covers, structure_factory)
    converter.register_unstructure_hook_func(covers, unstructure)


_SCALARS: Final = frozenset({str, int, bool, type(None)})


def _is_scalar_union(t: object) -> bool:
    args = frozenset(get_args(t))
    return get_origin(t) in (typing.Union, types.UnionType) and args <= _SCALARS


def _scalar_union_hook(t: object) -> Callable[[object, object], Any]:
    # str | int and the like: the JSON type must be one of the members, exactly. The members
    # and the message are worked out once per union, not once per value.
    members = frozenset(get_args(t))
    names = " or ".join(_kind_names[k] for k in get_args(t))

    def structure(value: object, _: object) -> Any:
        if type(value) in members:
            return value
        raise _Refusal("type", f"must be {names}, not {_kind(value)}")

    return structure


_kind_names: Final = {str: "text", int: "a whole number", bool: "true or false", type(None): "null"}


def _structure_count_or_money(value: object, _: type) -> int | Money:
    # A limit's maximum: a count of visits, days or units, or an amount of money.
    if type(value) is int:
        return value
    if type(value) is dict:
        return _structure_money(value, Money)
    raise _Refusal(
        "type", 'must be a whole number, or money such as {"amount": "500", "currency": "USD"}'
    )


def _configure(c: cattrs.Converter) -> None:
    # StrEnum before str in the method resolution order, so these win over the str hooks.
    c.register_unstructure_hook(enum.StrEnum, _enum_value)
    c.register_structure_hook(enum.StrEnum, _structure_enum)
    c.register_structure_hook(str, _structure_str)
    c.register_structure_hook(int, _structure_int)
    c.register_structure_hook(bool, _structure_bool)
    c.register_structure_hook(Decimal, _structure_decimal)
    c.register_unstructure_hook(Decimal, _unstructure_decimal)
    for date_type in (dt.date, pendulum.Date):
        c.register_structure_hook(date_type, _structure_date)
        c.register_unstructure_hook(date_type, _unstructure_date)
    for datetime_type in (dt.datetime, pendulum.DateTime):
        c.register_structure_hook(datetime_type, _structure_datetime)
        c.register_unstructure_hook(datetime_type, _unstructure_datetime)
    c.register_structure_hook(Money, _structure_money)
    c.register_unstructure_hook(Money, _unstructure_money)
    c.register_structure_hook(Code, _structure_code)
    c.register_unstructure_hook(Code, str)
    c.register_structure_hook(Trace, _structure_trace)
    c.register_unstructure_hook(Trace, _unstructure_trace)
    c.register_structure_hook(Reason, _structure_reason)
    c.register_unstructure_hook(Reason, _unstructure_reason)
    # Registered before the more specific tuple-typed hooks below: cattrs tries the most
    # recently registered predicate first.
    c.register_structure_hook_factory(_is_tuple_of, _tuple_hook_factory)
    c.register_structure_hook_factory(_is_scalar_union, _scalar_union_hook)
    c.register_structure_hook_func(lambda t: t == EventData, _structure_event_data)
    c.register_unstructure_hook_func(lambda t: t == EventData, dict)
    c.register_structure_hook_func(lambda t: t == int | Money, _structure_count_or_money)
    c.register_unstructure_hook(Workflow, _workflow_unwritable)
    c.register_structure_hook(Case, _structure_case)
    c.register_unstructure_hook(Case, _unstructure_case)


def _is_tuple_of(t: object) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004


def _tuple_hook_factory(t: Any, c: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    # cattrs' own hook accepts any iterable (a string becomes a tuple of characters); JSON
    # arrays arrive as lists, so accept lists (and tuples, for Python callers) only.
    inner = cattrs.cols.homogenous_tuple_structure_factory(t, c)

    def structure(value: Any, cls: Any) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            raise _Refusal("type", f"must be a list, not {_kind(value)}")
        return typing.cast("tuple[Any, ...]", inner(value, cls))

    return structure


_configure(converter)
_PAYLOAD_KINDS: Final = {_snake(t): t for t in get_args(Payload)}
register_kinds(Payload, _PAYLOAD_KINDS)
_History = tuple[CaseEvent, ...]
_HISTORY_HOOK: Final = converter.get_structure_hook(_History)
_unstructure_history: Final = converter.get_unstructure_hook(_History)
_read_history_fast: Final = history_reader(_parse_datetime, converter.structure, _PAYLOAD_KINDS)
_write_history_fast: Final = history_writer(
    converter.get_unstructure_hook(Payload | None), _PAYLOAD_KINDS
)
_write_history_text: Final = history_text_writer(
    converter.get_unstructure_hook(Payload | None), _PAYLOAD_KINDS
)


# --- errors: every problem, with its path, never a value -------------------------------------

_UNKNOWN_KEY: Final = "is not a known field; remove it or check its spelling"


_RENAMED: dict[str, str] = {}
"""Private attributes stored under another key (``Decision._explain`` is ``trace``)."""


def _store_private_as(attribute: str, key: str) -> None:
    """Report problems with the private *attribute* at *key*, the name it has in the data.

    cattrs names an attribute in its error notes; a private one (leading underscore) that a
    hook renames would otherwise be reported at a name the data never has.
    """
    _RENAMED[attribute] = key


def _join(prefix: str, part: str) -> str:
    if not prefix:
        return part
    if not part:
        return prefix
    return prefix + part if part.startswith("[") else f"{prefix}.{part}"


def _problems(exc: BaseException, path: str) -> Iterator[Problem]:
    if isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(map(str, exc.extra_fields)):
            yield Problem(_join(path, v.shown_key(key)), "unknown_key", _UNKNOWN_KEY)
    elif isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            yield from _problems(sub, _join(path, _note_path(sub)))
    elif isinstance(exc, InvalidInputError):
        for p in exc.problems:
            yield Problem(_join(path, p.path), p.code, p.message)
    elif isinstance(exc, _Refusal):
        yield Problem(path, exc.code, exc.message)
    elif isinstance(exc, KeyError):
        yield Problem(path, "missing", "is required")
    elif isinstance(exc, CaseKitError):
        yield Problem(path, "invalid", str(exc).splitlines()[0])
    else:
        yield Problem(path, "type", _expected_message(exc))


def _note_path(exc: BaseException) -> str:
    note = next(
        (
            n
            for n in getattr(exc, "__notes__", ())
            if isinstance(n, (AttributeValidationNote, IterableValidationNote))
        ),
        None,
    )
    if isinstance(note, AttributeValidationNote):
        return v.shown_key(_RENAMED.get(note.name, note.name))
    return "" if note is None else f"[{note.index}]"


def _expected_message(exc: BaseException) -> str:
    # cattrs and attrs messages may quote the value, so they are never passed on.
    if isinstance(exc, (TypeError, AttributeError)):
        return "has the wrong shape: check this field against the documented form"
    return "has a value this field does not accept: check the documented form"


def _definition_error(exc: BaseException) -> InvalidDefinitionError | None:
    """Return the one definition error structuring raised, if that is all it raised."""
    if isinstance(exc, InvalidDefinitionError):
        return exc
    if isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
        return _definition_error(exc.exceptions[0])
    return None


def _invalid(exc: BaseException) -> InvalidInputError:
    problems = list(_problems(exc, ""))
    for index, p in enumerate(problems):
        if not p.path:
            problems[index] = Problem("$", p.code, p.message)
    return InvalidInputError(problems)


# --- the public functions -------------------------------------------------------------------


def to_dict(value: object) -> Any:
    """Return *value* as plain JSON-compatible data (dicts, lists, strings, numbers).

    Examples:
        >>> from casekit.codes import Code
        >>> to_dict(Code.parse("CPT|99213"))
        'CPT|99213'
    """
    token = _memo.set({})
    try:
        return converter.unstructure(value)
    finally:
        _memo.reset(token)


def from_dict(data: object, cls: type[T]) -> T:
    """Return a *cls* built from plain data, strictly.

    Raises:
        InvalidInputError: listing every problem found, each with its path.

    Examples:
        >>> import pendulum
        >>> from casekit.people import PersonName
        >>> from_dict({"family": "Synthetic", "given": ["River"]}, PersonName)
        PersonName(<redacted>)
        >>> from_dict({"family": 3, "given": "River"}, PersonName)
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (2 problems):
          family: must be text or null, not a number
          given: must be a list, not a string
    """
    try:
        token = _memo.set({})
        try:
            return converter.structure(data, cls)
        finally:
            _memo.reset(token)
    except InvalidInputError as exc:
        raise _invalid(exc) from None
    except (Exception, RecursionError) as exc:  # noqa: BLE001  # untrusted input: all becomes one error
        definition = _definition_error(exc)
        if definition is not None:  # well-formed data describing something that cannot work
            raise definition from None
        raise _invalid(exc) from None


def to_json(value: object, *, indent: int | None = None) -> str:
    """Return *value* as a JSON document with ``schema_version`` at its top.

    Examples:
        >>> import pendulum
        >>> to_json(pendulum.date(2025, 3, 4))
        '{"schema_version":1,"value":"2025-03-04"}'
    """
    if indent is None and type(value) is Case:
        text = _case_text(value)
        if text is not None:
            return text
    data = to_dict(value)
    document = (
        {"schema_version": SCHEMA_VERSION, **data}
        if isinstance(data, dict)
        else {"schema_version": SCHEMA_VERSION, "value": data}
    )
    separators = (",", ":") if indent is None else (",", ": ")
    try:
        return json.dumps(document, ensure_ascii=False, indent=indent, separators=separators)
    except (TypeError, ValueError, RecursionError):
        raise InvalidInputError.one(
            "$", "not_json", "holds a value JSON cannot hold; build it with casekit's own types"
        ) from None


def _case_text(case: Case) -> str | None:
    """Return a case's compact document, written straight to text, or None to write it the
    general way (a history the text writer cannot spell, or a user's own hook for Case)."""
    if converter.get_unstructure_hook(Case) is not _unstructure_case:
        return None
    _require_consistent(case)
    try:
        history = _write_history_text(case.history, {})
    except Exception:  # noqa: BLE001  # anything unusual: the general path writes or fails
        return None
    return f'{{"schema_version":{SCHEMA_VERSION},"id":{_quote(case.id)},"history":{history}}}'


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # JSON parsers disagree on a repeated key (first wins, last wins, error); a document two
    # readers could read differently is refused.
    obj = dict(pairs)
    if len(obj) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        repeated = next(key for key, n in counts.items() if n > 1)
        raise InvalidInputError.one(
            v.shown_key(repeated), "duplicate_key", "appears twice in one object; keep one"
        )
    return obj


def _reject_constant(name: str) -> object:
    raise InvalidInputError.one("$", "not_json", f"{name} is not valid JSON")


def from_json(  # noqa: C901  # each refusal is one plain step, in order
    text: str | bytes, cls: type[T], *, max_chars: int = MAX_DOCUMENT_CHARS
) -> T:
    """Return a *cls* read from a JSON document written by `to_json`, strictly.

    Raises:
        InvalidInputError: if the text is not JSON, is too large or too deep, lacks or has an
            unknown ``schema_version``, or does not describe a valid *cls* (every problem is
            listed with its path).

    Examples:
        >>> from_json('{"schema_version": 1, "value": "CPT|99213"}', Code)
        Code(system=CodeSystem.CPT, value='99213')
        >>> from_json('{"value": "CPT|99213"}', Code)
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          schema_version: is required; casekit writes schema_version 1
    """
    if not isinstance(text, (str, bytes, bytearray)):
        raise InvalidInputError.one("$", "type", "must be JSON text (str or bytes)")
    if len(text) > max_chars:
        raise InvalidInputError.one(
            "$", "too_large", f"is longer than {max_chars} characters; raise max_chars if needed"
        )
    try:
        document = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except InvalidInputError:
        raise
    except ValueError:
        raise InvalidInputError.one("$", "not_json", "is not well-formed JSON") from None
    except RecursionError:
        raise InvalidInputError.one("$", "too_deep", "nests too deeply to be read") from None
    if type(document) is not dict:
        raise InvalidInputError.one("$", "type", "must be a JSON object with schema_version")
    body = dict(document)
    version = body.pop("schema_version", None)
    if version is None:
        raise InvalidInputError.one(
            "schema_version",
            "missing",
            f"is required; casekit writes schema_version {SCHEMA_VERSION}",
        )
    if type(version) is not int or version != SCHEMA_VERSION:
        raise InvalidInputError.one(
            "schema_version", "unsupported", f"must be {SCHEMA_VERSION}, the version casekit reads"
        )
    if _wrapped(cls):
        if set(body) != {"value"}:
            raise InvalidInputError.one(
                "value", "missing", "is required beside schema_version for this type"
            )
        return from_dict(body["value"], cls)
    return from_dict(body, cls)


def _wrapped(cls: object) -> bool:
    """Whether values of *cls* are not JSON objects and so travel under ``"value"``."""
    if isinstance(cls, type) and attrs.has(cls):
        return cls in _SCALAR_FORMS
    origin = get_origin(cls)
    if isinstance(origin, type) and attrs.has(origin):  # a generic class: DatedParameter[Money]
        return False
    return origin not in (dict, typing.Union, types.UnionType)


_SCALAR_FORMS: Final = frozenset({Code})
