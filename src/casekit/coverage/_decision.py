"""Decisions: what adjudication and the pre-service check return."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any, Final, NamedTuple

import attrs

from casekit import _validate as v
from casekit._unchecked import builder, setters
from casekit.coverage._accumulators import Accumulators
from casekit.coverage._benefit import Documentation, Tier
from casekit.coverage._explanation import BUILDERS, trace_covered, trace_stop
from casekit.coverage._policy import _line_number
from casekit.coverage._policy import _member as _policy_member
from casekit.coverage.reason_codes import Group
from casekit.errors import InvalidInputError
from casekit.money import Money
from casekit.rules import Reason, Trace

__all__ = [
    "Adjudication",
    "Adjustment",
    "Coverage",
    "CoverageAnswer",
    "DayCount",
    "Decision",
    "InfoNeeded",
    "PriorAuth",
    "Status",
]


class Status(enum.StrEnum):
    """A line's outcome: covered (paid in full or part), denied, or pending information.

    Examples:
        >>> Status.PENDING.value
        'pending'
    """

    COVERED = "covered"
    DENIED = "denied"
    PENDING = "pending"


@attrs.frozen
class Adjustment:
    """An X12 claim adjustment: group (who bears it), reason code (CARC) and amount.

    Examples:
        >>> adj = Adjustment(Group.PATIENT_RESPONSIBILITY, "1", Money.of("125.00", "USD"))
        >>> adj.code, str(adj)
        ('PR-1', 'PR-1 125.00 USD')
    """

    group: Group = attrs.field(validator=v.instance(Group))
    reason: str = attrs.field(validator=v.identifier)
    amount: Money = attrs.field(validator=v.instance(Money))

    @property
    def code(self) -> str:
        """The group and reason code as written on remittances, such as ``CO-45``."""
        return f"{self.group.value}-{self.reason}"

    def __str__(self) -> str:
        return f"{self.code} {self.amount}"


_MONEY: Final = v.instance(Money)


def _trace_source(_inst: object, _attr: object, value: Any) -> None:
    # A Trace, or the record adjudication keeps instead (kept by attrs.evolve on its decisions).
    if isinstance(value, Trace) or (
        type(value) is tuple and value and any(value[0] is build for build in BUILDERS)
    ):
        return
    raise InvalidInputError.one("explain", "type", "must be a Trace")


def _optional_member(inst: object, attr: object, value: Any) -> None:
    # The policy's rule for a member sequence, or None on a decision built without one.
    if value is not None:
        _policy_member(inst, attr, value)


class DayCount(NamedTuple):
    """Days of a stay counted in one day range of the benefit, and the daily amounts for them.

    *kind* is ``full`` (no daily amount), ``coinsurance`` (a daily amount), ``lifetime_reserve``
    (a daily amount drawing on the lifetime reserve) or ``not_covered`` (past every range);
    *first* and *last* are the range's day numbers in the benefit period (None for days not
    covered, or a range with no end); *amount* is what the daily amounts come to.

    Examples:
        >>> DayCount("coinsurance", 30, Money.of("12570", "USD"), 61, 90).days
        30
    """

    kind: str
    days: int
    amount: Money
    first: int | None = None
    last: int | None = None


def _day_counts(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not tuple:
        raise InvalidInputError.one("day_counts", "type", f"must be a tuple of {_DAY_COUNT}")
    for i, count in enumerate(value):
        if not (
            isinstance(count, tuple)
            and len(count) == len(DayCount._fields)
            and type(count[0]) is str
            and type(count[1]) is int
            and type(count[2]) is Money
            and all(end is None or type(end) is int for end in count[3:])
        ):
            raise InvalidInputError.one(f"day_counts[{i}]", "type", f"must be {_DAY_COUNT}")


_DAY_COUNT: Final = "(kind, days, Money, first day or None, last day or None)"


# A Decision keeps one record: a tuple of atoms (int, str, Decimal, None and tuples of them),
# which CPython's collector stops tracking once it has seen it, so a kept decision is one
# tracked object however many amounts, adjustments and reasons it has. The amounts are
# Decimals in the currency at _CURRENCY (an amount in another currency, which only a
# decision built by hand can have, stays Money), enumerations their values, adjustments
# (group, reason, amount) and reasons (code, params). _BUILD and _ARGS say how the trace is
# built: the builder's number in BUILDERS and its arguments but one, the compiled benefit
# (shared by every line of the benefit), which the decision keeps beside the record; both
# None when the decision keeps its Trace itself, or another record, whole. Arguments that
# are not atoms (a medical-necessity evaluation, an authorisation) keep the record tracked:
# one object more for those lines only.
_LINE, _STATUS, _BENEFIT, _CURRENCY = 0, 1, 2, 3
_BILLED, _ALLOWED, _DEDUCTIBLE, _COPAY, _COINSURANCE = 4, 5, 6, 7, 8
_NOT_COVERED, _BALANCE_BILLED, _PLAN_PAID = 9, 10, 11
_ADJUSTMENTS, _REASONS, _PERIOD, _TIER, _DAYS, _BUILD, _ARGS = 12, 13, 14, 15, 16, 17, 18
_AMOUNTS: Final = (
    "billed",
    "allowed",
    "deductible",
    "copay",
    "coinsurance",
    "not_covered",
    "balance_billed",
    "plan_paid",
)
"""The fields the record keeps at _BILLED to _PLAN_PAID, in order."""

_STATUSES: Final = {s.value: s for s in Status}
_TIERS: Final = {t.value: t for t in Tier}
_GROUPS: Final = {g.value: g for g in Group}
_BUILDER_AT: Final = {trace_stop: (0, 2), trace_covered: (1, 1)}
"""Each trace builder's number in BUILDERS, and where its record holds the compiled benefit
(``explain[0]`` is the builder)."""

_new = object.__new__
_m_amount, _m_currency = setters(Money)
_r_code, _r_params = setters(Reason)


def _money(amount: Decimal, currency: str) -> Money:
    m = _new(Money)
    _m_amount(m, amount)
    _m_currency(m, currency)
    return m


def _at(record: tuple[Any, ...], index: int) -> Money:
    amount = record[index]
    if type(amount) is Decimal:
        return _money(amount, record[_CURRENCY])
    return amount  # type: ignore[no-any-return]  # Money in another currency


def _compact(explain: Trace | tuple[Any, ...]) -> tuple[int | None, tuple[Any, ...] | None, Any]:
    """Return the trace builder's number, its other arguments, and what the decision keeps
    besides: the compiled benefit; or (None, None, *explain*) for a Trace or another record."""
    if type(explain) is tuple:
        found = _BUILDER_AT.get(explain[0])
        if found is not None and found[1] < len(explain):
            number, at = found
            return number, explain[1:at] + explain[at + 1 :], explain[at]
    return None, None, explain


@attrs.frozen(auto_attribs=False, init=False, repr=False, eq=False, slots=False)
class Decision:
    """How one service line was adjudicated, with every amount exact to the cent.

    *allowed* is the amount the plan considers (FHIR ``eligible``): the fee-schedule or priced
    amount, less any part a limit cut off that the provider must write off. On a covered line
    ``plan_paid + patient_share == allowed``; on every decided line ``billed`` equals
    ``plan_paid`` plus the adjustments (the X12 balancing rule). *not_covered* is what the
    patient owes for what the plan does not cover; *balance_billed* is an out-of-network
    charge above the allowed amount, which never counts toward the out-of-pocket maximum.
    *member* is the member's sequence in the family (``"00"``, as on the `Policy`), which
    `adjudicate` records; None on a decision built without one.

    A frozen value: equal when every field but the trace is, hashable, and read by attrs
    and cattrs as the attrs class of its fields (``attrs.fields``, ``attrs.evolve``). It keeps
    its fields as one compact record and builds each amount, adjustment and reason as it is
    read, so a batch of kept decisions holds few objects for the garbage collector to visit.

    Examples:
        >>> usd = lambda s: Money.of(s, "USD")
        >>> zero = usd("0")
        >>> d = Decision(1, Status.COVERED, "office", usd("150"), usd("100"), zero, usd("30"),
        ...              zero, zero, zero, usd("70"),
        ...              (Adjustment(Group.CONTRACTUAL_OBLIGATION, "45", usd("50")),
        ...               Adjustment(Group.PATIENT_RESPONSIBILITY, "3", usd("30"))),
        ...              (), Trace("adjudicate", True))
        >>> str(d.patient_share), [code for code, _ in d.adjudication]
        ('30 USD', ['submitted', 'eligible', 'deductible', 'copay', 'benefit'])
    """

    # attrs reads the fields below (attrs.fields, attrs.evolve, cattrs' forms) and makes the
    # class frozen; it adds no slot, __init__, __eq__ or __repr__: those below keep the one
    # record, and each field is read through a property (attached after the class).
    __slots__ = ("__weakref__", "_member", "_r", "_src")
    _r: tuple[Any, ...]
    _src: Any
    _member: str | None

    line_number: int = attrs.field(validator=_line_number)
    status: Status = attrs.field(validator=v.instance(Status))
    benefit: str | None = attrs.field(validator=v.optional_identifier)
    billed: Money = attrs.field(validator=_MONEY)
    allowed: Money = attrs.field(validator=_MONEY)
    deductible: Money = attrs.field(validator=_MONEY)
    copay: Money = attrs.field(validator=_MONEY)
    coinsurance: Money = attrs.field(validator=_MONEY)
    not_covered: Money = attrs.field(validator=_MONEY)
    balance_billed: Money = attrs.field(validator=_MONEY)
    plan_paid: Money = attrs.field(validator=_MONEY)
    adjustments: tuple[Adjustment, ...] = attrs.field(
        converter=v.freeze, validator=v.tuple_of(Adjustment)
    )
    reasons: tuple[Reason, ...] = attrs.field(converter=v.freeze, validator=v.tuple_of(Reason))
    _explain: Trace | tuple[Any, ...] = attrs.field(eq=False, repr=False, validator=_trace_source)
    period: str | None = attrs.field(
        default=None, validator=v.optional_instance(str, message="must be a period label or None")
    )
    tier: Tier | None = attrs.field(
        default=None, validator=v.optional_instance(Tier, message="must be a Tier or None")
    )
    day_counts: tuple[tuple[str, int, Money, int | None, int | None], ...] = attrs.field(
        default=(), converter=v.freeze, validator=_day_counts
    )
    member: str | None = attrs.field(default=None, validator=_optional_member)

    def __init__(  # noqa: PLR0917  # a field each, positional as attrs made it
        self,
        line_number: int,
        status: Status,
        benefit: str | None,
        billed: Money,
        allowed: Money,
        deductible: Money,
        copay: Money,
        coinsurance: Money,
        not_covered: Money,
        balance_billed: Money,
        plan_paid: Money,
        adjustments: Sequence[Adjustment],
        reasons: Sequence[Reason],
        explain: Trace | tuple[Any, ...],
        period: str | None = None,
        tier: Tier | None = None,
        day_counts: Sequence[tuple[str, int, Money, int | None, int | None]] = (),
        member: str | None = None,
    ) -> None:
        # The fields' own converters and validators, in field order, as attrs' __init__ runs them.
        f = _checked(
            self,
            (
                line_number,
                status,
                benefit,
                billed,
                allowed,
                deductible,
                copay,
                coinsurance,
                not_covered,
                balance_billed,
                plan_paid,
                adjustments,
                reasons,
                explain,
                period,
                tier,
                day_counts,
                member,
            ),
        )
        currency = f["billed"].currency

        def amount(m: Money) -> Decimal | Money:
            return m.amount if m.currency == currency else m

        build, args, src = _compact(f["explain"])
        tier = f["tier"]
        _set_r(
            self,
            (
                f["line_number"],
                f["status"].value,
                f["benefit"],
                currency,
                *(amount(f[name]) for name in _AMOUNTS),
                tuple((a.group.value, a.reason, amount(a.amount)) for a in f["adjustments"]),
                tuple((r.code, r.params) if type(r) is Reason else r for r in f["reasons"]),
                f["period"],
                None if tier is None else tier.value,
                tuple((c[0], c[1], amount(c[2]), c[3], c[4]) for c in f["day_counts"]),
                build,
                args,
            ),
        )
        _set_src(self, src)
        _set_member(self, f["member"])

    @property
    def trace(self) -> Trace:
        """The checks made for the line and the amounts, as a rule-kernel `Trace`.

        Built from what adjudication recorded each time it is read (as the kernel's outcomes
        are), so adjudication that only needs the amounts pays nothing for it. Each read
        returns an equal, new `Trace`: keep the one you read if you need it twice. It is not
        kept on the decision because a batch whose traces are all read would then hold them
        all: ``benchmarks/coverage.py`` ran a third slower with every trace kept (2026-12).
        """
        source = self._explain
        if isinstance(source, Trace):
            return source
        build, *args = source
        return build(self, *args)  # type: ignore[no-any-return]  # the builders return Trace

    @property
    def patient_share(self) -> Money:
        """Deductible, copay, coinsurance and not-covered amounts: the patient's part."""
        return self.deductible + self.copay + self.coinsurance + self.not_covered

    @property
    def patient_total(self) -> Money:
        """Everything the patient owes for the line, balance billing included."""
        return self.patient_share + self.balance_billed

    @property
    def adjudication(self) -> tuple[tuple[str, Money], ...]:
        """The FHIR ``adjudication`` categories: submitted, eligible, deductible, copay, benefit."""
        return (
            ("submitted", self.billed),
            ("eligible", self.allowed),
            ("deductible", self.deductible),
            ("copay", self.copay),
            ("benefit", self.plan_paid),
        )

    @property
    def days(self) -> tuple[DayCount, ...]:
        """The stay's days by day range (full, coinsurance, lifetime reserve, not covered),
        each with the days counted in it and their daily amounts; empty for other lines."""
        return tuple(DayCount(*count) for count in self.day_counts)

    @property
    def components(self) -> tuple[tuple[str, Money], ...]:
        """The line's amounts by component: what the patient pays (deductible, copay,
        coinsurance, not covered, balance billed) and what the plan pays; they add up to
        the patient's total and the plan's payment."""
        return (
            ("deductible", self.deductible),
            ("copay", self.copay),
            ("coinsurance", self.coinsurance),
            ("not_covered", self.not_covered),
            ("balance_billed", self.balance_billed),
            ("plan_paid", self.plan_paid),
        )

    @property
    def adjustment_codes(self) -> tuple[str, ...]:
        """The adjustments' codes, such as ``("CO-45", "PR-1")``."""
        return tuple(f"{group}-{reason}" for group, reason, _ in self._r[_ADJUSTMENTS])

    def __eq__(self, other: object) -> bool:
        if type(other) is not Decision:
            return NotImplemented
        return _member_of(self) == _member_of(other) and self._r[:_BUILD] == other._r[:_BUILD]

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash((self._r[:_BUILD], _member_of(self)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _SHOWN)
        return f"Decision({shown})"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled with its trace built, as it is written: the compiled benefit a trace is
        # built from holds the plan's checks, which need not pickle.
        return (_restore, ((*self._r[:_BUILD], None, None), self.trace, _member_of(self)))


def _stored(index: int, doc: str) -> property:
    def get(self: Decision) -> Any:
        return self._r[index]

    return property(get, doc=doc)


def _amount(index: int, doc: str) -> property:
    def get(self: Decision) -> Money:
        return _at(self._r, index)

    return property(get, doc=doc)


def _adjustments_of(self: Decision) -> tuple[Adjustment, ...]:
    """The X12 adjustments, in the order adjudication made them."""
    r = self._r
    currency = r[_CURRENCY]
    return tuple(
        _adjustment(
            _GROUPS[group],
            reason,
            _money(amount, currency) if type(amount) is Decimal else amount,
        )
        for group, reason, amount in r[_ADJUSTMENTS]
    )


def _reasons_of(self: Decision) -> tuple[Reason, ...]:
    """Why the line was denied, pended or only partly covered."""
    return tuple(
        _reason(*reason) if type(reason) is tuple else reason for reason in self._r[_REASONS]
    )


def _explain_of(self: Decision) -> Trace | tuple[Any, ...]:
    # What the trace is built from (attrs.evolve reads it): the trace, or the builder
    # and its arguments.
    r = self._r
    number = r[_BUILD]
    if number is None:
        return self._src  # type: ignore[no-any-return]  # a Trace or another record, whole
    build = BUILDERS[number]
    at = _BUILDER_AT[build][1]
    args = r[_ARGS]
    return (build, *args[: at - 1], self._src, *args[at - 1 :])


def _status_of(self: Decision) -> Status:
    """Covered, denied or pending."""
    return _STATUSES[self._r[_STATUS]]


def _tier_of(self: Decision) -> Tier | None:
    """The network tier the line was adjudicated at, or None."""
    tier = self._r[_TIER]
    return None if tier is None else _TIERS[tier]


def _day_counts_of(self: Decision) -> tuple[tuple[str, int, Money, int | None, int | None], ...]:
    """A stay's days by range as plain tuples, as `days` names them."""
    currency = self._r[_CURRENCY]
    return tuple(
        (kind, n, _money(amount, currency) if type(amount) is Decimal else amount, a, b)
        for kind, n, amount, a, b in self._r[_DAYS]
    )


def _member_of(self: Decision) -> str | None:
    """The member's sequence in the family, such as ``"00"``, or None."""
    # Unset on a decision decision_of made until new_adjudication marks it: one slot store
    # fewer on the hot path.
    return getattr(self, "_member", None)


for _name, _property in {
    "line_number": _stored(_LINE, "The line's number in the claim."),
    "status": property(_status_of, doc=_status_of.__doc__),
    "benefit": _stored(_BENEFIT, "The benefit the line matched, or None."),
    "billed": _amount(_BILLED, "The charge: FHIR ``submitted``."),
    "allowed": _amount(_ALLOWED, "The amount the plan considers: FHIR ``eligible``."),
    "deductible": _amount(_DEDUCTIBLE, "The part the patient pays toward the deductible."),
    "copay": _amount(_COPAY, "The patient's copay."),
    "coinsurance": _amount(_COINSURANCE, "The patient's coinsurance, a stay's daily amounts too."),
    "not_covered": _amount(_NOT_COVERED, "What the patient owes for what the plan does not cover."),
    "balance_billed": _amount(_BALANCE_BILLED, "An out-of-network charge above the allowed."),
    "plan_paid": _amount(_PLAN_PAID, "What the plan pays: FHIR ``benefit``."),
    "adjustments": property(_adjustments_of, doc=_adjustments_of.__doc__),
    "reasons": property(_reasons_of, doc=_reasons_of.__doc__),
    "_explain": property(_explain_of),
    "period": _stored(_PERIOD, "The benefit period or spell of illness the line fell in, or None."),
    "tier": property(_tier_of, doc=_tier_of.__doc__),
    "day_counts": property(_day_counts_of, doc=_day_counts_of.__doc__),
    "member": property(_member_of, doc=_member_of.__doc__),
}.items():
    setattr(Decision, _name, _property)


_FIELDS: Final[tuple[attrs.Attribute[Any], ...]] = attrs.fields(Decision)
_SHOWN: Final = tuple(a.name for a in _FIELDS if a.repr)


def _checked(inst: Decision, values: tuple[Any, ...]) -> dict[str, Any]:
    """Return *values*, one per field, converted and checked as attrs' own __init__ would,
    by the fields' names as ``__init__`` takes them."""
    converted = tuple(
        value if a.converter is None else a.converter(value)  # type: ignore[operator]  # functions
        for a, value in zip(_FIELDS, values, strict=True)
    )
    for a, value in zip(_FIELDS, converted, strict=True):
        a.validator(inst, a, value)  # type: ignore[misc]  # every field of Decision has one
    return {str(a.alias): value for a, value in zip(_FIELDS, converted, strict=True)}


_set_r = Decision.__dict__["_r"].__set__
_set_src = Decision.__dict__["_src"].__set__
_set_member = Decision.__dict__["_member"].__set__


def _restore(record: tuple[Any, ...], src: Any, member: str | None) -> Decision:
    """Return the decision *record*, *src* and *member* describe (unpickling)."""
    d = _new(Decision)
    _set_r(d, record)
    _set_src(d, src)
    _set_member(d, member)
    return d


def decision_of(  # noqa: PLR0917  # one positional argument per field, on the hot path
    line_number: int,
    status: str,
    benefit: str | None,
    currency: str,
    billed: Decimal,
    allowed: Decimal,
    deductible: Decimal,
    copay: Decimal,
    coinsurance: Decimal,
    not_covered: Decimal,
    balance_billed: Decimal,
    plan_paid: Decimal,
    adjustments: tuple[tuple[str, str, Decimal], ...],
    reasons: tuple[Reason, ...],
    build: int | None,
    args: tuple[Any, ...] | None,
    src: Any,
    period: str | None,
    tier: str,
    day_counts: tuple[tuple[str, int, Decimal, int | None, int | None], ...] = (),
) -> Decision:
    """Return a Decision from the parts adjudication computed, without re-validating: the
    status and tier as their values, the amounts as Decimals in *currency*, the adjustments
    as (group value, CARC, amount), and what its trace is built from as `_compact` splits it
    (*build*, the number of a builder in `BUILDERS`; *args*, its arguments but *src*, the
    compiled benefit). Adjudication builds no Money, Adjustment or Trace for a line: the
    decision makes them when they are read. The member is set by `new_adjudication`.
    """
    d = _new(Decision)
    _set_r(
        d,
        (
            line_number,
            status,
            benefit,
            currency,
            billed,
            allowed,
            deductible,
            copay,
            coinsurance,
            not_covered,
            balance_billed,
            plan_paid,
            adjustments,
            tuple(map(_REASON_ATOMS, reasons)) if reasons else (),
            period,
            tier,
            day_counts,
            build,
            args,
        ),
    )
    _set_src(d, src)
    return d


_a_group, _a_reason, _a_amount = setters(Adjustment)
_REASON_ATOMS: Final = attrgetter("code", "params")


def _adjustment(group: Group, reason: str, amount: Money) -> Adjustment:
    """Return an Adjustment from a decision's record, without re-validating.

    Its three slot stores unrolled (``Decision.adjustments`` builds one or two a read):
    0.36 us against 0.75 us through `casekit._unchecked.builder` (timeit, 2026-12).
    """
    a = _new(Adjustment)
    _a_group(a, group)
    _a_reason(a, reason)
    _a_amount(a, amount)
    return a


def _reason(code: str, params: tuple[tuple[str, str | int], ...]) -> Reason:
    r = _new(Reason)
    _r_code(r, code)
    _r_params(r, params)
    return r


@attrs.frozen
class Adjudication:
    """The decisions for a batch of lines, in processing order, and the updated accumulators.

    Examples:
        >>> result = Adjudication((), Accumulators.empty())
        >>> result.decisions, result.plan_paid_total("USD")
        ((), Money(amount=Decimal('0'), currency='USD'))
    """

    decisions: tuple[Decision, ...] = attrs.field(
        converter=v.freeze, validator=v.tuple_of(Decision)
    )
    accumulators: Accumulators = attrs.field(validator=v.instance(Accumulators))

    def decision_for(self, line_number: int) -> Decision:
        """Return the decision for *line_number*.

        Raises:
            InvalidInputError: at ``line_number`` if no line has that number.
        """
        for decision in self.decisions:
            if decision.line_number == line_number:
                return decision
        raise InvalidInputError.one("line_number", "unknown", "must be the number of a line given")

    def plan_paid_total(self, currency: str) -> Money:
        """Return the plan's payment over all lines."""
        total = Money.zero(currency)
        for decision in self.decisions:
            total += decision.plan_paid
        return total

    def patient_total(self, currency: str) -> Money:
        """Return what the patient owes over all lines, balance billing included."""
        total = Money.zero(currency)
        for decision in self.decisions:
            total += decision.patient_total
        return total

    def totals(self, currency: str) -> tuple[tuple[str, Money], ...]:
        """Return the batch's amounts by component, as `Decision.components` names them.

        Examples:
            >>> Adjudication((), Accumulators.empty()).totals("USD")[0]
            ('deductible', Money(amount=Decimal('0.00'), currency='USD'))
        """
        return _totals(self.decisions, currency)

    def totals_by_member(
        self, currency: str
    ) -> tuple[tuple[str | None, tuple[tuple[str, Money], ...]], ...]:
        """Return each member's amounts by component, members in the order their first
        decision comes; they add up to `totals`.

        A member is named by its sequence in the family (`Decision.member`, such as
        ``"00"``); decisions built without one come under None.

        Examples:
            >>> import pendulum
            >>> from casekit.codes import Code, CodeSystem
            >>> from casekit.coverage import (Benefit, CostShare, Plan, Policy, ServiceLine,
            ...     Tier, TierTerms, adjudicate)
            >>> from casekit.periods import DateRange
            >>> usd = lambda s: Money.of(s, "USD")
            >>> plan = Plan("basic", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("all",
            ...     cost_shares=[CostShare(copay=usd("20"), deductible_applies=False)])])
            >>> year = DateRange.of("2025-01-01", "2025-12-31")
            >>> line = ServiceLine(1, Code(CodeSystem.CPT, "99213"), pendulum.date(2025, 3, 1),
            ...                    usd("80"))
            >>> results = [adjudicate(Policy(plan, year, member_id=f"M{m}", member=m), [line],
            ...                       accumulators=Accumulators.empty()) for m in ("01", "02")]
            >>> family = Adjudication([d for r in results for d in r.decisions],
            ...                       Accumulators.empty())
            >>> [(m, str(dict(t)["copay"])) for m, t in family.totals_by_member("USD")]
            [('01', '20.00 USD'), ('02', '20.00 USD')]
        """
        members: dict[str | None, list[Decision]] = {}
        for decision in self.decisions:
            members.setdefault(decision.member, []).append(decision)
        return tuple((m, _totals(ds, currency)) for m, ds in members.items())


def _totals(decisions: Iterable[Decision], currency: str) -> tuple[tuple[str, Money], ...]:
    zero = Money.zero(currency).rounded()
    sums = dict.fromkeys(_COMPONENTS, zero)
    for decision in decisions:
        for name, amount in decision.components:
            sums[name] += amount
    return tuple((name, sums[name].rounded()) for name in _COMPONENTS)


def new_adjudication(
    decisions: tuple[Decision, ...], accumulators: Accumulators, member: str | None = None
) -> Adjudication:
    """Return an Adjudication of what adjudication built itself: its decisions, new and not
    yet seen by anyone, which it marks as *member*'s, and the accumulators."""
    for decision in decisions:
        _set_member(decision, member)
    return _new_adjudication(decisions, accumulators)


_new_adjudication: Final = builder(Adjudication)


_COMPONENTS: Final = (
    "deductible",
    "copay",
    "coinsurance",
    "not_covered",
    "balance_billed",
    "plan_paid",
)


class Coverage(enum.StrEnum):
    """Whether a service is covered (Da Vinci CRD ``covered`` codes).

    Examples:
        >>> Coverage.NOT_COVERED.value
        'not-covered'
    """

    COVERED = "covered"
    NOT_COVERED = "not-covered"
    CONDITIONAL = "conditional"


class PriorAuth(enum.StrEnum):
    """Whether prior authorisation is needed (Da Vinci CRD ``pa-needed`` codes).

    Examples:
        >>> PriorAuth.SATISFIED.value
        'satisfied'
    """

    NO_AUTH = "no-auth"
    AUTH_NEEDED = "auth-needed"
    SATISFIED = "satisfied"
    CONDITIONAL = "conditional"


class InfoNeeded(enum.StrEnum):
    """What must be known before a conditional answer can be firm (Da Vinci CRD codes).

    Examples:
        >>> InfoNeeded.PERFORMER.value
        'performer'
    """

    PERFORMER = "performer"
    """Who performs the service: the network tier or provider kind."""
    LOCATION = "location"
    """Where: the place of service."""
    DETAIL_CODE = "detail-code"
    """More detail: the diagnoses that support the service."""
    OTHER = "OTH"
    """Something else: the member's age or sex, or whether a referral is on file."""


_CONSISTENCY = (
    "not covered never says whether prior authorisation is needed; info_needed is given "
    "exactly when covered, pa_needed or doc_needed is conditional; a satisfied authorisation "
    "carries its id"
)


def _consistent(inst: CoverageAnswer, _attr: object, _value: Any) -> None:
    conditional = (
        inst.covered is Coverage.CONDITIONAL
        or inst.pa_needed is PriorAuth.CONDITIONAL
        or inst.doc_needed == "conditional"
    )
    ok = (
        (inst.covered is not Coverage.NOT_COVERED or inst.pa_needed is None)
        and (inst.covered is Coverage.NOT_COVERED or inst.pa_needed is not None)
        and bool(inst.info_needed) == conditional
        and ((inst.pa_needed is PriorAuth.SATISFIED) == (inst.satisfied_pa_id is not None))
        and (inst.covered is Coverage.COVERED or bool(inst.reasons))
    )
    if not ok:
        raise InvalidInputError.one("covered", "inconsistent", _CONSISTENCY)


def _details(_inst: object, _attr: object, value: Any) -> None:
    if type(value) is not tuple:
        raise InvalidInputError.one("details", "type", "must be a tuple of (name, value) pairs")
    if not all(
        isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)  # noqa: PLR2004  # a pair
        for pair in value
    ):
        raise InvalidInputError.one("details", "type", "must be (name, value) pairs")
    for i, (_name, detail) in enumerate(value):
        if type(detail) is not str and type(detail) is not int:
            raise InvalidInputError.one(
                f"details[{i}]", "type", "must pair its name with text or a whole number"
            )
        if type(detail) is int and abs(detail) > v.MAX_SAFE_INTEGER:
            raise InvalidInputError.one(f"details[{i}]", "too_large", v.TOO_LARGE)


