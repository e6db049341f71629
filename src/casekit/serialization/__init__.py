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

The package's modules: ``_converter`` (the converter and the one place its hooks are
registered, on first use), ``_scalars`` (JSON's scalars and lists), ``_values`` (money, codes,
reasons, traces, event data), ``_kinds`` (tagged unions of records), ``_case`` (a case as its
event log), ``_event_log`` (the log's readers and writers, made from the attrs fields),
``_problems`` (refusals into problems with paths) and ``_json`` (JSON text).

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

import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from casekit.case import Case
from casekit.errors import InvalidInputError
from casekit.serialization._case import (
    case_from_text,
    case_text,
    structure_case,
    unstructure_case,
)
from casekit.serialization._converter import configured
from casekit.serialization._json import (
    MAX_DOCUMENT_CHARS,
    SCHEMA_VERSION,
    dumps,
    loads,
    wrapped,
)
from casekit.serialization._kinds import teach_kinds
from casekit.serialization._problems import definition_error, invalid
from casekit.serialization._scalars import memo

if TYPE_CHECKING:
    import cattrs

    converter: cattrs.Converter
    """casekit's one cattrs converter (advanced: use `to_dict`/`from_dict` instead)."""

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "SCHEMA_VERSION",
    "converter",
    "from_dict",
    "from_json",
    "register_kinds",
    "to_dict",
    "to_json",
]

T = TypeVar("T")


def __getattr__(name: str) -> Any:
    # The converter is configured on first use, never at import (see _converter).
    if name == "converter":
        return configured()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register_kinds(union: Any, kinds: Mapping[str, type], *, tag: str = "kind") -> None:
    """Teach the converter a union whose members are told apart by a tag (advanced).

    Values of *union* (and of ``union | None``) travel as objects carrying ``tag``, such as
    ``{"kind": "contact", ...}``: explicit tags keep the form readable and stable as members
    are added. casekit registers its own unions itself; applications need this only for
    unions of their own types.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Walk:
        ...     km: int
        >>> @attrs.frozen
        ... class Swim:
        ...     km: int
        >>> register_kinds(Walk | Swim, {"walk": Walk, "swim": Swim})
        >>> from casekit.serialization import converter
        >>> to_dict(Swim(2)), converter.unstructure(Swim(2), Walk | Swim)
        ({'km': 2}, {'kind': 'swim', 'km': 2})
        >>> from_dict({"kind": "walk", "km": 3}, Walk | Swim)
        Walk(km=3)
    """
    teach_kinds(configured(), union, kinds, tag)


def to_dict(value: object) -> Any:
    """Return *value* as plain JSON-compatible data (dicts, lists, strings, numbers).

    Examples:
        >>> from casekit.codes import Code
        >>> to_dict(Code.parse("CPT|99213"))
        'CPT|99213'
    """
    c = configured()
    token = memo.set({})
    try:
        return c.unstructure(value)
    finally:
        memo.reset(token)


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
    c = configured()
    try:
        token = memo.set({})
        try:
            return c.structure(data, cls)
        finally:
            memo.reset(token)
    except InvalidInputError as exc:
        raise invalid(exc) from None
    except (Exception, RecursionError) as exc:  # noqa: BLE001  # untrusted input: all becomes one error
        definition = definition_error(exc)
        if definition is not None:  # well-formed data describing something that cannot work
            raise definition from None
        raise invalid(exc) from None


def to_json(value: object, *, indent: int | None = None) -> str:
    """Return *value* as a JSON document with ``schema_version`` at its top.

    Raises:
        InvalidInputError: if *value* holds something JSON cannot hold.

    Examples:
        >>> import pendulum
        >>> to_json(pendulum.date(2025, 3, 4))
        '{"schema_version":1,"value":"2025-03-04"}'
    """
    if indent is None and type(value) is Case:
        c = configured()
        if c.get_unstructure_hook(Case) is unstructure_case:  # not a user's own hook
            text = case_text(value, SCHEMA_VERSION)
            if text is not None:
                return text
    data = to_dict(value)
    document = (
        {"schema_version": SCHEMA_VERSION, **data}
        if isinstance(data, dict)
        else {"schema_version": SCHEMA_VERSION, "value": data}
    )
    return dumps(document, indent=indent)


def from_json(text: str | bytes, cls: type[T], *, max_chars: int = MAX_DOCUMENT_CHARS) -> T:
    """Return a *cls* read from a JSON document written by `to_json`, strictly.

    Raises:
        InvalidInputError: if the text is not JSON, is too large or too deep, lacks or has an
            unknown ``schema_version``, holds an unpaired surrogate, or does not describe a
            valid *cls* (every problem is listed with its path).

    Examples:
        >>> from casekit.codes import Code
        >>> from_json('{"schema_version": 1, "value": "CPT|99213"}', Code)
        Code(system=CodeSystem.CPT, value='99213')
        >>> from_json('{"value": "CPT|99213"}', Code)
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          schema_version: is required; casekit writes schema_version 1
    """
    if cls is Case and configured().get_structure_hook(Case) is structure_case:
        case = case_from_text(text, max_chars)
        if case is not None:
            return typing.cast("T", case)
    body = loads(text, max_chars=max_chars)
    if wrapped(cls):
        if set(body) != {"value"}:
            raise InvalidInputError.one(
                "value", "missing", "is required beside schema_version for this type"
            )
        return from_dict(body["value"], cls)
    return from_dict(body, cls)
