"""adjudicate: service lines in, one decision per line and the updated accumulators out.

Each line goes through the documented steps in turn, each a function below: eligibility
(the coverage period), the benefit match (excluded, not covered at the tier), exclusions
(waiting period, medical necessity, referral), authorisation, limits, the cost share
(deductible, copay, coinsurance, out-of-pocket maximum) and the accumulators. A step either
stops the line with a denial or pending decision, or hands its result to the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, localcontext
from itertools import pairwise
from operator import attrgetter
from typing import Any, Final, NoReturn

from casekit import limits
from casekit.coverage._accumulators import (
    DEDUCTIBLE_MET,
    FAMILY,
    LIFETIME,
    NO_SPELL,
    Accumulators,
    Key,
    authorization_key,
    member_scope,
)
from casekit.coverage._arguments import items, too_many_units
from casekit.coverage._benefit import DayRange, Measure, SpellOfIllness, Tier
from casekit.coverage._compiled import (
    ZERO,
    CBenefit,
    Compiled,
    CShare,
    compiled,
    missing_facts,
    necessity_facts,
    record_stays,
    stay_key,
    stay_qualifies,
)
from casekit.coverage._decision import (
    Adjudication,
    Decision,
    Status,
    decision_of,
    new_adjudication,
)
from casekit.coverage._explanation import BUILDERS, trace_covered, trace_stop
from casekit.coverage._policy import (
    Authorization,
    AuthorizationIndex,
    CoverageLevel,
    Filed,
    Policy,
    ServiceLine,
    filed_authorizations,
)
from casekit.coverage.reason_codes import Group
from casekit.errors import InvalidInputError, Problem
from casekit.money import _CONTEXT as _MONEY_CONTEXT
from casekit.money import _round_amount
from casekit.rules import Evaluation, Reason

__all__ = ["adjudicate", "adjudicate_within"]

_CO: Final = Group.CONTRACTUAL_OBLIGATION.value
_PR: Final = Group.PATIENT_RESPONSIBILITY.value
_COVERED: Final = Status.COVERED.value
_STOP: Final = BUILDERS.index(trace_stop)
_COVERED_TRACE: Final = BUILDERS.index(trace_covered)
_ORDER: Final = attrgetter("service_date", "line_number")
_ONE: Final = Decimal(1)
_VISITS: Final = Measure.VISITS
_AMOUNT: Final = Measure.AMOUNT
_UNPRICED: Final = Decimal("Infinity")
"""The amount of a line with no charge and no price, until its shares are known."""
_UNSEEN: Final[Any] = object()  # not yet in the match cache (None there means no match)


class _Call:
    """One call's fixed terms (plan, policy, scopes, authorisations by code) and its running
    totals (a plain dict) and open spells, which each step reads and the last step updates."""

    __slots__ = (
        "acc",
        "accumulators",
        "auths",
        "c",
        "ded_scopes",
        "end",
        "member",
        "oop_scopes",
        "plan_labels",
        "policy",
        "scope",
        "spelled",
        "spells",
        "start",
    )

    def __init__(
        self,
        c: Compiled,
        policy: Policy,
        authorizations: Filed,
        accumulators: Accumulators,
    ) -> None:
        self.c = c
        self.plan_labels = c.plan_labels
        self.spelled = c.spell is not None  # set whenever the plan's period is a spell
        self.policy = policy
        self.member = policy.member
        self.start = policy.coverage_period.start
        self.end = policy.coverage_period.end
        self.scope = member_scope(policy.member)
        family = policy.coverage_level is CoverageLevel.FAMILY
        self.ded_scopes: dict[Tier, tuple[tuple[str, Decimal], ...]] = {}
        self.oop_scopes: dict[Tier, tuple[tuple[str, Decimal], ...]] = {}
        for tier, ct in c.tiers.items():
            self.ded_scopes[tier] = _scopes(
                self.scope, ct.ded, ct.fam_ded, family=family, embedded=c.embedded
            )
            self.oop_scopes[tier] = _scopes(
                self.scope, ct.oop, ct.fam_oop, family=family, embedded=c.embedded
            )
        self.auths = AuthorizationIndex(authorizations, policy.member)
        self.accumulators = accumulators
        self.acc: dict[Key, Decimal] = accumulators.as_dict()
        self.spells: dict[str, list[int]] = {
            s.member: [s.start.toordinal(), s.last_care.toordinal()] for s in accumulators.spells
        }

    def freeze(self) -> Accumulators:
        """Return the totals and spells as accumulators, built once at the end of the call."""
        fromordinal = dt.date.fromordinal
        spells = {m: (fromordinal(s[0]), fromordinal(s[1])) for m, s in self.spells.items()}
        return self.accumulators._frozen(self.acc, spells)  # noqa: SLF001  # same package


def _scopes(
    scope: str,
    individual: Decimal | None,
    fam: Decimal | None,
    *,
    family: bool,
    embedded: bool,
) -> tuple[tuple[str, Decimal], ...]:
    """Return the (scope, limit) pairs that cap an amount for this member."""
    if not family:
        return () if individual is None else ((scope, individual),)
    found: list[tuple[str, Decimal]] = []
    if embedded and individual is not None:
        found.append((scope, individual))
    if fam is not None:
        found.append((FAMILY, fam))
    return tuple(found)


def adjudicate(
    policy: Policy,
    lines: Iterable[ServiceLine],
    *,
    accumulators: Accumulators,
    authorizations: Iterable[Authorization] = (),
) -> Adjudication:
    """Return a decision for each line and the accumulators after them.

    Lines are processed in service-date order, then by line number, whatever order they come
    in, so the same lines give the same decisions in one call or split over several calls
    that carry the accumulators forward. For each line, in order: the coverage period; the
    first matching benefit (excluded, not covered at the tier, waiting period); medical
    necessity (pending when the facts it needs are missing); referral; prior authorisation
    (its units are used up); the allowed amount (priced amount, else fee schedule times
    units, else the charge; never above the charge); limits; deductible, copay and
    coinsurance; the out-of-pocket maximum (reducing coinsurance, then copay, then
    deductible); and the split between patient and plan. Amounts are exact; coinsurance is
    rounded to the cent with `Money.rounded`. Pending lines change no accumulator.

    Raises:
        InvalidInputError: at ``policy`` or ``accumulators`` if it is not one; at ``lines``
            or ``authorizations`` if it is text or not iterable; listing every authorisation
            that is not an `Authorization`; listing every line that is not a `ServiceLine`,
            has a repeated line number or a charge in another currency than the plan's, or
            accumulators in another currency; and, with code ``too_large`` at
            ``lines[i].units``, every line billing more units than the ``units_per_line``
            budget of `casekit.limits` (read once, when the call starts). A refused call
            changes nothing.

    Examples:
        >>> import pendulum
        >>> from decimal import Decimal
        >>> from casekit.codes import Code, CodeSystem
        >>> from casekit.money import Money
        >>> from casekit.periods import DateRange
        >>> from casekit.coverage import (Accumulators, Benefit, CostShare, Plan, Policy,
        ...     ServiceLine, Tier, TierTerms)
        >>> usd = lambda s: Money.of(s, "USD")
        >>> plan = Plan("jane", tiers=[TierTerms(Tier.IN, deductible=usd("1500"),
        ...     out_of_pocket_max=usd("5000"))],
        ...     benefits=[Benefit("all", cost_shares=[CostShare(coinsurance=Decimal("0.2"))])])
        >>> policy = Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M1")
        >>> line = ServiceLine(1, Code(CodeSystem.CPT, "99213"), pendulum.date(2025, 2, 10),
        ...                    usd("125.00"))
        >>> result = adjudicate(policy, [line], accumulators=Accumulators.empty())
        >>> d = result.decisions[0]
        >>> d.status.value, str(d.deductible), str(d.plan_paid), d.adjustment_codes
        ('covered', '125.00 USD', '0.00 USD', ('PR-1',))
    """
    return adjudicate_within(
        policy,
        lines,
        accumulators,
        authorizations,
        units_per_line=limits.budget().units_per_line,
    )


def adjudicate_within(
    policy: Policy,
    lines: Iterable[ServiceLine],
    accumulators: Accumulators,
    authorizations: Iterable[Authorization],
    *,
    units_per_line: int,
) -> Adjudication:
    """Return `adjudicate`'s result with *units_per_line* as the budget: `adjudicate_many`
    reads the budget once, when it is called, and holds each of its runs to it."""
    if not isinstance(policy, Policy):
        raise InvalidInputError.one("policy", "type", "must be a Policy")
    if not isinstance(accumulators, Accumulators):
        raise InvalidInputError.one("accumulators", "type", "must be Accumulators")
    batch: tuple[ServiceLine, ...] = items(lines, "lines", "ServiceLine")
    auths = filed_authorizations(authorizations)[1]
    c = compiled(policy.plan)
    _check_lines(c, batch, accumulators, units_per_line)
    call = _Call(c, policy, auths, accumulators)
    decide = _decide
    with localcontext(_MONEY_CONTEXT):  # amounts add up the same whatever the caller has set
        decisions = tuple([decide(call, line) for line in sorted(batch, key=_ORDER)])
    return new_adjudication(decisions, call.freeze(), policy.member)


def _check_lines(
    c: Compiled, lines: tuple[ServiceLine, ...], acc: Accumulators, units_per_line: int
) -> None:
    """Refuse a batch that is not lines with unique numbers, all in the plan's currency and
    within the budget's units."""
    currency = c.currency
    # The usual batch passes in a few quick passes; only a bad one is looked at closely. The
    # types and units are checked in a plain loop: its compare specialises for ints where a
    # generator's (whose value all() reads) would not, so the budget costs a compare a line.
    for line in lines:
        if type(line) is not ServiceLine or line.units > units_per_line:
            _refuse_lines(currency, lines, acc, units_per_line)
    if (
        acc.currency == currency
        and len({line.line_number for line in lines}) == len(lines)
        and all(line.billed is None or line.billed.currency == currency for line in lines)
        and all(line.allowed is None or line.allowed.currency == currency for line in lines)
    ):
        return
    _refuse_lines(currency, lines, acc, units_per_line)


