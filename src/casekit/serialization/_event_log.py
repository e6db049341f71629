"""A case's event log in the exact form `to_json` writes: its reader and its text writer, made
from the attrs fields of `CaseEvent` and of every record it carries.

A stored case is its event log, so reading or writing one spends nearly all its time on
`CaseEvent` and its records. The general path (cattrs' hooks with detailed validation, then each
class's ``__init__``) checks most fields twice and pays a hook lookup, a try block and a
validator call per field. Here each class gets, once, when the converter is configured, a plan
made from ``attrs.fields`` and the field types: a reader and a speller for each field, chosen by
its type. From the plan, each record gets a reader and a text writer generated as attrs
generates ``__init__`` and cattrs its hooks (`_generated`): one flat function per class, with
the commonest kinds of field (identifiers, text, counts, datetimes, enumerations, tagged
records) checked or spelt inline. Nothing is written out by hand, so a field added to a record
is read and written with no edit here. Writing a case's dicts needs nothing of its own:
cattrs' generated hooks are as fast.

The reader only says yes or no. It takes data in the exact form `to_json` writes (every field
present, no other key, JSON types only), and raises `NotFast` for anything else, valid or not:
`casekit.serialization` then reads the same data again through the general path, which returns
the value or lists the problems. So every error comes from one place, and the reader need only
never accept what the general path refuses, nor build anything different. To that end it runs
each field's converter and validator as ``__init__`` would, on the finished object, except where
the field's reader has made the very same check already:

* `casekit._validate`'s identifier, whole-number, aware-datetime and date checks, which the
  readers of those fields make themselves;
* a check that every value the reader can give passes, found by trying each once when the plan
  is made: None, true and false, each member of an enumeration, and for a record an instance
  with no field set (a check that passes one of those can only have looked at its type).

Types the converter has its own hook for (money, codes, decimals, dates, event data, ...) are
read and spelled through that very hook, and a refusal there is a `NotFast` too. The text writer
has the opposite duty: for every history it must write the very text json.dumps writes of the
general path's data (``ensure_ascii=False``, compact), or raise `NotFast`.
tests/test_event_log.py holds both to that against the general path.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import keyword
import linecache
import re
import types
import typing
from collections.abc import Callable, Collection, Mapping
from contextvars import ContextVar
from json.encoder import encode_basestring
from typing import Any, Final, get_args, get_origin

import attrs
import cattrs
import pendulum

from casekit import _unchecked
from casekit import _validate as v
from casekit.errors import CaseKitError
from casekit.serialization._problems import Refusal
from casekit.serialization._scalars import memo, parse_datetime

__all__ = ["EventLog", "NotFast", "quote"]


class NotFast(Exception):  # noqa: N818  # a signal, always caught by casekit.serialization
    """The data is not in the exact form `to_json` writes: read it the general way."""


Memo = dict[Any, Any]
Reader = Callable[[Any], Any]
"""Reads one value of JSON data, or raises `NotFast`."""
Writer = Callable[[Any], Any]
"""Writes one value as JSON data, or spells it as JSON text."""

_REFUSED: Final = (
    CaseKitError,
    Refusal,
    cattrs.BaseValidationError,
    TypeError,
    ValueError,
    AttributeError,
)
"""What a hook, a converter or a validator raises to refuse a value (attrs' own validators
raise TypeError and ValueError; cattrs' generated hooks raise AttributeError for a
value of the wrong shape, such as text where an object belongs)."""

_token: Final = v.IDENTIFIER.fullmatch
_new: Final = object.__new__
quote: Final = encode_basestring
"""json's C string escaper for ``ensure_ascii=False``: ``"a\\"b"`` from ``a"b``."""


_spelt: ContextVar[Memo | None] = ContextVar("casekit_spelt_datetimes", default=None)
"""The text writer's memo of quoted datetime texts by object id, for one call."""

_later: ContextVar[list[str] | None] = ContextVar("casekit_identifiers_to_check", default=None)
"""The history reader's identifiers still to check, for one call: a record's reader checks
only that they are text, and the history's reader matches them all at the end (below)."""

_keys: ContextVar[list[int] | None] = ContextVar("casekit_keys_read", default=None)
"""When a case's text is read the fastest way (`casekit.serialization._case.case_from_text`),
the number of keys of each JSON object the history's readers took, for one call: a record's
reader adds its size, a hook's reader the keys of what it hands the hook."""