_DOCUMENTATION: Final = frozenset({*(d.value for d in Documentation), "conditional"})


def _doc_needed(_inst: object, _attr: object, value: Any) -> None:
    if value is not None and (type(value) is not str or value not in _DOCUMENTATION):
        raise InvalidInputError.one(
            "doc_needed", "type", "must be clinical, admin, both, conditional or None"
        )


@attrs.frozen
class CoverageAnswer:
    """The pre-service answer: covered or not, prior authorisation, documentation, information.

    It keeps the HL7 Da Vinci CRD coverage-information rules, checked when it is built: a
    not-covered answer has no *pa_needed*; *info_needed* is non-empty exactly when
    *covered*, *pa_needed* or *doc_needed* is conditional; *satisfied_pa_id* is set exactly
    when prior authorisation is satisfied. Anything but covered carries reasons. *details*
    holds facts such as ``("visits_remaining", 12)``.

    Examples:
        >>> CoverageAnswer(Coverage.COVERED, PriorAuth.NO_AUTH).info_needed
        ()
        >>> CoverageAnswer(Coverage.NOT_COVERED, PriorAuth.AUTH_NEEDED,
        ...                reasons=(Reason("coverage.not_covered_excluded"),))
        Traceback (most recent call last):
        ...
        casekit.errors.InvalidInputError: invalid input (1 problem):
          covered: not covered never says whether prior authorisation is needed; ...
    """

    covered: Coverage = attrs.field(validator=v.instance(Coverage))
    pa_needed: PriorAuth | None = attrs.field(
        default=None,
        validator=v.optional_instance(PriorAuth, message="must be a PriorAuth or None"),
    )
    satisfied_pa_id: str | None = attrs.field(default=None, validator=v.optional_identifier)
    doc_needed: str | None = attrs.field(default=None, validator=_doc_needed)
    info_needed: tuple[InfoNeeded, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(InfoNeeded)
    )
    reasons: tuple[Reason, ...] = attrs.field(
        default=(), converter=v.freeze, validator=v.tuple_of(Reason)
    )
    details: tuple[tuple[str, str | int], ...] = attrs.field(
        default=(), converter=v.freeze, validator=_details
    )
    # Last, so the consistency check reads fields already checked.
    benefit: str | None = attrs.field(default=None, validator=[v.optional_identifier, _consistent])