def _refuse_lines(
    currency: str, lines: tuple[ServiceLine, ...], acc: Accumulators, units_per_line: int
) -> NoReturn:
    problems: list[Problem] = []
    if acc.currency != currency:
        problems.append(
            Problem("accumulators.currency", "currency_mismatch", "must be the plan's currency")
        )
    seen: set[int] = set()
    for i, line in enumerate(lines):
        if type(line) is not ServiceLine:
            problems.append(Problem(f"lines[{i}]", "type", "must be a ServiceLine"))
            continue
        if line.line_number in seen:
            problems.append(
                Problem(f"lines[{i}].line_number", "duplicate", "must be unique within the call")
            )
        seen.add(line.line_number)
        if line.units > units_per_line:
            problems.append(too_many_units(f"lines[{i}].units", units_per_line))
        if (line.billed is not None and line.billed.currency != currency) or (
            line.allowed is not None and line.allowed.currency != currency
        ):
            problems.append(
                Problem(f"lines[{i}].billed", "currency_mismatch", "must be in the plan's currency")
            )
    raise InvalidInputError(problems)


def _deny(  # noqa: PLR0917  # the parts of a denial, positional on the hot path
    k: _Call,
    line: ServiceLine,
    benefit: str | None,
    reason_code: str,
    reasons: tuple[Reason, ...],
    patient_liable: bool,  # noqa: FBT001  # private hot-path helper, called positionally
    explain: tuple[Any, ...],
    status: Status = Status.DENIED,
    period: str | None = None,
) -> Decision:
    c = k.c
    pad = c.pad
    billed_m = line.billed
    if billed_m is None:  # no charge: the priced amount, if any
        billed_m = line.allowed
    billed = pad if billed_m is None else billed_m.amount
    if not billed.same_quantum(pad):
        billed += pad
    if status is Status.PENDING:
        adjustments: tuple[tuple[str, str, Decimal], ...] = ()
        not_covered = pad
    else:
        adjustments = ((_PR if patient_liable else _CO, reason_code, billed),)
        not_covered = billed if patient_liable else pad
    return decision_of(
        line.line_number,
        status._value_,
        benefit,
        c.currency,
        billed,
        pad,
        pad,
        pad,
        pad,
        not_covered,
        pad,
        pad,
        adjustments,
        reasons,
        _STOP,  # the trace_stop builder, its arguments but the compiled benefit, and that
        explain[1:2] + explain[3:],
        explain[2],
        period,
        line.network._value_,
    )


