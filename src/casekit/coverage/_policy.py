"""Policy: one member's enrolment in a plan; ServiceLine, Service and Authorization."""

from __future__ import annotations

import datetime as dt
import enum
import threading
from collections.abc import Iterable, Mapping
from decimal import Decimal
from operator import is_
from typing import Any, Final, TypeAlias

import attrs

from casekit import _validate as v
from casekit.codes import Code
from casekit.coverage._accumulators import Key, authorization_key
from casekit.coverage._arguments import items
from casekit.coverage._benefit import Tier
from casekit.coverage._plan import Plan
from casekit.errors import InvalidInputError, Problem
from casekit.money import Money
from casekit.periods import DateRange

__all__ = [
    "Authorization",
    "CoverageLevel",
    "Policy",
    "Relationship",
    "Service",
    "ServiceLine",
]


class CoverageLevel(enum.StrEnum):
    """Whether a policy covers the member alone or a family (family amounts then apply).

    Examples:
        >>> CoverageLevel("family") is CoverageLevel.FAMILY
        True
    """

    SELF = "self"
    FAMILY = "family"


class Relationship(enum.StrEnum):
    """The member's relationship to the subscriber.

    Examples:
        >>> Relationship.DEPENDANT.value
        'dependant'
    """

    SUBSCRIBER = "subscriber"
    SPOUSE = "spouse"
    DEPENDANT = "dependant"