def _keys_in(value: object) -> int:
    """Return the number of keys of the JSON objects in *value*, however deep."""
    if type(value) is dict:
        return len(value) + sum(map(_keys_in, value.values()))
    if type(value) is list:
        return sum(map(_keys_in, value))
    return 0


_IDENTIFIERS: Final = re.compile(f"(?:{v.IDENTIFIER.pattern})(?:\n(?:{v.IDENTIFIER.pattern}))*")
"""`casekit._validate.IDENTIFIER`, any number of times, one a line."""


def _all_identifiers(texts: Collection[str]) -> bool:
    """Whether each of *texts* is an identifier: one match of them all, a line each, costs a
    small part of one match each (an identifier holds no newline, so none may)."""
    lines = "\n".join(texts)
    return lines.count("\n") == len(texts) - 1 and _IDENTIFIERS.fullmatch(lines) is not None


def _union_args(t: object) -> tuple[Any, ...] | None:
    if get_origin(t) in (typing.Union, types.UnionType):
        return get_args(t)
    return None


def _tuple_item(t: object) -> Any:
    """Return X for ``tuple[X, ...]``, else None."""
    args = get_args(t)
    if get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004
        return args[0]
    return None


# --- reading one value --------------------------------------------------------------------------


def _identifier(value: object) -> str:
    if type(value) is str and _token(value):
        return value
    raise NotFast


def _optional_identifier(value: object) -> str | None:
    if value is None or (type(value) is str and _token(value)):
        return value
    raise NotFast


def _count(value: object) -> int:
    if type(value) is int and 0 <= value <= v.MAX_SAFE_INTEGER:
        return value
    raise NotFast


def _text(value: object) -> str:
    if type(value) is str:
        return value
    raise NotFast


def _optional_text(value: object) -> str | None:
    if value is None or type(value) is str:
        return value
    raise NotFast


def _scalar(kind: type) -> Reader:
    def read(value: object) -> Any:
        if type(value) is kind:
            return value
        raise NotFast

    return read


def _when(value: object) -> dt.datetime:
    # A document repeats its times: an event's at and recorded_at, its record's own. Only
    # exact strings are looked up, as the converter's hook does: a subclass of str equal to a
    # cached text must still be refused.
    if type(value) is not str:
        raise NotFast
    found = memo.get()
    hit: dt.datetime | None = None if found is None else found.get(value)
    if hit is None:
        try:
            hit = parse_datetime(value)
        except Refusal:
            raise NotFast from None
        if found is not None:
            found[value] = hit
    return hit


def _texts(value: object) -> tuple[str, ...]:
    if type(value) is not list and type(value) is not tuple:
        raise NotFast
    for item in value:
        if type(item) is not str:
            raise NotFast
    return tuple(value)


def _items(inner: Reader) -> Reader:
    def read(value: object) -> tuple[Any, ...]:
        if type(value) is not list and type(value) is not tuple:
            raise NotFast
        return tuple(map(inner, value))

    return read


class _Members:
    """Reads an enumeration member by its value: the converter's hook's lookup."""

    def __init__(self, cls: type[enum.Enum]) -> None:
        self.by_value = {m.value: m for m in cls}

    def __call__(self, value: object) -> Any:
        return _member(self.by_value, value)


def _member(by_value: dict[Any, Any], value: object) -> Any:
    try:
        return by_value[value]
    except (KeyError, TypeError):
        raise NotFast from None