def _decide(k: _Call, line: ServiceLine) -> Decision:
    """Return the decision for *line*, taking the documented steps in turn.

    A step whose terms the benefit lacks is skipped here rather than called.
    """
    on = line.service_date
    if on < k.start or on > k.end:
        return _ineligible(k, line)
    matched = _benefit_match(k, line)
    if type(matched) is Decision:
        return matched
    cb: CBenefit = matched  # type: ignore[assignment]  # narrowed by the type test above
    mn_outcome: Evaluation | None = None
    if cb.screened:
        passed = _exclusions(k, line, cb)
        if type(passed) is Decision:
            return passed
        mn_outcome = passed  # type: ignore[assignment]  # narrowed by the type test above
    auth: Authorization | None = None
    if cb.benefit.prior_authorization:
        found = _authorization(k, line, cb)
        if type(found) is Decision:
            return found
        auth = found  # type: ignore[assignment]  # narrowed by the type test above
    if k.spelled:
        spell_label, plan_label, spell = _periods(k, line)
    else:
        spell_label, spell = NO_SPELL, None
        plan_label = k.plan_labels.get(on) or k.c.plan_label(on)
    room: _Room = (line.units, None, (), ())
    if cb.limits:
        found_room = _limits(k, line, cb, spell_label, plan_label)
        if type(found_room) is Decision:
            return found_room
        room = found_room  # type: ignore[assignment]  # narrowed by the type test above
    return _cost_share(k, line, cb, (plan_label, spell), room, (mn_outcome, auth, room[2]))


def _periods(k: _Call, line: ServiceLine) -> tuple[str, str, list[int] | None]:
    """Return the labels of the spell of illness and of the benefit period *line* falls in,
    and the member's spell as it is once the line is covered (None: unchanged), for a plan
    that knows spells of illness."""
    c = k.c
    on = line.service_date
    spell_label, spell = c.spell_for(k.spells.get(k.member), on, line.place_of_service, line.units)
    if c.spell_period:
        return spell_label, spell_label, spell
    return spell_label, c.plan_labels.get(on) or c.plan_label(on), spell


def _needs_amount(k: _Call, line: ServiceLine, cb: CBenefit) -> Decision:
    """Hold a line with no charge and no price whose coinsurance or amount limit needs one:
    pending, CARC 16, asking for the charge."""
    reason = _reason("coverage.information_needed", benefit=cb.id, what="billed")
    liable = k.c.tiers[line.network].patient_liable
    explain = (trace_stop, "amount", cb)
    return _deny(k, line, cb.id, "16", (reason,), liable, explain, Status.PENDING)


