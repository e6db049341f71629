"""Clinical and billing codes: `CodeSystem`, `Code`, `CodeSet` and `CodeSetEntry`.

A `Code` is one code of one system, checked for its system's format when it is built. Its text
form is ``SYSTEM|value``, such as ``"CPT|99213"`` (FHIR's token syntax with casekit's short
system names): `str` writes it and `Code.parse` reads it back, so it is also the JSON form.

A `CodeSet` is a named set of codes of one system, made of single codes and inclusive ranges,
each optionally dated. Membership is precomputed when the set is built: a hash lookup for single
codes and a binary search over merged ranges.

Codes are checked for their shape and check digit only, never looked up in the published code
lists, so a well-formed code that was never issued passes. Code values are public vocabulary,
not personal data, yet messages still never echo them, like every casekit message.

Examples:
    >>> diabetes = CodeSet.of(CodeSystem.ICD10CM, "E10-E11", "O24.0-O24.3", name="diabetes")
    >>> Code.parse("ICD-10-CM|E11.9") in diabetes
    True
    >>> str(Code(CodeSystem.CPT, "99213"))
    'CPT|99213'
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_right
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final, NamedTuple, cast

import attrs
from pendulum import Date  # attrs and cattrs resolve field types at run time

from casekit import _validate as v
from casekit.errors import InvalidInputError, Problem
from casekit.identifiers import luhn_check_digit

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["Code", "CodeSet", "CodeSetEntry", "CodeSystem"]


class CodeSystem(enum.StrEnum):
    """A code system casekit can check, named as in a code's text form ``SYSTEM|value``.

    Each system's format, as checked (upper case only, no spaces, ASCII digits):

    * ``ICD-10-CM``: a letter, a digit, a letter or digit, then, for longer codes, a dot and
      1 to 4 letters or digits: ``I10``, ``E11.9``, ``F32.A``, ``S72.001A``. The dot is
      required (``E119`` is refused): codes are kept in their one canonical, dotted form.
    * ``CPT``: five characters, four digits then a digit (Category I, ``99213``), ``F``
      (Category II, ``1036F``), ``T`` (Category III, ``0042T``) or ``U`` (Proprietary
      Laboratory Analyses, ``0001U``).
    * ``HCPCS``: HCPCS Level II, one of the letters A B C E G H J K L M P Q R S T U V, then
      four digits: ``T1016``. Dental ``D`` codes (the ADA's CDT) are not accepted here.
    * ``SNOMED-CT``: an SCTID of 6 to 18 digits without a leading zero, whose partition
      identifier (2nd and 3rd digits from the right) is 00, 01 or 02 (International concept,
      description, relationship) or 10, 11 or 12 (the same in an extension), and whose last
      digit is a valid Verhoeff check digit: ``73211009``.
    * ``LOINC``: a LOINC term code, 1 to 5 digits without a leading zero, a hyphen and the
      LOINC mod 10 check digit: ``2345-7``. LOINC Part (``LP``) and Answer (``LA``) codes are
      not term codes and are refused.
    * ``LOCAL``: an application's own code: 1 to 64 characters, none of them whitespace, a
      control character or ``|``.

    Examples:
        >>> CodeSystem("SNOMED-CT")
        CodeSystem.SNOMEDCT
        >>> str(CodeSystem.ICD10CM)
        'ICD-10-CM'
    """

    ICD10CM = "ICD-10-CM"
    CPT = "CPT"
    HCPCS = "HCPCS"
    SNOMEDCT = "SNOMED-CT"
    LOINC = "LOINC"
    LOCAL = "LOCAL"

    def __repr__(self) -> str:
        return f"CodeSystem.{self.name}"


_SYSTEM_NAMES: Final = ", ".join(s.value for s in CodeSystem)
# Systems whose codes never contain a hyphen, so that "lo-hi" is unambiguous.
_RANGE_SYSTEMS: Final = frozenset({CodeSystem.ICD10CM, CodeSystem.CPT, CodeSystem.HCPCS})
_SNOMED_PARTITIONS: Final = frozenset({"00", "01", "02", "10", "11", "12"})
# Greater than every character a code may hold: "hi" + _TOP is above every code starting "hi".
_TOP: Final = "\U0010ffff"


class _Format(NamedTuple):
    pattern: re.Pattern[str]
    code: str
    message: str


_FORMATS: Final[dict[CodeSystem, _Format]] = {
    CodeSystem.ICD10CM: _Format(
        re.compile(r"[A-Z][0-9][A-Z0-9](?:\.[A-Z0-9]{1,4})?"),
        "icd10cm_format",
        "must be an ICD-10-CM code in capitals: a letter, a digit, a letter or digit, then a dot"
        " and 1 to 4 letters or digits if longer, such as I10 or E11.9",
    ),
    CodeSystem.CPT: _Format(
        re.compile(r"[0-9]{4}[0-9FTU]"),
        "cpt_format",
        "must be a CPT code: four digits then a digit, F, T or U, such as 99213 or 1036F",
    ),
    CodeSystem.HCPCS: _Format(
        re.compile(r"[ABCEGHJKLMPQRSTUV][0-9]{4}"),
        "hcpcs_format",
        "must be a HCPCS Level II code: a capital letter A-C, E, G, H, J-M or P-V, then four"
        " digits, such as T1016",
    ),
    CodeSystem.SNOMEDCT: _Format(
        re.compile(r"[1-9][0-9]{5,17}"),
        "snomedct_format",
        "must be a SNOMED CT identifier: 6 to 18 digits, not starting with 0, such as 73211009",
    ),
    CodeSystem.LOINC: _Format(
        re.compile(r"[1-9][0-9]{0,4}-[0-9]"),
        "loinc_format",
        "must be a LOINC code: 1 to 5 digits (no leading 0), a hyphen and a check digit,"
        " such as 2345-7",
    ),
    CodeSystem.LOCAL: _Format(
        re.compile(rf"[^\s|{v.CONTROL}{v.SURROGATES}]{{1,64}}"),
        "local_format",
        "must be 1 to 64 characters without whitespace, control characters or '|'",
    ),
}

# Verhoeff's dihedral-group multiplication table and position permutations (Verhoeff 1969),
# as given in the SNOMED CT technical implementation guide.
_VERHOEFF_D: Final = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P: Final = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def _verhoeff_valid(digits: str) -> bool:
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[position % 8][ord(digit) - 48]]
    return check == 0


class _Fault(NamedTuple):
    code: str
    message: str


def _snomedct_fault(value: str) -> _Fault | None:
    if value[-3:-1] not in _SNOMED_PARTITIONS:
        return _Fault(
            "snomedct_partition",
            "must have a partition identifier (2nd and 3rd digits from the right) of"
            " 00, 01, 02, 10, 11 or 12",
        )
    if not _verhoeff_valid(value):
        return _Fault(
            "snomedct_check_digit",
            "has a wrong Verhoeff check digit (the last digit); look for a mistyped digit",
        )
    return None


def _loinc_fault(value: str) -> _Fault | None:
    if luhn_check_digit(value[:-2]) != int(value[-1]):
        return _Fault(
            "loinc_check_digit",
            "has a wrong check digit (the digit after the hyphen); look for a mistyped digit",
        )
    return None


_CHECK_DIGITS: Final[dict[CodeSystem, Callable[[str], _Fault | None]]] = {
    CodeSystem.SNOMEDCT: _snomedct_fault,
    CodeSystem.LOINC: _loinc_fault,
}


def _checker(system: CodeSystem) -> Callable[[str], _Fault | None]:
    """Return a function telling what is wrong with a code of *system*, or None if valid."""
    fullmatch = _FORMATS[system].pattern.fullmatch
    bad_format = _Fault(_FORMATS[system].code, _FORMATS[system].message)
    check_digit = _CHECK_DIGITS.get(system)

    def fault(value: str) -> _Fault | None:
        if not fullmatch(value):
            return bad_format
        return None if check_digit is None else check_digit(value)

    return fault


# One function per system, looked up once per Code and once per CodeSet (not per lookup).
_FAULTS: Final = {system: _checker(system) for system in CodeSystem}


def _cpt_kind(value: str) -> str:
    return value[4:5] if value[4:5] > "9" else ""  # slice: also safe on non-codes


def _no_kind(_value: str) -> str:
    return ""


# The part of a code both ends of a range and every code inside it share: the CPT category.
_KINDS: Final[dict[CodeSystem, Callable[[str], str]]] = {CodeSystem.CPT: _cpt_kind}


def _known_system(_inst: object, _attr: object, value: Any) -> None:
    if not isinstance(value, CodeSystem):
        raise InvalidInputError.one(
            "system",
            "type",
            f"must be a CodeSystem; use CodeSystem(name) with one of {_SYSTEM_NAMES}",
        )


def _code_value(inst: Code, _attr: object, value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidInputError.one("value", "type", "must be a string")
    fault = _FAULTS[inst.system](value)
    if fault is not None:
        raise InvalidInputError.one("value", fault.code, fault.message)


@attrs.frozen
class Code:
    """One code of one code system, such as CPT 99213, checked for its system's format.

    Equal codes have the same system and value. The text form ``SYSTEM|value`` is what `str`
    returns and `Code.parse` reads. A display text is deliberately not part of a code: it is
    looked up from the code, and leaving it out keeps the text form a complete round trip.

    Raises:
        InvalidInputError: at ``value``, with a code such as ``icd10cm_format`` or
            ``snomedct_check_digit``, if *value* is not a code of *system*.

    Examples:
        >>> Code(CodeSystem.SNOMEDCT, "22298006")
        Code(system=CodeSystem.SNOMEDCT, value='22298006')
        >>> Code(CodeSystem.ICD10CM, "E119")
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          value: must be an ICD-10-CM code in capitals: a letter, a digit, ... such as I10 or E11.9
    """

    system: CodeSystem = attrs.field(validator=_known_system)
    value: str = attrs.field(validator=_code_value)

    @classmethod
    def parse(cls, text: str) -> Code:
        """Return the code written *text* in the form ``SYSTEM|value``, as `str` writes it.

        Raises:
            InvalidInputError: at ``code`` (``code_format``) without a ``|``, at ``system``
                (``unknown_system``, listing the accepted names) or at ``value``.

        Examples:
            >>> Code.parse("LOINC|2345-7")
            Code(system=CodeSystem.LOINC, value='2345-7')
            >>> Code.parse("ICD10|E11.9")
            Traceback (most recent call last):
            ...
            casekit.errors.InvalidInputError: invalid input (1 problem):
              system: must be one of ICD-10-CM, CPT, HCPCS, SNOMED-CT, LOINC, LOCAL
        """
        if not isinstance(text, str):
            raise InvalidInputError.one("code", "type", 'must be a string such as "CPT|99213"')
        name, bar, value = text.partition("|")
        if not bar:
            raise InvalidInputError.one(
                "code", "code_format", 'must be written SYSTEM|value, such as "CPT|99213"'
            )
        try:
            system = CodeSystem(name)
        except ValueError:
            raise InvalidInputError.one(
                "system", "unknown_system", f"must be one of {_SYSTEM_NAMES}"
            ) from None
        return cls(system, value)

    def __str__(self) -> str:
        return f"{self.system.value}|{self.value}"


def _date_or_none(_inst: object, attr: attrs.Attribute[Date | None], value: Any) -> None:
    if value is not None:
        _require_date(value, attr.name)


def _require_date(value: object, path: str) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInputError.one(
            path, "type", "must be a date such as pendulum.date(2025, 1, 1)"
        )


def _entry_code(_inst: object, _attr: object, value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidInputError.one(
            "code", "type", 'must be a string such as "99213" or "97110-97546"'
        )


def _dates_in_order(inst: CodeSetEntry, _attr: object, value: Date | None) -> None:
    if value is not None and inst.effective_from is not None and value < inst.effective_from:
        raise InvalidInputError.one(
            "effective_to", "date_order", "must be on or after effective_from"
        )


@attrs.frozen
class CodeSetEntry:
    """One entry of a `CodeSet`: a single code or an inclusive range ``lo-hi``, maybe dated.

    *effective_from* and *effective_to* are inclusive; `None` leaves that side open. The code
    is checked against the set's system when the `CodeSet` is built.

    Examples:
        >>> import pendulum
        >>> CodeSetEntry("G0438", effective_from=pendulum.date(2011, 1, 1))
        CodeSetEntry(code='G0438', effective_from=Date(2011, 1, 1), effective_to=None)
    """

    code: str = attrs.field(validator=_entry_code)
    effective_from: Date | None = attrs.field(default=None, validator=_date_or_none)
    effective_to: Date | None = attrs.field(
        default=None, validator=[_date_or_none, _dates_in_order]
    )


def _entries(value: Iterable[CodeSetEntry]) -> tuple[CodeSetEntry, ...]:
    if isinstance(cast("object", value), str):
        raise InvalidInputError.one(
            "entries", "type", "must be a sequence of CodeSetEntry, not a string"
        )
    try:
        return tuple(value)
    except TypeError:
        raise InvalidInputError.one(
            "entries", "type", "must be a sequence of CodeSetEntry"
        ) from None


def _name(_inst: object, _attr: object, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError.one("name", "empty", "must be a non-empty string")


def _bounds(system: CodeSystem, text: str) -> tuple[str, str] | _Fault:
    """Return an entry's bounds (lo, top), equal for a single code, or what is wrong with it.

    For a range ``lo-hi``, top is hi followed by a character above any a code holds, so that
    ``lo <= c <= top`` exactly when ``lo <= c[:len(lo)]`` and ``c[:len(hi)] <= hi``.
    """
    lo, hyphen, hi = text.partition("-")
    if system in _RANGE_SYSTEMS and hyphen:
        fault = _FAULTS[system](lo) or _FAULTS[system](hi)
        if fault is not None:
            return fault
        if lo > hi:
            return _Fault("range_order", "must give the lower code first, as in lo-hi")
        kind = _KINDS.get(system, _no_kind)
        if kind(lo) != kind(hi):
            return _Fault(
                "range_category",
                "must have both ends in the same CPT category: all digits, or the same letter",
            )
        return lo, hi + _TOP
    if (system is CodeSystem.SNOMEDCT and hyphen) or (
        system is CodeSystem.LOINC and text.count("-") == 3  # noqa: PLR2004  # two codes
    ):
        return _Fault(
            "range_not_supported",
            f"must be a single code: {system.value} code sets hold no ranges",
        )
    return _FAULTS[system](text) or (text, text)


class _Span(NamedTuple):
    """An entry resolved to its bounds: codes c with lo <= c <= top and c's kind == kind."""

    lo: str
    top: str
    kind: str
    effective_from: Date | None
    effective_to: Date | None


def _lowest(span: _Span) -> str:
    return span.lo


class _Ranges:
    """Disjoint, sorted string intervals per kind, searched with bisect."""

    __slots__ = ("_by_kind",)

    def __init__(self, spans: Iterable[_Span]) -> None:
        by_kind: dict[str, list[list[str]]] = {}
        for span in sorted(spans, key=_lowest):
            merged = by_kind.setdefault(span.kind, [])
            if merged and span.lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], span.top)
            else:
                merged.append([span.lo, span.top])
        self._by_kind = {
            kind: (tuple(lo for lo, _ in pairs), tuple(top for _, top in pairs))
            for kind, pairs in by_kind.items()
        }

    def __bool__(self) -> bool:
        return bool(self._by_kind)

    def covers(self, value: str, kind: str) -> bool:
        bounds = self._by_kind.get(kind)
        if bounds is None:
            return False
        los, tops = bounds
        i = bisect_right(los, value)
        return i > 0 and value <= tops[i - 1]