def _optional(inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def read(value: object) -> Any:
        return None if value is None else inner(value)

    return read


def _hooked(hook: Callable[[Any, Any], Any], t: object, *, tag: bool = False) -> Reader:
    """Return a reader through the converter's *hook* (for a value that had its *tag* taken
    off, the tag's key is counted too)."""

    def read(value: object) -> Any:
        counted = _keys.get()
        try:
            if counted is not None:
                counted.append(_keys_in(value) + tag)
            return hook(value, t)
        except (*_REFUSED, RecursionError):
            raise NotFast from None

    return read


def _converted(inner: Reader, convert: Callable[[Any], Any]) -> Reader:
    def read(value: object) -> Any:
        got = inner(value)
        try:
            return convert(got)
        except _REFUSED:
            raise NotFast from None

    # Most event data is empty: what an empty object reads as is worked out once.
    try:
        empty = read({})
    except NotFast:
        return read
    if empty != ():
        return read

    return _EmptyOr(read)


class _EmptyOr:
    """Reads an empty object as an empty tuple, anything else by *read* (event data)."""

    def __init__(self, read: Reader) -> None:
        self.read = read

    def __call__(self, value: object) -> Any:
        if type(value) is dict and not value:
            return ()
        return self.read(value)


class _Tagged:
    """Reads a record of a union told apart by a tag (or None, if the field is optional)."""

    def __init__(self, tag: str, readers: Mapping[str, Reader], *, optional: bool) -> None:
        self.tag = tag
        self.readers = dict(readers)
        self.optional = optional

    def __call__(self, value: object) -> Any:
        if type(value) is not dict:
            if value is None and self.optional:
                return None
            raise NotFast
        name = value.get(self.tag)
        read_one = self.readers.get(name) if type(name) is str else None
        if read_one is None:
            raise NotFast
        return read_one(value)


_FUSED: Final[dict[tuple[object, object], Reader]] = {
    (str, v.identifier): _identifier,
    (str | None, v.optional_identifier): _optional_identifier,
    (int, v.non_negative_int): _count,
}
"""Field readers that make a `casekit._validate` check themselves, by (type, validator)."""

_IMPLIED: Final[dict[object, frozenset[object]]] = {
    v.aware: frozenset({dt.datetime, pendulum.DateTime}),
    v.date: frozenset({dt.date, pendulum.Date}),
    v.optional_date: frozenset({dt.date | None, pendulum.Date | None}),
}
"""Validators that every value of these field types passes, as their readers give them."""


_TUPLE_OF_CODE: Final = v.tuple_of(str).__code__
"""The code every `casekit._validate.tuple_of` check shares: what tells one apart."""


def _tuple_of_types(check: object) -> tuple[type, ...]:
    """Return the item types a `casekit._validate.tuple_of` check allows, or () if *check*
    is not one (such a check looks only at the tuple's type and its items' types)."""
    code = getattr(check, "__code__", None)
    if code is not _TUPLE_OF_CODE:
        return ()
    cells = typing.cast("tuple[Any, ...]", check.__closure__)  # type: ignore[attr-defined]
    found = dict(zip(code.co_freevars, (c.cell_contents for c in cells), strict=True))
    return typing.cast("tuple[type, ...]", found["types"])


# --- spelling one value as JSON text ------------------------------------------------------------

_dumps: Final = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), check_circular=False
).encode


def _spell(value: object) -> str:
    """Spell JSON data as json.dumps does (compact, ``ensure_ascii=False``)."""
    if value is None:
        return "null"
    return _dumps(value)  # raises TypeError or ValueError for what JSON cannot hold


def _spell_int(value: object) -> str:
    # json.dumps spells an int as int.__repr__; bool is an int that it spells true or false.
    if type(value) is int:
        return int.__repr__(value)
    raise NotFast


def _spell_iso(value: dt.datetime) -> str:
    found = _spelt.get()
    if found is None:
        return quote(value.isoformat())
    key = id(value)
    text: str | None = found.get(key)
    if text is None:
        text = found[key] = quote(value.isoformat())
    return text


def _spell_new_iso(found: Memo, value: dt.datetime) -> str:
    text: str = quote(value.isoformat())
    found[id(value)] = text
    return text


def _spell_enum(value: enum.Enum) -> str:
    return _spell(value._value_)


def _spell_texts(value: tuple[str, ...]) -> str:
    return "[" + ",".join(map(quote, value)) + "]"


def _by_class(spellers: Mapping[type, Writer], *, optional: bool) -> Writer:
    """Return a speller of a record of a tagged union, by its class (null for None)."""
    if not optional:
        return lambda value: spellers[type(value)](value)

    def spell(value: object) -> str:
        return "null" if value is None else spellers[type(value)](value)

    return spell


def _spell_list_of(inner: Writer) -> Writer:
    return lambda value: "[" + ",".join(map(inner, value)) + "]"


def _spell_optional(inner: Writer) -> Writer:
    return lambda value: "null" if value is None else inner(value)