def _ineligible(k: _Call, line: ServiceLine) -> Decision:
    """Stop a line outside the policy's coverage period (CARC 26 before, 27 after)."""
    if line.service_date < k.start:
        code, reason = "26", "coverage.before_coverage"
    else:
        code, reason = "27", "coverage.after_coverage"
    not_liable = False  # the policy did not cover the date: never the patient's
    explain = (trace_stop, "coverage_period", None)
    return _deny(k, line, None, code, (_reason(reason),), not_liable, explain)


def _benefit_match(k: _Call, line: ServiceLine) -> CBenefit | Decision:
    """Return the first benefit matching *line*, or stop it: no benefit, excluded, wrong tier."""
    c = k.c
    code = line.code
    on = line.service_date
    place = line.place_of_service
    kind = line.provider_kind
    cb = c.match_cache.get(
        (code.system, code.value, place, kind, on)
        if c.dated
        else (code.system, code.value, place, kind),
        _UNSEEN,
    )
    if cb is _UNSEEN:
        cb = c.match(code, on, place, kind)
    if cb is not None and line.network in cb.covers:
        return cb  # type: ignore[no-any-return]  # the cache holds CBenefit or None
    return _unmatched(k, line, cb)


def _unmatched(k: _Call, line: ServiceLine, cb: CBenefit | None) -> Decision:
    """Stop a line no benefit covers: none matches, it is excluded, or not at its tier."""
    network = line.network
    ct = k.c.tiers.get(network)
    liable = ct.patient_liable if ct is not None else network is Tier.OUT
    if cb is None:
        reason = _reason("coverage.no_matching_benefit", service=str(line.code))
        return _deny(k, line, None, "96", (reason,), liable, (trace_stop, "benefit", None))
    bid = cb.id
    if not cb.benefit.covered:
        reason = _reason("coverage.not_covered_excluded", benefit=bid)
        return _deny(k, line, bid, "96", (reason,), liable, (trace_stop, "excluded", cb))
    reason = _reason("coverage.not_covered_network", benefit=bid, tier=network.value)
    return _deny(k, line, bid, "242", (reason,), liable, (trace_stop, "network", cb))


def _exclusions(k: _Call, line: ServiceLine, cb: CBenefit) -> Evaluation | Decision | None:
    """Stop a line in its waiting period, not medically necessary (pending if facts are
    missing) or without a referral; else return the medical-necessity outcome, if any."""
    benefit = cb.benefit
    bid = cb.id
    on = line.service_date
    liable = k.c.tiers[line.network].patient_liable
    waiting = benefit.waiting_period_days
    if waiting and on.toordinal() - k.start.toordinal() < waiting:
        reason = _reason("coverage.waiting_period", benefit=bid, days=waiting)
        return _deny(k, line, bid, "26", (reason,), liable, (trace_stop, "waiting_period", cb))
    outcome = None
    if cb.mn_rule is not None:
        assert cb.mn is not None  # noqa: S101  # compiled together with mn_rule
        missing = missing_facts(cb.mn, line.diagnoses, k.policy)
        if missing:
            return _deny(
                k,
                line,
                bid,
                "16",
                tuple(_reason("coverage.information_needed", benefit=bid, what=m) for m in missing),
                liable,
                (trace_stop, "medical_necessity_facts", cb, missing),
                Status.PENDING,
            )
        outcome = cb.mn_rule.evaluate(necessity_facts(k.policy, on, line.diagnoses))
        if not outcome.passed:
            return _deny(
                k,
                line,
                bid,
                "50",
                (_reason("coverage.not_medically_necessary", benefit=bid), *outcome.reasons),
                liable,
                (trace_stop, "medical_necessity", cb, outcome),
            )
    if benefit.referral and not line.referral:
        reason = _reason("coverage.referral_absent", benefit=bid)
        return _deny(k, line, bid, "288", (reason,), liable, (trace_stop, "referral", cb))
    stay = benefit.qualifying_stay
    if stay is not None and not stay_qualifies(stay, k.acc.get(stay_key(k.scope, bid)), on):
        reason = _reason(
            "coverage.qualifying_stay_absent", benefit=bid, days=stay.days, within=stay.within_days
        )
        return _deny(k, line, bid, "96", (reason,), liable, (trace_stop, "qualifying_stay", cb))
    return outcome


def _authorization(k: _Call, line: ServiceLine, cb: CBenefit) -> Authorization | Decision:
    """Return the authorisation with units left for *line*, or stop it (CARC 197 or 198)."""
    auth, exceeded = k.auths.find(
        line.code,
        k.acc,
        on=line.service_date,
        units=line.units,
        wanted=line.authorization_id,
    )
    if auth is not None:
        return auth
    reason = _reason(
        "coverage.authorization_exceeded" if exceeded else "coverage.authorization_absent",
        benefit=cb.id,
    )
    return _deny(
        k,
        line,
        cb.id,
        "198" if exceeded else "197",
        (reason,),
        k.c.tiers[line.network].patient_liable,
        (trace_stop, "authorization", cb),
    )