class _Index:
    """What membership needs, computed once: every entry, and only the undated ones."""

    __slots__ = (
        "any_ranges",
        "any_singles",
        "dated",
        "fault",
        "kind",
        "ranges",
        "singles",
        "system",
    )

    def __init__(self, system: CodeSystem, spans: list[_Span]) -> None:
        self.system = system
        self.fault = _FAULTS[system]
        self.kind = _KINDS.get(system, _no_kind)
        undated = [s for s in spans if s.effective_from is None and s.effective_to is None]
        self.singles = frozenset(s.lo for s in undated if s.lo == s.top)
        self.ranges = _Ranges(s for s in undated if s.lo != s.top)
        self.dated = tuple(s for s in spans if s.effective_from or s.effective_to)
        if self.dated:
            self.any_singles = frozenset(s.lo for s in spans if s.lo == s.top)
            self.any_ranges = _Ranges(s for s in spans if s.lo != s.top)
        else:
            self.any_singles = self.singles
            self.any_ranges = self.ranges

    def __getstate__(self) -> dict[str, object]:
        """Pickle the index without its system's checking functions (looked up again)."""
        return {n: getattr(self, n) for n in self.__slots__ if n not in {"fault", "kind"}}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.fault = _FAULTS[self.system]
        self.kind = _KINDS.get(self.system, _no_kind)