def _spell_optional_text(value: str | None) -> str:
    return "null" if value is None else quote(value)


def _spell_hooked(hook: Callable[[Any], Any]) -> Writer:
    def spell(value: object) -> str:
        got = hook(value)
        if type(got) is str:
            return quote(got)
        if type(got) is dict and not got:
            return "{}"
        return _spell(got)

    return spell


# --- plans --------------------------------------------------------------------------------------


@attrs.frozen
class _Field:
    """How one field is read and spelled: each a function of the one value."""

    read: Reader
    spell: Writer


class EventLog:
    """Readers and writers of `CaseEvent` histories, made from a configured converter.

    *own_forms* are the types the converter has its own hooks for (they are read and written
    by those hooks); *tagged* are the unions of records `register_kinds` taught it, by their
    members, with their tag and each member by its name.
    """

    def __init__(
        self,
        converter: cattrs.Converter,
        own_forms: Collection[object],
        tagged: Mapping[frozenset[type], tuple[str, Mapping[str, type]]],
    ) -> None:
        self._c = converter
        self._own = own_forms
        self._tagged = dict(tagged)
        self._made: dict[tuple[str, type, str | None], Any] = {}

    # whole histories

    def history_reader(self, event: type) -> Callable[[object, Memo], tuple[Any, ...]]:
        """Return a reader of a list of *event* records, as `to_json` writes them; it takes
        the call's memo of datetimes by their text."""
        read = _items(self.record_reader(event, None))

        def read_history(history: object, found: Memo) -> tuple[Any, ...]:
            later: list[str] = []
            token = memo.set(found)
            deferred = _later.set(later)
            try:
                events = typing.cast("tuple[Any, ...]", read(history))
            finally:
                _later.reset(deferred)
                memo.reset(token)
            # A history repeats its identifiers (who, which states, which events): each
            # distinct one is matched once, all in one go.
            distinct = set(later)
            if distinct and not _all_identifiers(distinct):
                raise NotFast
            return events

        return read_history

    def history_text_writer(self, event: type) -> Callable[[tuple[Any, ...], Memo], str]:
        """Return a writer of a history as compact JSON text: what json.dumps writes of the
        converter's data (``ensure_ascii=False``). It raises `NotFast` on anything it cannot
        spell exactly, and the caller then writes the general way."""
        spell = self.record_text_writer(event, None)

        def write_history(history: tuple[Any, ...], found: Memo) -> str:
            for e in history:
                if type(e) is not event:
                    raise NotFast
            token = _spelt.set(found)
            try:
                return "[" + ",".join(map(spell, history)) + "]"
            except (TypeError, ValueError, KeyError):
                # json's escaper and encoder refuse what they cannot spell (text that is not
                # a str, a float where an int belongs), and an enumeration's table has nothing
                # but its members: write it the general way.
                raise NotFast from None
            finally:
                _spelt.reset(token)

        return write_history

    # records, each made once

    def record_reader(self, cls: type, tag: str | None) -> Reader:
        """Return the reader of one *cls* (carrying *tag* beside its fields, if given)."""
        return typing.cast("Reader", self._once("read", cls, tag))

    def record_text_writer(self, cls: type, tag: str | None) -> Writer:
        """Return the writer of one *cls* as JSON text (with its *tag* first, if given)."""
        return typing.cast("Writer", self._once("spell", cls, tag))

    def _once(self, what: str, cls: type, tag: str | None) -> Any:
        key = (what, cls, tag)
        made = self._made.get(key)
        if made is None:

            def stand_in(value: object) -> Any:
                return self._made[key](value)

            # A stand-in first, so a record that holds its own kind is made only once.
            self._made[key] = stand_in
            made = self._made[key] = self._make(what, cls, tag)
        return made

    def _make(self, what: str, cls: type, tag: str | None) -> Any:
        name = self._name(cls, tag)
        planned = self._plan(cls)
        if planned is None:  # only its own __init__ can build it: the converter's hooks
            if what == "read":
                read = _hooked(self._c.get_structure_hook(cls), cls, tag=tag is not None)
                if tag is None:
                    return read
                return lambda value: read({k: x for k, x in value.items() if k != tag})
            hook = self._c.get_unstructure_hook(cls)
            if tag is None:
                return lambda value: _spell(hook(value))
            return lambda value: _spell({tag: name, **hook(value)})
        names, fields, checks = planned
        if what == "read":
            return _read_record(cls, names, tag, tuple(f.read for f in fields), checks)
        return _spell_record(cls, names, tag, name, tuple(f.spell for f in fields))

    def _name(self, cls: type, tag: str | None) -> str | None:
        if tag is None:
            return None
        return next(
            n for t, by_name in self._tagged.values() if t == tag
            for n, c in by_name.items() if c is cls
        )  # fmt: skip

    def _plan(self, cls: type) -> tuple[tuple[str, ...], list[_Field], tuple[Any, ...]] | None:
        """Return *cls*'s field names, fields and the validators left to run, or None if only
        its own ``__init__`` can build it (a post-init hook, no slots, a field it skips)."""
        fields = attrs.fields(cls)
        try:
            _unchecked.setters(cls)
        except TypeError:
            return None
        if any(not a.init or not _is_name(a.name) for a in fields):
            return None  # (field names go into generated code: only plain identifiers)
        hints = typing.get_type_hints(cls)
        plan = []
        checks = []
        for a in fields:
            t = hints[a.name]
            field = self._field(t)
            fused = _FUSED.get((t, a.validator))
            if fused is not None:
                field = attrs.evolve(field, read=fused)
            elif a.validator is not None and not self._passes(a, t):
                none_ok = _all_pass(a, [None])
                checks.append((a, none_ok))
            if a.converter is not None and not (a.converter is v.freeze and _tuple_item(t)):
                convert = typing.cast("Callable[[Any], Any]", a.converter)
                field = attrs.evolve(field, read=_converted(field.read, convert))
            plan.append(field)
        return tuple(a.name for a in fields), plan, tuple(checks)

    def _field(self, t: Any) -> _Field:  # noqa: C901, PLR0911  # one return per kind of type
        if t in self._own:
            return self._hooked_field(t)
        if t is str:
            return _Field(_text, quote)
        if t is int:
            return _Field(_scalar(int), _spell_int)
        if t is bool or t is type(None):
            return _Field(_scalar(t), _spell)
        if t in (dt.datetime, pendulum.DateTime):
            return _Field(_when, _spell_iso)
        args = _union_args(t)
        if args is not None:
            return self._union_field(t, args)
        item = _tuple_item(t)
        if item is str:
            return _Field(_texts, _spell_texts)
        if item is not None:
            inner = self._field(item)
            return _Field(_items(inner.read), _spell_list_of(inner.spell))
        if isinstance(t, type) and issubclass(t, enum.Enum):
            if all(type(m.value) is str for m in t):
                # Each member's text is spelled once, here: a lookup spells it (a KeyError for
                # anything else, which the history's writer takes as NotFast).
                spelt = {m: quote(m.value) for m in t}
                return _Field(_Members(t), spelt.__getitem__)
            return _Field(_Members(t), _spell_enum)
        if isinstance(t, type) and attrs.has(t):
            return _Field(self.record_reader(t, None), self.record_text_writer(t, None))
        return self._hooked_field(t)

    def _hooked_field(self, t: Any) -> _Field:
        hook = self._c.get_unstructure_hook(t)
        return _Field(_hooked(self._c.get_structure_hook(t), t), _spell_hooked(hook))

    def _union_field(self, t: Any, args: tuple[Any, ...]) -> _Field:
        members = frozenset(args) - {type(None)}
        optional = type(None) in args
        tagged = next((u for m, u in self._tagged.items() if members <= m), None)
        if tagged is not None and len(members) > 1:
            tag, by_name = tagged
            chosen = {n: cls for n, cls in by_name.items() if cls in members}
            readers = {n: self.record_reader(cls, tag) for n, cls in chosen.items()}
            spellers = {cls: self.record_text_writer(cls, tag) for cls in chosen.values()}
            return _Field(
                _Tagged(tag, readers, optional=optional),
                _by_class(spellers, optional=optional),
            )
        if members == {str} and optional:
            return _Field(_optional_text, _spell_optional_text)
        if len(members) > 1:
            return self._hooked_field(t)
        field = self._field(next(iter(members)))  # one member: X | None
        return _Field(_optional(field.read), _spell_optional(field.spell))

    # validators the readers make redundant

    def _passes(self, a: attrs.Attribute[Any], t: object) -> bool:
        """Whether every value a reader of type *t* gives passes *a*'s validator already."""
        if t in _IMPLIED.get(a.validator, ()):
            return True
        if _tuple_of_types(a.validator) and _tuple_item(t) is str:
            # The reader of a tuple of text gives a tuple of exact str: a `tuple_of` check
            # naming str (or a base of it) passes it.
            return any(issubclass(str, k) for k in _tuple_of_types(a.validator))
        values = self._probes(t)
        return values is not None and _all_pass(a, values)

    def _probes(self, t: object) -> list[object] | None:  # noqa: PLR0911  # one per kind
        """Return values standing for all a reader of *t* can give, or None if there are too
        many kinds: None, true and false, each member of an enumeration, and for a record an
        instance with no field set."""
        args = _union_args(t)
        if args is not None:
            found: list[object] = []
            for arg in args:
                more = self._probes(arg)
                if more is None:
                    return None
                found.extend(more)
            return found
        if t is type(None):
            return [None]
        if t is bool:
            return [True, False]
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return list(t)
        if isinstance(t, type) and attrs.has(t):
            return [_new(t)]
        item = _tuple_item(t)
        if item is not None:
            items = self._probes(item)
            return None if items is None else [(), *((one,) for one in items)]
        return None