_Room = tuple[int, Decimal | None, Sequence[Decimal], Sequence[tuple[Key, Measure]]]
"""What the limits leave for a line: the units counted, the amount left (None: no amount
limit), the amount each limit had used before the line, and each limit's key and measure."""


def _limits(
    k: _Call, line: ServiceLine, cb: CBenefit, spell_label: str, plan_label: str
) -> _Room | Decision:
    """Return what the benefit's limits leave for *line*, or stop it when one is used up."""
    c = k.c
    acc = k.acc
    on = line.service_date
    scope = k.scope
    counted_units = line.units
    amount_room: Decimal | None = None
    exhausted: list[Reason] | None = None
    used_before: list[Decimal] = []
    keys: list[tuple[Key, Measure]] = []
    for lim in cb.limits:
        if lim.same_period:
            label = plan_label
        elif type(lim.per) is SpellOfIllness:
            label = spell_label
        else:
            label = c.limit_label(lim, on)
        measure = lim.measure
        bucket = lim.bucket(line.diagnoses) if lim.per_condition else lim.counter
        key = (scope, bucket, lim.measure_name, label)
        used = acc.get(key, ZERO)
        room = lim.max - used
        used_before.append(used)
        keys.append((key, measure))
        if room <= ZERO or (measure is not _AMOUNT and room < _ONE):
            if exhausted is None:
                exhausted = []
            exhausted.append(
                _reason(
                    "coverage.limit_reached",
                    benefit=cb.id,
                    counter=lim.counter,
                    measure=lim.measure_name,
                    max=str(lim.max),
                )
            )
        elif measure is _AMOUNT:
            if amount_room is None or room <= amount_room:
                amount_room = room
        elif measure is not _VISITS:
            counted_units = min(counted_units, int(room))
    if exhausted is not None:
        return _deny(
            k,
            line,
            cb.id,
            "119",
            tuple(exhausted),
            c.tiers[line.network].patient_liable,
            (trace_stop, "limits", cb, tuple(used_before)),
            Status.DENIED,
            plan_label,
        )
    return (counted_units, amount_room, used_before, keys)


DayCounts = tuple[tuple[str, int, Decimal, int | None, int | None], ...]
"""A stay's days by range, as `Decision.day_counts` holds them."""

_Shares = tuple[Decimal, Decimal, Decimal, Decimal, "Key | None", "Key | None"]
"""Deductible, copay, coinsurance, the deductible left before the line, and the coinsurance
and visit keys to count, if any."""


def _cost_share(  # noqa: C901, PLR0917  # the cost-share steps, inline on the hot path
    k: _Call,
    line: ServiceLine,
    cb: CBenefit,
    periods: tuple[str, list[int] | None],
    room: _Room,
    recorded: tuple[Evaluation | None, Authorization | None, Sequence[Decimal]],
) -> Decision:
    """Return the covered line's decision: the covered part of the allowed amount (days,
    units and amount limits, rounded once), the patient's shares, the out-of-pocket maximum,
    the accumulators (and the member's spell) and the split. *periods* is the line's benefit
    period label and the spell it opens or extends, if any."""
    c = k.c
    plan_label, spell = periods
    cs: CShare = cb.terms[line.network]  # type: ignore[assignment]  # the match checked it
    billed_m = line.billed  # the charge at the currency's scale; none: `_UNPRICED`
    allowed = billed = _UNPRICED if billed_m is None else billed_m.amount + c.pad
    priced = line.allowed
    if priced is not None:
        allowed = min(priced.amount + c.pad, billed)
    elif c.fees:
        allowed = _fee_allowed(c, line, billed)
    covered_units = room[0]
    covered_allowed = allowed
    daily_total = ZERO
    reserve = 0
    days: DayCounts = ()
    if allowed is _UNPRICED and (cs.coinsurance or room[1] is not None):
        return _needs_amount(k, line, cb)
    if cs.day_ranges:
        covered_units, daily_total, reserve, days = _days(k, cb, cs, plan_label, room[0])
    if covered_units != line.units and allowed is not _UNPRICED:
        share = _round_amount(allowed * covered_units / line.units, c.currency)
        covered_allowed = min(share, allowed)  # rounding up never covers more than allowed
    if room[1] is not None and covered_allowed > room[1]:
        covered_allowed = room[1]
    if allowed != covered_allowed and not covered_allowed:
        return _deny(
            k,
            line,
            cb.id,
            "119",
            (_reason("coverage.days_not_covered", benefit=cb.id, days=line.units),),
            c.tiers[line.network].patient_liable,
            (trace_stop, "limits", cb, tuple(room[2])),
            Status.DENIED,
            plan_label,
        )
    shares, capped = _shares(k, line, cb, cs, plan_label, room, covered_allowed, daily_total)
    limited = False
    if allowed is _UNPRICED:  # the patient's share is the allowed amount
        allowed = covered_allowed = shares[0] + shares[1] + shares[2]
    elif cs.day_ranges and not capped:
        owed = daily_total + (shares[3] if cs.deductible_applies else ZERO)
        limited = covered_allowed < owed
    if cs.day_ranges:
        _count_days(k, cb, plan_label, room[0], reserve)
    if spell is not None:  # covered: pending and denied lines leave the spells as they were
        k.spells[k.member] = spell
    if c.stays:
        record_stays(c, k.acc, k.scope, cb.id, line)
    _accumulate(k, line, cs, recorded[1], plan_label, room, covered_allowed, shares)
    covered = (allowed, covered_allowed, covered_units, plan_label, days, limited)
    return _split(k, line, cb, recorded, covered, shares, capped)