@attrs.frozen
class CodeSet:
    """A named set of codes of one system: single codes and inclusive ranges, maybe dated.

    A range ``lo-hi`` (ICD-10-CM, CPT and HCPCS only; their codes hold no hyphen) has two
    valid codes of the system with ``lo <= hi``. It holds a code ``c`` when
    ``lo <= c[:len(lo)]`` and ``c[:len(hi)] <= hi``, comparing strings, so a range of
    categories holds their subcodes: ICD-10-CM ``E10-E11`` holds ``E11.9``, but
    ``E10.1-E10.9`` does not hold ``E10`` itself. A CPT range holds only codes of its
    bounds' category: ``0001F-9007F`` holds ``3074F`` and not ``00100``. LOINC, SNOMED CT and
    LOCAL entries are single codes (a LOCAL code may contain a hyphen).

    ``code in code_set`` asks whether any entry lists the code, whatever its dates;
    `contains` asks on a given day. Both take a `Code` or a plain value of the set's system,
    and answer False for a code of another system or a string that is not a valid code.
    Sets are equal when their name, system and entries are equal.

    Raises:
        InvalidInputError: listing each bad entry at ``entries[i]`` or ``entries[i].code``.

    Examples:
        >>> therapy = CodeSet.of(CodeSystem.CPT, "97110-97546", "97750", name="therapy")
        >>> Code(CodeSystem.CPT, "97530") in therapy, "97750" in therapy, "99213" in therapy
        (True, True, False)
        >>> CodeSet.of(CodeSystem.CPT, "97546-97110", name="oops")
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          entries[0].code: must give the lower code first, as in lo-hi
    """

    name: str = attrs.field(validator=_name)
    system: CodeSystem = attrs.field(validator=_known_system)
    entries: tuple[CodeSetEntry, ...] = attrs.field(converter=_entries)
    _index: _Index = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        spans: list[_Span] = []
        problems: list[Problem] = []
        for i, entry in enumerate(cast("tuple[object, ...]", self.entries)):
            if not isinstance(entry, CodeSetEntry):
                problems.append(
                    Problem(
                        f"entries[{i}]",
                        "type",
                        "must be a CodeSetEntry; use CodeSet.of for plain strings",
                    )
                )
                continue
            bounds = _bounds(self.system, entry.code)
            if isinstance(bounds, _Fault):
                problems.append(Problem(f"entries[{i}].code", bounds.code, bounds.message))
                continue
            lo, top = bounds
            kind = _KINDS.get(self.system, _no_kind)(lo)
            spans.append(_Span(lo, top, kind, entry.effective_from, entry.effective_to))
        if problems:
            raise InvalidInputError(problems)
        object.__setattr__(self, "_index", _Index(self.system, spans))

    @classmethod
    def of(cls, system: CodeSystem, *codes: str, name: str) -> CodeSet:
        """Return the undated set *name* of *codes*, each a single code or a range ``lo-hi``.

        Examples:
            >>> len(CodeSet.of(CodeSystem.HCPCS, "T1016", "T1017", name="case management").entries)
            2
        """
        return cls(name=name, system=system, entries=tuple(CodeSetEntry(c) for c in codes))

    def _value(self, code: object) -> str | None:
        """Return the value of *code* if it is a valid code of this set's system, else None."""
        if isinstance(code, Code):
            return code.value if code.system is self.system else None
        if isinstance(code, str) and self._index.fault(code) is None:
            return code
        return None

    def __contains__(self, code: object) -> bool:
        index = self._index
        if isinstance(code, Code):
            if code.system is not self.system:
                return False
            value = code.value
            if value in index.any_singles:
                return True
        elif isinstance(code, str):
            if code in index.any_singles:
                return True  # only valid codes are in the set: no need to check this one
            # A string inside a range may still not be a code ("E10X" sorts inside E10-E11).
            return (
                bool(index.any_ranges)
                and index.any_ranges.covers(code, index.kind(code))
                and index.fault(code) is None
            )
        else:
            return False
        return index.any_ranges.covers(value, index.kind(value))

    def contains(self, code: Code | str, *, on: Date) -> bool:
        """Return whether an entry in effect *on* that day holds *code*.

        Raises:
            InvalidInputError: at ``on`` if it is not a date.

        Examples:
            >>> import pendulum
            >>> entry = CodeSetEntry("U07.1", effective_from=pendulum.date(2020, 4, 1))
            >>> covid = CodeSet(name="covid-19", system=CodeSystem.ICD10CM, entries=[entry])
            >>> covid.contains("U07.1", on=pendulum.date(2020, 3, 31))
            False
            >>> covid.contains("U07.1", on=pendulum.date(2020, 4, 1))
            True
        """
        _require_date(on, "on")
        value = self._value(code)
        if value is None:
            return False
        index = self._index
        kind = index.kind(value)
        if value in index.singles or index.ranges.covers(value, kind):
            return True
        return any(
            span.lo <= value <= span.top
            and span.kind == kind
            and (span.effective_from is None or span.effective_from <= on)
            and (span.effective_to is None or on <= span.effective_to)
            for span in index.dated
        )

    def __or__(self, other: CodeSet) -> CodeSet:
        """Return the set named ``"a | b"`` holding the entries of both, without repeats.

        Rename it with ``attrs.evolve(a | b, name=...)``.

        Examples:
            >>> a = CodeSet.of(CodeSystem.CPT, "99213", name="a")
            >>> b = CodeSet.of(CodeSystem.CPT, "99213", "99214", name="b")
            >>> union = a | b
            >>> union.name, [e.code for e in union.entries]
            ('a | b', ['99213', '99214'])
        """
        if not isinstance(cast("object", other), CodeSet):
            return NotImplemented
        if other.system is not self.system:
            raise InvalidInputError.one(
                "system",
                "system_mismatch",
                f"cannot join a {self.system.value} code set with a {other.system.value} one",
            )
        entries = tuple(dict.fromkeys((*self.entries, *other.entries)))
        return CodeSet(name=f"{self.name} | {other.name}", system=self.system, entries=entries)