def _all_pass(a: attrs.Attribute[Any], values: list[object]) -> bool:
    check = typing.cast("Callable[[object, object, object], None]", a.validator)
    try:
        for value in values:
            check(None, a, value)
    except (*_REFUSED, AttributeError):  # it refuses one, or looks inside it
        return False
    return True


# --- one record ---------------------------------------------------------------------------------


_IDENTIFIER_KIND: Final = 0
_OPTIONAL_IDENTIFIER_KIND: Final = 1
_DATETIME_KIND: Final = 2
_MEMBER_KIND: Final = 3
_TAGGED_KIND: Final = 4
_OTHER_KIND: Final = 5
_COUNT_KIND: Final = 6
_TEXT_KIND: Final = 7
_OPTIONAL_TEXT_KIND: Final = 8
_EMPTY_OR_KIND: Final = 9


_PLAIN_KINDS: Final[dict[Reader, int]] = {
    _identifier: _IDENTIFIER_KIND,
    _optional_identifier: _OPTIONAL_IDENTIFIER_KIND,
    _when: _DATETIME_KIND,
    _count: _COUNT_KIND,
    _text: _TEXT_KIND,
    _optional_text: _OPTIONAL_TEXT_KIND,
}


def _kind(read: Reader) -> tuple[int, Any]:
    """Return what the record reader makes inline of a field reader, and what it needs."""
    plain = _PLAIN_KINDS.get(read)
    if plain is not None:
        return plain, None
    if isinstance(read, _Members):
        return _MEMBER_KIND, read.by_value
    if isinstance(read, _Tagged):
        return _TAGGED_KIND, (read.tag, read.readers, read.optional)
    if isinstance(read, _EmptyOr):
        return _EMPTY_OR_KIND, read.read
    return _OTHER_KIND, read


