"""Decisions: what adjudication and the pre-service check return."""

from __future__ import annotations

import enum
from typing import Any, Final, NamedTuple

import attrs

from casekit import _validate as v
from casekit._unchecked import builder, setters
from casekit.coverage._accumulators import Accumulators
from casekit.coverage._benefit import Documentation, Tier
from casekit.coverage._explanation import BUILDERS
from casekit.coverage._policy import _line_number
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


@attrs.frozen
class Decision:
    """How one service line was adjudicated, with every amount exact to the cent.

    *allowed* is the amount the plan considers (FHIR ``eligible``): the fee-schedule or priced
    amount, less any part a limit cut off that the provider must write off. On a covered line
    ``plan_paid + patient_share == allowed``; on every decided line ``billed`` equals
    ``plan_paid`` plus the adjustments (the X12 balancing rule). *not_covered* is what the
    patient owes for what the plan does not cover; *balance_billed* is an out-of-network
    charge above the allowed amount, which never counts toward the out-of-pocket maximum.

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
        default=(), converter=v.freeze, validator=v.tuple_of(tuple)
    )

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
        return tuple(a.code for a in self.adjustments)


# The fourteen slot stores are unrolled rather than going through `casekit._unchecked.builder`:
# one Decision per line on the adjudication hot path, 0.74 us against 1.25 us through the
# builder's loop (timeit, 2026-12; about 5% of a line in benchmarks/coverage.py).
_new = object.__new__
(
    _d_line,
    _d_status,
    _d_benefit,
    _d_billed,
    _d_allowed,
    _d_ded,
    _d_copay,
    _d_coins,
    _d_nc,
    _d_bb,
    _d_paid,
    _d_adj,
    _d_reasons,
    _d_explain,
    _d_period,
    _d_tier,
    _d_days,
) = setters(Decision)


def new_decision(  # noqa: PLR0917  # one positional argument per field, on the hot path
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
    adjustments: tuple[Adjustment, ...],
    reasons: tuple[Reason, ...],
    explain: tuple[Any, ...],
    period: str | None,
    tier: Tier,
    day_counts: tuple[tuple[str, int, Money, int | None, int | None], ...] = (),
) -> Decision:
    """Return a Decision from values adjudication already checked, without re-validating."""
    d = _new(Decision)
    _d_line(d, line_number)
    _d_status(d, status)
    _d_benefit(d, benefit)
    _d_billed(d, billed)
    _d_allowed(d, allowed)
    _d_ded(d, deductible)
    _d_copay(d, copay)
    _d_coins(d, coinsurance)
    _d_nc(d, not_covered)
    _d_bb(d, balance_billed)
    _d_paid(d, plan_paid)
    _d_adj(d, adjustments)
    _d_reasons(d, reasons)
    _d_explain(d, explain)
    _d_period(d, period)
    _d_tier(d, tier)
    _d_days(d, day_counts)
    return d


_a_group, _a_reason, _a_amount = setters(Adjustment)


def new_adjustment(group: Group, reason: str, amount: Money) -> Adjustment:
    """Return an Adjustment from checked parts, without re-validating.

    Unrolled like `new_decision` (one or two per line): 0.36 us against 0.75 us through
    `casekit._unchecked.builder` (timeit, 2026-12).
    """
    a = _new(Adjustment)
    _a_group(a, group)
    _a_reason(a, reason)
    _a_amount(a, amount)
    return a


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
        zero = Money.zero(currency).rounded()
        sums = dict.fromkeys(_COMPONENTS, zero)
        for decision in self.decisions:
            for name, amount in decision.components:
                sums[name] += amount
        return tuple((name, sums[name].rounded()) for name in _COMPONENTS)


new_adjudication: Final = builder(Adjudication)
"""Return an Adjudication of what adjudication built itself (decisions, accumulators)."""


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