def _fee_allowed(c: Compiled, line: ServiceLine, billed: Decimal) -> Decimal:
    """Return the fee schedule's amount for the line (per unit, times the units), never
    above the charge *billed*; the charge when the schedule has no fee for it."""
    fee = c.fee(line.code, line.network)
    return billed if fee is None else min(fee * line.units, billed)


def _days(
    k: _Call, cb: CBenefit, cs: CShare, plan_label: str, days: int
) -> tuple[int, Decimal, int, DayCounts]:
    """Return the days covered, their daily amounts, the reserve days drawn and the days by
    range, for *days* counted on from the days the benefit period has used."""
    acc = k.acc
    first_day = int(acc.get((k.scope, cb.id, "days", plan_label), ZERO)) + 1
    reserve_used = int(acc.get((k.scope, cb.id, "reserve_days", LIFETIME), ZERO))
    covered, total, drawn, by_range = _walk_days(cs, reserve_used, first_day, days)
    currency = k.c.currency
    counts: list[tuple[str, int, Decimal, int | None, int | None]] = [
        (
            "lifetime_reserve" if rng.reserve else "full" if rng.daily is None else "coinsurance",
            n,
            _round_amount(ZERO if rng.daily is None else rng.daily.amount * n, currency),
            rng.first,
            rng.last,
        )
        for rng, n in by_range.items()
    ]
    if covered < days:
        counts.append(("not_covered", days - covered, k.c.pad, None, None))
    return covered, total + k.c.pad, drawn, tuple(counts)


def _count_days(k: _Call, cb: CBenefit, plan_label: str, days: int, reserve: int) -> None:
    """Add a covered line's days to the benefit period's, and its reserve days drawn."""
    acc = k.acc
    day_key = (k.scope, cb.id, "days", plan_label)
    acc[day_key] = acc.get(day_key, ZERO) + days
    if reserve:
        reserve_key = (k.scope, cb.id, "reserve_days", LIFETIME)
        acc[reserve_key] = acc.get(reserve_key, ZERO) + reserve


def _shares(  # noqa: PLR0917  # private, positional on the hot path
    k: _Call,
    line: ServiceLine,
    cb: CBenefit,
    cs: CShare,
    plan_label: str,
    room: _Room,
    rest: Decimal,
    daily_total: Decimal,
) -> tuple[_Shares, bool]:
    """Return the copay (before or after the deductible), the deductible, the coinsurance
    (capped per period) and the daily amounts, in that order, capped by the out-of-pocket
    maximum; and whether it capped them."""
    ded_room = _deductible_left(k, line.network, plan_label) if cs.reads_deductible else ZERO
    waived, count_visit = False, None
    if cb.needs_visits:
        seen, count_visit = _visits(k, cb, plan_label, room)
        if seen < cs.first_visits:
            return _first_visit(k, line, cs, plan_label, rest, ded_room, count_visit)
        waived = seen < cs.deductible_waived_visits
    copay = ZERO
    copay_amount = cs.copay
    if copay_amount is not None and cs.copay_before:
        copay = min(copay_amount, rest)
        rest -= copay
    deductible = ZERO
    if cs.deductible_applies and ded_room and not waived:
        deductible = min(ded_room, rest)
        rest -= deductible
    if copay_amount is not None and not cs.copay_before:
        copay = min(copay_amount, rest)
        rest -= copay
    coinsurance = ZERO
    coins_key = None
    if cs.coinsurance:
        # Never more than is left: rounding up can pass it when an amount has more digits
        # than the currency's minor unit (a fee of 33.333, a charge of 66.665).
        coinsurance = min(_round_amount(rest * cs.coinsurance, k.c.currency), rest)
        if cs.coinsurance_max is not None:
            coins_key = (k.scope, cb.id, "coinsurance", plan_label)
            left = cs.coinsurance_max - k.acc.get(coins_key, ZERO)
            coinsurance = max(min(coinsurance, left), ZERO)
    if daily_total:
        coinsurance += min(daily_total, rest - coinsurance)
    shares = (deductible, copay, coinsurance, ded_room, coins_key, count_visit)
    if k.oop_scopes[line.network]:
        return _out_of_pocket(k, line, cs, plan_label, shares)
    return shares, False


def _visits(k: _Call, cb: CBenefit, plan_label: str, room: _Room) -> tuple[Decimal, Key | None]:
    """Return the visits to the benefit in the period before this one, and the visit count
    to add to when no limit counts visits already."""
    visits_key = (k.scope, cb.id, "visits", plan_label)
    count_visit = None if any(key == visits_key for key, _ in room[3]) else visits_key
    return k.acc.get(visits_key, ZERO), count_visit