def _read_record(
    cls: type,
    names: tuple[str, ...],
    tag: str | None,
    readers: tuple[Reader, ...],
    checks: tuple[tuple[attrs.Attribute[Any], bool], ...],
) -> Reader:
    """Return the reader of one record: every field by its reader, then the validators left.

    The reader is generated, as attrs generates ``__init__`` and cattrs its hooks: one function
    that takes each key, checks the commonest kinds of field inline (identifiers, text, counts,
    datetimes through the call's memo, enumerations, tagged records), calls the reader of any
    other, stores each value in a writable twin of *cls* (`casekit._unchecked.writable`) and
    then runs the validators left. Inside a history, identifiers are only seen to be text here:
    the history's reader matches them all at its end; a record read alone matches its own.
    """
    twin: type[Any] = _unchecked.writable(cls)
    namespace: dict[str, Any] = {
        "NotFast": NotFast,
        "REFUSED": _REFUSED,
        "twin": twin,
        "cls": cls,
        "token": _token,
        "later_get": _later.get,
        "keys_get": _keys.get,
        "memo_get": memo.get,
        "when": _when,
        "member": _member,
        "EMPTY": {},
        "MAX": v.MAX_SAFE_INTEGER,
    }
    size = len(names) + (tag is not None)
    body = [
        f"if type(value) is not dict or len(value) != {size}:",
        "    raise NotFast",
        "try:",
        *(f"    x{i} = value[{n!r}]" for i, n in enumerate(names)),
        "except KeyError:",
        "    raise NotFast from None",
        "counted = keys_get()",
        "if counted is not None:",
        f"    counted.append({size})",
    ]
    kinds = [_kind(read) for read in readers]
    identifiers = [f"x{i}" for i, (k, _) in enumerate(kinds) if k == _IDENTIFIER_KIND]
    if identifiers or any(k == _OPTIONAL_IDENTIFIER_KIND for k, _ in kinds):
        body.append("later = later_get()")
    if identifiers:
        body += [
            "if " + " or ".join(f"type({x}) is not str" for x in identifiers) + ":",
            "    raise NotFast",
            "if later is None:",
            "    if not (" + " and ".join(f"token({x})" for x in identifiers) + "):",
            "        raise NotFast",
            "else:",
            f"    later.extend(({', '.join(identifiers)},))",
        ]
    if any(k == _DATETIME_KIND for k, _ in kinds):
        body += ["found = memo_get()", "fget = (EMPTY if found is None else found).get"]
    for i, (kind, how) in enumerate(kinds):
        body += _read_step(kind, how, f"x{i}", f"h{i}", namespace)
    body.append("obj = twin()")
    body += [f"obj.{n} = x{i}" for i, n in enumerate(names)]
    body.append("obj.__class__ = cls")
    for j, (a, none_ok) in enumerate(checks):
        namespace[f"a{j}"], namespace[f"c{j}"] = a, a.validator
        x = f"x{names.index(a.name)}"
        step = [
            "try:",
            f"    c{j}(obj, a{j}, {x})",
            "except REFUSED:",
            "    raise NotFast from None",
        ]
        body += [f"if {x} is not None:", *("    " + line for line in step)] if none_ok else step
    body.append("return obj")
    return typing.cast("Reader", _generated(body, namespace, cls, "read"))