def _member(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not str or not (1 <= len(value) <= 8 and value.isalnum()):  # noqa: PLR2004  # X12 member suffix width
        raise InvalidInputError.one(
            "member", "member_sequence", "must be 1-8 letters or digits, such as '01'"
        )


def _sex(_inst: object, _attr: object, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidInputError.one("sex", "type", "must be an administrative sex code or None")


@attrs.frozen(repr=False)
class Policy:
    """One member's coverage under a plan: who, when, at which level, in which family.

    *member_id*, *family_id*, *birth_date* and *sex* are personal data: they never appear in
    the repr, in errors or in traces. *member* is the member's sequence in the family (the
    X12 member suffix such as ``"01"``); accumulators are keyed by it, never by identifiers.

    Examples:
        >>> import pendulum
        >>> from casekit.coverage import Benefit, Plan, TierTerms, Tier
        >>> plan = Plan("basic", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("all")])
        >>> policy = Policy(
        ...     plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M-123",
        ...     birth_date=pendulum.date(1980, 5, 1),
        ... )
        >>> policy
        Policy(plan='basic', coverage_period=2025-01-01/2025-12-31, member='00', <...>)
        >>> policy.age_on(pendulum.date(2025, 5, 1))
        45
    """

    plan: Plan = attrs.field(validator=v.instance(Plan))
    coverage_period: DateRange = attrs.field(validator=v.instance(DateRange))
    member_id: str = attrs.field(validator=v.identifier)
    member: str = attrs.field(default="00", validator=_member)
    relationship: Relationship = attrs.field(
        default=Relationship.SUBSCRIBER, validator=v.instance(Relationship)
    )
    coverage_level: CoverageLevel = attrs.field(
        default=CoverageLevel.SELF, validator=v.instance(CoverageLevel)
    )
    family_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    birth_date: dt.date | None = attrs.field(default=None, validator=v.optional_date)
    sex: str | None = attrs.field(default=None, validator=_sex)

    def __repr__(self) -> str:
        period = self.coverage_period
        return (
            f"Policy(plan={self.plan.id!r}, coverage_period={period.start}/{period.end}, "
            f"member={self.member!r}, <personal data redacted>)"
        )

    __str__ = __repr__

    def age_on(self, on: dt.date) -> int | None:
        """Return the member's age in whole years on *on*, or None without a birth date."""
        born = self.birth_date
        if born is None:
            return None
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _positive_units(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not int or value < 1:
        raise InvalidInputError.one("units", "positive_int", "must be a whole number ≥ 1")
    if value > v.MAX_SAFE_INTEGER:
        raise InvalidInputError.one("units", "too_large", v.TOO_LARGE)


def _billed(_inst: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, Money) or value.amount < 0:
        raise InvalidInputError.one(attribute.name, "money", "must be money ≥ 0")


def _optional_billed(inst: object, attribute: Any, value: Any) -> None:
    if value is not None:
        _billed(inst, attribute, value)


def _line_number(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not int or value < 1:
        raise InvalidInputError.one("line_number", "positive_int", "must be a whole number ≥ 1")
    if value > v.MAX_SAFE_INTEGER:
        raise InvalidInputError.one("line_number", "too_large", v.TOO_LARGE)


@attrs.frozen
class ServiceLine:
    """One billed service: what was done, when, where, by whom, for how much.

    *allowed* is a priced amount if the claim arrives repriced; otherwise the plan's fee
    schedule (times *units*) or else the charge gives it. *billed* may be None when there
    is no charge to give: a per-diem or per-admission benefit (Medicare Part A days, a
    skilled-nursing stay) prices the patient's share by its own terms. Such a line with no
    priced amount either is "unpriced": the patient owes the deductible, copays and daily
    amounts in full, the allowed amount is that share and the plan pays nothing casekit
    knows of (give *allowed*, the DRG or per-diem payment, to see the plan's payment); a
    coinsurance or an amount limit needs an amount, so such a line is pending (CARC 16).
    *units* counts days for inpatient and skilled-nursing lines. *referral* says a referral
    is on file; *authorization_id* names a prior authorisation given on the claim.

    Examples:
        >>> import pendulum
        >>> from casekit.codes import Code, CodeSystem
        >>> line = ServiceLine(1, Code(CodeSystem.CPT, "99213"), pendulum.date(2025, 2, 3),
        ...                    Money.of("125.00", "USD"), place_of_service="11")
        >>> line.network
        <Tier.IN: 'in'>
    """

    line_number: int = attrs.field(validator=_line_number)
    code: Code = attrs.field(validator=v.instance(Code))
    service_date: dt.date = attrs.field(validator=v.date)
    billed: Money | None = attrs.field(default=None, validator=_optional_billed)
    units: int = attrs.field(default=1, validator=_positive_units)
    place_of_service: str | None = attrs.field(default=None, validator=v.optional_identifier)
    provider_kind: str | None = attrs.field(default=None, validator=v.optional_identifier)
    network: Tier = attrs.field(default=Tier.IN, validator=v.instance(Tier))
    diagnoses: tuple[Code, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Code)
    )
    referral: bool = attrs.field(default=False, validator=v.instance(bool))
    allowed: Money | None = attrs.field(default=None, validator=_optional_billed)
    authorization_id: str | None = attrs.field(default=None, validator=v.optional_identifier)


@attrs.frozen
class Service:
    """A service being considered before it happens, for `check_coverage`.

    Anything not yet known is None: the answer is then conditional where it matters, and
    says which information is needed.

    Examples:
        >>> from casekit.codes import Code, CodeSystem
        >>> Service(Code(CodeSystem.CPT, "97110"), units=12).network is None
        True
    """

    code: Code = attrs.field(validator=v.instance(Code))
    units: int = attrs.field(default=1, validator=_positive_units)
    place_of_service: str | None = attrs.field(default=None, validator=v.optional_identifier)
    provider_kind: str | None = attrs.field(default=None, validator=v.optional_identifier)
    network: Tier | None = attrs.field(
        default=None,
        validator=v.optional_instance(Tier, message="must be a Tier or None when not known"),
    )
    diagnoses: tuple[Code, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Code)
    )
    referral: bool | None = attrs.field(
        default=None,
        validator=v.optional_instance(bool, message="must be a bool or None when not known"),
    )


@attrs.frozen
class Authorization:
    """A prior authorisation: a code, authorised units and the dates it is valid (inclusive).

    Each covered line it authorises uses up its units; the units used are kept in the
    accumulators under the authorisation's id, so they carry across batches.

    Examples:
        >>> import pendulum
        >>> from casekit.codes import Code, CodeSystem
        >>> auth = Authorization("PA-1", Code(CodeSystem.CPT, "97110"), 12,
        ...                      DateRange.of("2025-01-01", "2025-03-31"))
        >>> auth.units
        12
    """

    id: str = attrs.field(validator=v.identifier)
    code: Code = attrs.field(validator=v.instance(Code))
    units: int = attrs.field(validator=_positive_units)
    valid: DateRange = attrs.field(validator=v.instance(DateRange))
    member: str = attrs.field(default="00", validator=_member)


def authorizations_of(value: object) -> tuple[Authorization, ...]:
    """Return a verb's *authorizations* as a tuple, refusing every item that is not one."""
    found = items(value, "authorizations", "Authorization")
    if all(isinstance(auth, Authorization) for auth in found):
        return found
    raise InvalidInputError(
        Problem(f"authorizations[{i}]", "type", "must be an Authorization")
        for i, auth in enumerate(found)
        if not isinstance(auth, Authorization)
    )


Filed: TypeAlias = Mapping[tuple[str, Code], tuple[Authorization, ...]]
"""Authorisations by member and code, each group in order of start of validity, then id."""

_FILED: dict[object, tuple[tuple[Authorization, ...], Filed]] = {}
_FILED_MAX: Final = 64
_FILED_LOCK: Final = threading.Lock()
"""Held while the cache of filed authorisations changes (eviction iterates it)."""


def _start_and_id(auth: Authorization) -> tuple[dt.date, str]:
    return auth.valid.start, auth.id


def filed_authorizations(value: object) -> tuple[tuple[Authorization, ...], Filed]:
    """Return a verb's *authorizations*, checked, and indexed by member and code.

    The shared first step of `adjudicate`, `check_coverage` and `balances`. Its index is
    built once and kept (bounded): a tuple's by the tuple's identity, so passing the same
    tuple again costs the same whatever it holds; a list's by its items, compared one by
    one by identity at C speed (about 10 ns an item), so a list that changes between calls
    is read afresh. Finding the authorisation for a service reads only the member's
    authorisations for that code. Any other collection is read in full on each call.

    Raises:
        InvalidInputError: as `authorizations_of`.
    """
    key: object = None
    if type(value) is tuple:
        key = id(value)
        entry = _FILED.get(key)
        if entry is not None and entry[0] is value:
            return entry
    elif type(value) is list and value:
        value = tuple(value)
        key = (len(value), id(value[0]), id(value[-1]))
        entry = _FILED.get(key)
        if entry is not None and all(map(is_, entry[0], value)):
            return entry
    auths = authorizations_of(value)
    grouped: dict[tuple[str, Code], list[Authorization]] = {}
    for auth in sorted(auths, key=_start_and_id):
        grouped.setdefault((auth.member, auth.code), []).append(auth)
    entry = (auths, {k: tuple(group) for k, group in grouped.items()})
    if key is not None and auths:
        with _FILED_LOCK:
            while len(_FILED) >= _FILED_MAX:
                del _FILED[next(iter(_FILED))]
            _FILED[key] = entry
    return entry


class AuthorizationIndex:
    """A member's authorisations by code, asked which one covers each service in date order.

    The one query `adjudicate` and `check_coverage` both ask, so the pre-service answer and
    the claim agree. Authorisations are tried in order of start of validity, then id; the
    first valid on the day with the units left covers the service. Queries come in date
    order (adjudicate's lines are sorted, a check asks once), so an authorisation that has
    expired, or has no units left, is set aside once and not tried again: the work is in
    the authorisations in force, not in all there ever were.
    """

    __slots__ = ("_by_code", "_filed", "_member", "_spent")

    def __init__(self, filed: Filed, member: str) -> None:
        self._filed = filed
        self._member = member
        self._by_code: dict[Code, list[Authorization]] = {}
        """The authorisations still tried for a code, once some were set aside."""
        self._spent: dict[Code, list[Authorization]] = {}

    def _tried(self, code: Code) -> Iterable[Authorization]:
        found = self._by_code.get(code)
        return self._filed.get((self._member, code), ()) if found is None else found

    def find(
        self,
        code: Code,
        totals: Mapping[Key, Decimal],
        *,
        on: dt.date,
        units: int,
        wanted: str | None = None,
    ) -> tuple[Authorization | None, bool]:
        """Return the authorisation covering *units* of *code* on *on*, and whether one
        valid that day had too few units left.

        *totals* are the accumulator totals (units used are kept under `authorization_key`);
        *wanted* restricts the search to the authorisation a claim line names.
        """
        found, exceeded, aside = self._scan(code, totals, on=on, units=units, wanted=wanted)
        if aside:
            exceeded = self._set_aside(code, aside, on, wanted) or exceeded
        if found is not None:
            return found, False
        return None, exceeded or self._spent_on(code, on, wanted)

    def _scan(
        self,
        code: Code,
        totals: Mapping[Key, Decimal],
        *,
        on: dt.date,
        units: int,
        wanted: str | None,
    ) -> tuple[Authorization | None, bool, list[Authorization]]:
        """Return the first authorisation in force with the units, whether one in force had
        too few, and those found expired or spent on the way."""
        exceeded = False
        aside: list[Authorization] = []
        for auth in self._tried(code):
            valid = auth.valid
            if valid.start > on:  # sorted by start: none from here on is in force yet
                break
            left = auth.units - totals.get(authorization_key(auth.id), _ZERO)
            if valid.end < on or left <= 0:
                aside.append(auth)
            elif wanted is None or auth.id == wanted:
                if left >= units:
                    return auth, False, aside
                exceeded = True
        return None, exceeded, aside

    def _set_aside(
        self, code: Code, aside: list[Authorization], on: dt.date, wanted: str | None
    ) -> bool:
        """Stop trying *aside* (expired, or no units left), keeping the spent ones that are
        still in force to tell a used-up authorisation from none; return whether one of
        those is in force on *on* (for *wanted*, if given)."""
        gone = {id(auth) for auth in aside}
        self._by_code[code] = [a for a in self._tried(code) if id(a) not in gone]
        spent = [a for a in aside if a.valid.end >= on]
        self._spent.setdefault(code, []).extend(spent)
        return any(wanted is None or a.id == wanted for a in spent)

    def _spent_on(self, code: Code, on: dt.date, wanted: str | None) -> bool:
        """Return whether an authorisation with no units left is in force on *on*."""
        spent = self._spent.get(code, ())
        expired = 0
        found = False
        for auth in spent:  # each was in force when set aside, so none starts after *on*
            if auth.valid.end < on:
                expired += 1
            elif wanted is None or auth.id == wanted:
                found = True
                break
        if expired:  # expired ones never count again
            self._spent[code] = [a for a in spent if a.valid.end >= on]
        return found


_ZERO = Decimal(0)