def _first_visit(  # noqa: PLR0917  # private, positional
    k: _Call,
    line: ServiceLine,
    cs: CShare,
    plan_label: str,
    rest: Decimal,
    ded_room: Decimal,
    count_visit: Key | None,
) -> tuple[_Shares, bool]:
    """Return the shares of one of the first visits of the period: its copay (never more
    than the allowed amount), no deductible and no coinsurance; capped by the out-of-pocket
    maximum like any copay."""
    copay = min(cs.first_copay, rest)
    shares = (ZERO, copay, ZERO, ded_room, None, count_visit)
    if k.oop_scopes[line.network]:
        return _out_of_pocket(k, line, cs, plan_label, shares)
    return shares, False


def _deductible_left(k: _Call, network: Tier, plan_label: str) -> Decimal:
    """Return the smallest deductible left over the member's and family's deductibles at
    *network*: zero when met or more than met, never less."""
    left = None
    acc = k.acc
    bucket = k.c.tiers[network].bucket
    spell = k.c.spell_period
    for s, limit in k.ded_scopes[network]:
        if spell and acc.get((s, bucket, DEDUCTIBLE_MET, plan_label)):
            return ZERO  # met once in this benefit period, whatever a later year's amount
        room = limit - acc.get((s, bucket, "deductible", plan_label), ZERO)
        if left is None or room < left:
            left = room
    return ZERO if left is None or left < ZERO else left


def _out_of_pocket(
    k: _Call, line: ServiceLine, cs: CShare, plan_label: str, shares: _Shares
) -> tuple[_Shares, bool]:
    """Return the shares capped at the out-of-pocket maximum left (coinsurance first, then
    copay, then deductible), and whether they were; count what remains toward it."""
    acc = k.acc
    bucket = k.c.tiers[line.network].bucket
    oop_scopes = k.oop_scopes[line.network]
    oop_room = ZERO
    for i, (s, limit) in enumerate(oop_scopes):
        left = limit - acc.get((s, bucket, "out_of_pocket", plan_label), ZERO)
        if not i or left < oop_room:
            oop_room = left
    oop_room = max(oop_room, ZERO)
    copay_counts = cs.copay_counts_toward_out_of_pocket
    deductible, copay, coinsurance = shares[0], shares[1], shares[2]
    counted = deductible + coinsurance + (copay if copay_counts else ZERO)
    capped = counted > oop_room
    if capped:
        excess = counted - oop_room
        cut = min(excess, coinsurance)
        coinsurance -= cut
        excess -= cut
        if copay_counts:
            cut = min(excess, copay)
            copay -= cut
            excess -= cut
        deductible -= excess
        shares = (deductible, copay, coinsurance, *shares[3:])
        counted = oop_room
    for s, _ in oop_scopes:
        key = (s, bucket, "out_of_pocket", plan_label)
        acc[key] = acc.get(key, ZERO) + counted
    return shares, capped


def _accumulate(  # noqa: PLR0917  # private, positional on the hot path
    k: _Call,
    line: ServiceLine,
    cs: CShare,
    auth: Authorization | None,
    plan_label: str,
    room: _Room,
    covered_allowed: Decimal,
    shares: _Shares,
) -> None:
    """Add the covered line to the deductible (never past it: what was met never goes
    down), limit, visit, coinsurance and authorisation totals; all were read before, so the
    order of these updates does not matter."""
    acc = k.acc
    credit, copay, coinsurance, ded_room, coins_key, count_visit = shares
    if cs.copay_counts_toward_deductible and copay:
        credit += min(copay, ded_room - credit)
    if credit:
        _credit_deductible(k, line.network, plan_label, credit)
    for key, measure in room[3]:
        if measure is _VISITS:
            acc[key] = acc.get(key, ZERO) + _ONE
        elif measure is _AMOUNT:
            acc[key] = acc.get(key, ZERO) + covered_allowed
        else:
            acc[key] = acc.get(key, ZERO) + room[0]
    if count_visit is not None:
        acc[count_visit] = acc.get(count_visit, ZERO) + _ONE
    if coins_key is not None:  # the capped coinsurance
        acc[coins_key] = acc.get(coins_key, ZERO) + coinsurance
    if auth is not None:
        key = authorization_key(auth.id)
        acc[key] = acc.get(key, ZERO) + line.units


def _credit_deductible(k: _Call, network: Tier, plan_label: str, credit: Decimal) -> None:
    """Add *credit* to the member's (and family's) deductible met at *network*; in a spell of
    illness, mark the deductible met once it is (it is charged once per benefit period)."""
    acc = k.acc
    bucket = k.c.tiers[network].bucket
    spell = k.c.spell_period
    for s, limit in k.ded_scopes[network]:
        key = (s, bucket, "deductible", plan_label)
        acc[key] = total = acc.get(key, ZERO) + credit
        if spell and total >= limit:
            acc[s, bucket, DEDUCTIBLE_MET, plan_label] = _ONE