def _read_step(  # noqa: PLR0911  # one return per kind of field
    kind: int, how: Any, x: str, h: str, namespace: dict[str, Any]
) -> list[str]:
    """Return the lines reading the field in variable *x*, of the kind `_kind` gave it (what
    the kind needs goes in *namespace* as *h*)."""
    if kind == _IDENTIFIER_KIND:  # checked with the others, before
        return []
    if kind == _DATETIME_KIND:  # a datetime is never false: a miss is None
        return [f"{x} = (type({x}) is str and fget({x})) or when({x})"]
    if kind == _COUNT_KIND:
        return [f"if type({x}) is not int or not 0 <= {x} <= MAX:", "    raise NotFast"]
    if kind == _TEXT_KIND:
        return [f"if type({x}) is not str:", "    raise NotFast"]
    if kind == _OPTIONAL_TEXT_KIND:
        return [f"if {x} is not None and type({x}) is not str:", "    raise NotFast"]
    if kind == _OPTIONAL_IDENTIFIER_KIND:
        return [
            f"if {x} is not None:",
            f"    if type({x}) is not str:",
            "        raise NotFast",
            "    if later is None:",
            f"        if not token({x}):",
            "            raise NotFast",
            "    else:",
            f"        later.append({x})",
        ]
    namespace[h] = how
    if kind == _MEMBER_KIND:
        return [
            f"{x} = {h}.get({x}) if type({x}) is str else member({h}, {x})",
            f"if {x} is None:",
            "    raise NotFast",
        ]
    if kind == _EMPTY_OR_KIND:
        return [f"{x} = () if type({x}) is dict and not {x} else {h}({x})"]
    if kind == _TAGGED_KIND:
        tag, readers, optional = how
        namespace[h] = readers
        return [
            f"if type({x}) is dict:",
            f"    name = {x}.get({tag!r})",
            f"    read_one = {h}.get(name) if type(name) is str else None",
            "    if read_one is None:",
            "        raise NotFast",
            f"    {x} = read_one({x})",
            f"elif {x} is not None{' or True' * (not optional)}:",
            "    raise NotFast",
        ]
    return [f"{x} = {h}({x})"]  # any other reader


def _spell_record(
    cls: type,
    names: tuple[str, ...],
    tag: str | None,
    name: str | None,
    spellers: tuple[Writer, ...],
) -> Writer:
    """Return the writer of one record as JSON text, as json.dumps spells its dict.

    The writer is generated, as attrs generates ``__init__`` and cattrs its hooks: one
    function whose body reads each field and spells it into one f-string, the keys written in
    as constants, with the commonest spellers (text, counts, lists of text, enumerations,
    optional text) written inline instead of called. Measured on a whole history, that is a
    third less than looking each field up and calling its speller by a loop.
    """
    opening = "{" if tag is None else "{" + quote(tag) + ":" + quote(str(name)) + ","
    namespace: dict[str, Any] = {"quote": quote, "int_repr": int.__repr__, "not_fast": _not_fast}
    reads: list[str] = []
    if _spell_iso in spellers:  # the call's memo of datetimes spelt (see _spell_iso)
        namespace["spelt"], namespace["iso"] = _spelt.get, _spell_new_iso
        reads.append("m = spelt()")
    parts: list[str] = []
    for i, (n, spell) in enumerate(zip(names, spellers, strict=True)):
        parts.append(_literal(("," if i else opening) + quote(n) + ":"))
        reads.append(f"x{i} = value.{n}")
        parts.append("f'{" + _inline(spell, f"x{i}", f"s{i}", namespace) + "}'")
    parts.append(_literal("}" if names else opening + "}"))
    body = [*reads, "return " + " ".join(parts)]
    return typing.cast("Writer", _generated(body, namespace, cls, "spell"))


def _literal(text: str) -> str:
    """Return *text* as the source of an f-string that gives it back."""
    return "f" + repr(text.replace("{", "{{").replace("}", "}}"))


def _inline(  # noqa: PLR0911  # one return per speller written inline
    spell: Writer, x: str, name: str, namespace: dict[str, Any]
) -> str:
    """Return an expression spelling the value in variable *x* as *spell* does: inline for
    the commonest spellers, else a call of *spell* (put in *namespace* as *name*)."""
    if spell is quote:
        return f"quote({x})"
    if spell is _spell_int:
        return f"(int_repr({x}) if type({x}) is int else not_fast())"
    if spell is _spell_optional_text:
        return f'("null" if {x} is None else quote({x}))'
    if spell is _spell_iso:
        return f"(m.get(id({x})) or iso(m, {x})) if m is not None else quote({x}.isoformat())"
    if spell is _spell_texts:
        return f'("[" + ",".join(map(quote, {x})) + "]")'
    table = getattr(spell, "__self__", None)
    if type(table) is dict and getattr(spell, "__name__", None) == "__getitem__":
        namespace[name] = table
        return f"{name}[{x}]"
    namespace[name] = spell
    return f"{name}({x})"


def _not_fast() -> typing.NoReturn:
    raise NotFast


def _is_name(text: str) -> bool:
    """Whether *text* may stand in generated code as a name: a Python identifier, no keyword."""
    return text.isidentifier() and not keyword.iskeyword(text)


def _generated(body: list[str], namespace: dict[str, Any], cls: type, what: str) -> Any:
    """Return the one-argument function whose *body* lines the reader or writer (*what*) of
    *cls* made, compiled as attrs compiles its methods: under a file name of its own, kept in
    `linecache` so that tracebacks show the code.

    This is casekit's one use of ``exec``. Its source is made only of the generators' own
    lines, attrs field names (plain identifiers, `_is_name`), variables they number, and
    constants written with `repr`; no part of it comes from the data read or written.
    """
    source = "def record(value):\n    " + "\n    ".join(body) + "\n"
    filename = f"<casekit generated {what} {cls.__qualname__} {len(_GENERATED)}>"
    code = compile(source, filename, "exec")
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    _GENERATED.append((filename, cls))
    exec(code, namespace)  # noqa: S102  # made from attrs field names only (see above)
    return namespace["record"]


_GENERATED: Final[list[tuple[str, type]]] = []
"""The functions generated so far: each one's file name in `linecache`, and its class."""