def _split(  # noqa: C901, PLR0912, PLR0917  # one line's split, inline on the hot path
    k: _Call,
    line: ServiceLine,
    cb: CBenefit,
    recorded: tuple[Evaluation | None, Authorization | None, Sequence[Decimal]],
    covered: tuple[Decimal, Decimal, int, str, DayCounts, bool],
    shares: _Shares,
    capped: bool,  # noqa: FBT001  # private hot-path helper, called positionally
) -> Decision:
    """Return the covered line's decision: the split between patient and plan, with the
    X12 adjustments and the reasons; *recorded* is what its trace is built from."""
    c = k.c
    ct = c.tiers[line.network]
    pad = c.pad
    bid = cb.id
    allowed, covered_allowed, covered_units, period, days, limited = covered
    billed_m = line.billed
    billed = allowed if billed_m is None else billed_m.amount  # no charge: none above allowed
    if not billed.same_quantum(pad):
        billed += pad
    deductible, copay, coinsurance = shares[0], shares[1], shares[2]
    over = billed - allowed
    adjustments: list[tuple[str, str, Decimal]] = []
    balance_billed = pad
    if over:
        if ct.terms.balance_billing:
            balance_billed = over
            adjustments.append((_PR, "45", over))
        else:
            adjustments.append((_CO, "45", over))
    not_covered = pad
    reported_allowed = allowed
    reasons: tuple[Reason, ...] = ()
    uncovered = allowed - covered_allowed
    if uncovered:
        liable = ct.patient_liable
        adjustments.append((_PR if liable else _CO, "119", uncovered))
        if liable:
            not_covered = uncovered
        else:
            reported_allowed = covered_allowed
        reasons = (
            _reason(
                "coverage.partly_covered", benefit=bid, covered=covered_units, units=line.units
            ),
        )
    if capped:
        reasons = (*reasons, _reason("coverage.out_of_pocket_max_reached", tier=line.network.value))
    if limited:
        reasons = (*reasons, _reason("coverage.share_limited_by_charge", benefit=bid))
    if deductible:
        adjustments.append((_PR, "1", deductible))
    else:
        deductible = pad
    if coinsurance:
        adjustments.append((_PR, "2", coinsurance))
    else:
        coinsurance = pad
    if copay:
        adjustments.append((_PR, "3", copay))
    else:
        copay = pad
    return decision_of(
        line.line_number,
        _COVERED,
        bid,
        c.currency,
        billed,
        billed if reported_allowed == billed else reported_allowed,
        deductible,
        copay,
        coinsurance,
        not_covered,
        balance_billed,
        covered_allowed - deductible - copay - coinsurance,
        tuple(adjustments),
        reasons,
        _COVERED_TRACE,  # the trace_covered builder, its arguments but cb, and cb
        (recorded[0], recorded[1], *recorded[2]),
        cb,
        period,
        line.network._value_,
        days,
    )


def _day_cuts(ranges: tuple[DayRange, ...], start: int, end: int) -> list[int]:
    """Return *start*, *end* and the range boundaries between them, in order."""
    cuts = {start, end}
    for rng in ranges:
        if start < rng.first < end:
            cuts.add(rng.first)
        if rng.last is not None and start <= rng.last < end - 1:
            cuts.add(rng.last + 1)
    return sorted(cuts)


_REASONS: dict[tuple[str, tuple[tuple[str, str | int], ...]], Reason] = {}
_REASON_CACHE: Final = 4096


def _reason(code: str, **params: str | int) -> Reason:
    """Return the reason *code* with *params*, reusing equal reasons (they are immutable).

    The cache is bounded and safe under threads: a lookup and a store are each atomic, and
    two threads storing one key store equal values.
    """
    key = (code, tuple(params.items()))
    found = _REASONS.get(key)
    if found is None:
        found = Reason(code, tuple(sorted(params.items())))
        if len(_REASONS) < _REASON_CACHE:
            _REASONS[key] = found
    return found


def _walk_days(
    cs: CShare, reserve_used: int, first_day: int, days: int
) -> tuple[int, Decimal, int, dict[DayRange, int]]:
    """Return (covered days, daily amounts, reserve days drawn, days by range) for *days*
    from *first_day*.

    Each day takes the first of the cost share's ranges that holds it and, for a range on
    a lifetime reserve, still has reserve days left; days no range takes are not covered.
    The work is in the number of ranges, never in the number of days: between two range
    boundaries the ranges that hold a day do not change, and as reserve days are drawn a
    range on the reserve only stops taking days, so each such stretch goes, in range order,
    to each range for as many days as it can take.
    """
    ranges = cs.day_ranges
    drawn = 0
    covered = 0
    total = ZERO
    by_range: dict[DayRange, int] = {}
    for start, end in pairwise(_day_cuts(ranges, first_day, first_day + days)):
        left = end - start
        for rng in ranges:
            if not left:
                break
            if start < rng.first or (rng.last is not None and start > rng.last):
                continue
            taken = left
            if rng.reserve is not None:
                taken = min(left, max(rng.reserve - reserve_used - drawn, 0))
                drawn += taken
            if taken:
                covered += taken
                left -= taken
                by_range[rng] = by_range.get(rng, 0) + taken
                if rng.daily is not None:
                    total += rng.daily.amount * taken
    return covered, total, drawn, by_range
