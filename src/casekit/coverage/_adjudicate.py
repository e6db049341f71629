"""adjudicate: service lines in, one decision per line and the updated accumulators out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, localcontext
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Final

from casekit.coverage._accumulators import FAMILY, Accumulators, member_scope
from casekit.coverage._benefit import Measure, SpellOfIllness, Tier
from casekit.coverage._compiled import (
    LIFETIME,
    NO_SPELL,
    ZERO,
    CBenefit,
    Compiled,
    compiled,
    money,
)
from casekit.coverage._decision import (
    TRACE_BUILDERS,
    Adjudication,
    Adjustment,
    Decision,
    Status,
    new_adjudication,
    new_adjustment,
    new_decision,
)
from casekit.coverage._fields import items
from casekit.coverage._policy import (
    Authorization,
    CoverageLevel,
    Policy,
    ServiceLine,
    authorizations_of,
)
from casekit.coverage.reason_codes import Group
from casekit.errors import InvalidInputError, Problem
from casekit.money import _CONTEXT as _MONEY_CONTEXT
from casekit.rules import Evaluation, Reason, Trace

if TYPE_CHECKING:
    from casekit.money import Money

__all__ = ["adjudicate"]

_CO: Final = Group.CONTRACTUAL_OBLIGATION
_PR: Final = Group.PATIENT_RESPONSIBILITY
_ORDER: Final = attrgetter("service_date", "line_number")
_ONE: Final = Decimal(1)
_VISITS: Final = Measure.VISITS
_AMOUNT: Final = Measure.AMOUNT
_AUTH: Final = "auth"
_UNSEEN: Final[Any] = object()  # not yet in the match cache (None there means no match)
Key = tuple[str, str, str, str]


class _Context:
    """What stays fixed for one call: the policy's scopes and the authorisations by code."""

    __slots__ = ("auths", "ded_scopes", "end", "member", "oop_scopes", "scope", "start")

    def __init__(
        self, c: Compiled, policy: Policy, authorizations: tuple[Authorization, ...]
    ) -> None:
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
        auths: dict[object, list[Authorization]] = {}
        for auth in sorted(authorizations, key=lambda a: (a.valid.start, a.id)):
            if auth.member == policy.member:
                auths.setdefault(auth.code, []).append(auth)
        self.auths = auths


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


class _State:
    """The running totals during one call, as a plain dict, and the open spells."""

    __slots__ = ("acc", "accumulators", "spells")

    def __init__(self, accumulators: Accumulators) -> None:
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


def _spell_label(spell: SpellOfIllness, st: _State, member: str, line: ServiceLine) -> str:
    """Update the member's spell for *line* and return the label of the spell it falls in."""
    day = line.service_date.toordinal()
    current = st.spells.get(member)
    if line.place_of_service in spell.places_of_service:
        last = day + line.units
        if current is None or day - current[1] - 1 >= spell.gap_days:
            current = [day, last]
            st.spells[member] = current
        elif last > current[1]:
            current[1] = last
    elif current is None or day - current[1] - 1 >= spell.gap_days:
        return NO_SPELL
    return f"{dt.date.fromordinal(current[0]).isoformat()}/.."


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
            accumulators in another currency.

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
    if not isinstance(policy, Policy):
        raise InvalidInputError.one("policy", "type", "must be a Policy")
    if not isinstance(accumulators, Accumulators):
        raise InvalidInputError.one("accumulators", "type", "must be Accumulators")
    batch: tuple[ServiceLine, ...] = items(lines, "lines", "ServiceLine")
    auths = authorizations_of(authorizations)
    c = compiled(policy.plan)
    _check_lines(c, batch, accumulators)
    ctx = _Context(c, policy, auths)
    st = _State(accumulators)
    decide = _decide
    with localcontext(_MONEY_CONTEXT):  # amounts add up the same whatever the caller has set
        decisions = tuple([decide(c, ctx, st, policy, line) for line in sorted(batch, key=_ORDER)])
    return new_adjudication(decisions, st.freeze())


def _check_lines(c: Compiled, lines: tuple[ServiceLine, ...], acc: Accumulators) -> None:
    problems: list[Problem] = []
    if acc.currency != c.currency:
        problems.append(
            Problem("accumulators.currency", "currency_mismatch", "must be the plan's currency")
        )
    seen: set[int] = set()
    currency = c.currency
    for i, line in enumerate(lines):
        if type(line) is not ServiceLine:
            problems.append(Problem(f"lines[{i}]", "type", "must be a ServiceLine"))
            continue
        if line.line_number in seen:
            problems.append(
                Problem(f"lines[{i}].line_number", "duplicate", "must be unique within the call")
            )
        seen.add(line.line_number)
        if line.billed.currency != currency or (
            line.allowed is not None and line.allowed.currency != currency
        ):
            problems.append(
                Problem(f"lines[{i}].billed", "currency_mismatch", "must be in the plan's currency")
            )
    if problems:
        raise InvalidInputError(problems)


def _deny(  # noqa: PLR0917  # the parts of a denial, positional on the hot path
    c: Compiled,
    line: ServiceLine,
    benefit: str | None,
    reason_code: str,
    reasons: tuple[Reason, ...],
    patient_liable: bool,  # noqa: FBT001  # private hot-path helper, called positionally
    explain: tuple[Any, ...],
    status: Status = Status.DENIED,
) -> Decision:
    zero = c.zero
    billed = line.billed
    if status is Status.PENDING:
        adjustments: tuple[Adjustment, ...] = ()
        not_covered = zero
    else:
        group = _PR if patient_liable else _CO
        adjustments = (new_adjustment(group, reason_code, billed),)
        not_covered = billed if patient_liable else zero
    return new_decision(
        line.line_number,
        status,
        benefit,
        billed,
        zero,
        zero,
        zero,
        zero,
        not_covered,
        zero,
        zero,
        adjustments,
        reasons,
        explain,
    )


def _decide(  # noqa: C901, PLR0911, PLR0912, PLR0915  # one pass in the documented order
    c: Compiled, ctx: _Context, st: _State, policy: Policy, line: ServiceLine
) -> Decision:
    on = line.service_date
    acc = st.acc
    scope = ctx.scope
    spell_label = NO_SPELL if c.spell is None else _spell_label(c.spell, st, ctx.member, line)
    if on < ctx.start:
        return _deny(
            c,
            line,
            None,
            "26",
            (_reason("coverage.before_coverage"),),
            False,  # noqa: FBT003  # not the patient's: the policy did not cover the date
            (_trace_stop, "coverage_period", None),
        )
    if on > ctx.end:
        return _deny(
            c,
            line,
            None,
            "27",
            (_reason("coverage.after_coverage"),),
            False,  # noqa: FBT003  # not the patient's: the policy did not cover the date
            (_trace_stop, "coverage_period", None),
        )
    network = line.network
    code = line.code
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
    ct = c.tiers.get(network)
    default_liable = ct.patient_liable if ct is not None else network is Tier.OUT
    if cb is None:
        return _deny(
            c,
            line,
            None,
            "96",
            (_reason("coverage.no_matching_benefit", service=str(code)),),
            default_liable,
            (_trace_stop, "benefit", None),
        )
    benefit = cb.benefit
    bid = cb.id
    if not benefit.covered:
        return _deny(
            c,
            line,
            bid,
            "96",
            (_reason("coverage.not_covered_excluded", benefit=bid),),
            default_liable,
            (_trace_stop, "excluded", cb),
        )
    cs = cb.terms[network]
    if ct is None or cs is None:
        return _deny(
            c,
            line,
            bid,
            "242",
            (_reason("coverage.not_covered_network", benefit=bid, tier=network.value),),
            default_liable,
            (_trace_stop, "network", cb),
        )
    liable = ct.patient_liable
    waiting = benefit.waiting_period_days
    if waiting and on.toordinal() - ctx.start.toordinal() < waiting:
        return _deny(
            c,
            line,
            bid,
            "26",
            (_reason("coverage.waiting_period", benefit=bid, days=waiting),),
            liable,
            (_trace_stop, "waiting_period", cb),
        )
    mn_outcome = None
    if cb.mn_rule is not None:
        missing = _missing_facts(cb, policy, line)
        if missing:
            return _deny(
                c,
                line,
                bid,
                "16",
                tuple(_reason("coverage.information_needed", benefit=bid, what=m) for m in missing),
                liable,
                (_trace_stop, "medical_necessity_facts", cb, missing),
                Status.PENDING,
            )
        mn_outcome = cb.mn_rule.evaluate(
            {"diagnoses": line.diagnoses, "age": policy.age_on(on), "sex": policy.sex}
        )
        if not mn_outcome.passed:
            return _deny(
                c,
                line,
                bid,
                "50",
                (_reason("coverage.not_medically_necessary", benefit=bid), *mn_outcome.reasons),
                liable,
                (_trace_stop, "medical_necessity", cb, mn_outcome),
            )
    if benefit.referral and not line.referral:
        return _deny(
            c,
            line,
            bid,
            "288",
            (_reason("coverage.referral_absent", benefit=bid),),
            liable,
            (_trace_stop, "referral", cb),
        )
    auth = None
    if benefit.prior_authorization:
        auth, exceeded = _find_auth(ctx, acc, line)
        if auth is None:
            reason = (
                "coverage.authorization_exceeded" if exceeded else "coverage.authorization_absent"
            )
            return _deny(
                c,
                line,
                bid,
                "198" if exceeded else "197",
                (_reason(reason, benefit=bid),),
                liable,
                (_trace_stop, "authorization", cb),
            )

    # The allowed amount: the priced amount, else the fee schedule, else the charge; never
    # above the charge.
    billed_m = line.billed
    billed = billed_m.amount
    units = line.units
    priced = line.allowed
    if priced is not None:
        allowed = priced.amount
    elif c.fees:
        fee = c.fee(code, network)
        allowed = billed if fee is None else fee * units
    else:
        allowed = billed
    allowed = min(allowed, billed)

    # Limits.
    if c.spell_period:
        plan_label = spell_label
    else:
        found = c.plan_labels.get(on)
        if found is None:
            found = c.plan_labels[on] = c.label(c.plan.benefit_period, on)
        plan_label = found
    counted_units = units
    amount_room: Decimal | None = None
    exhausted: list[Reason] | None = None
    limit_used: list[Decimal] = []
    limit_keys: list[tuple[Key, Measure]] = []
    for lim in cb.limits:
        if lim.same_period:
            label = plan_label
        elif type(lim.per) is SpellOfIllness:
            label = spell_label
        else:
            found = lim.labels.get(on)
            if found is None:
                found = lim.labels[on] = c.label(lim.per, on)
            label = found
        measure = lim.measure
        key = (scope, lim.counter, lim.measure_name, label)
        used = acc.get(key, ZERO)
        room = lim.max - used
        limit_used.append(used)
        limit_keys.append((key, measure))
        if room <= ZERO or (measure is not _AMOUNT and room < _ONE):
            if exhausted is None:
                exhausted = []
            exhausted.append(
                _reason(
                    "coverage.limit_reached",
                    benefit=bid,
                    counter=lim.counter,
                    measure=lim.measure_name,
                    max=str(lim.max),
                )
            )
        elif measure is _AMOUNT:
            if amount_room is None or room <= amount_room:
                amount_room = room
        elif measure is not _VISITS:
            room_units = int(room)
            counted_units = min(counted_units, room_units)
    if exhausted is not None:
        return _deny(
            c,
            line,
            bid,
            "119",
            tuple(exhausted),
            liable,
            (_trace_stop, "limits", cb, tuple(limit_used)),
        )

    currency = c.currency
    covered_allowed = allowed
    if counted_units != units:
        covered_allowed = money(allowed * counted_units / units, currency).rounded().amount
    daily_total = ZERO
    covered_days = counted_units
    day_increments: tuple[tuple[Key, Decimal], ...] = ()
    if cs.day_ranges:
        day_key = (scope, bid, "days", plan_label)
        first_day = int(acc.get(day_key, ZERO)) + 1
        covered_days, daily_total, reserve = _walk_days(
            cs, acc, scope, bid, first_day, counted_units
        )
        day_increments = ((day_key, Decimal(counted_units)),)
        if reserve:
            day_increments = (
                *day_increments,
                ((scope, bid, "reserve_days", LIFETIME), Decimal(reserve)),
            )
        if covered_days != counted_units:
            covered_allowed = (
                money(covered_allowed * covered_days / counted_units, currency).rounded().amount
            )
    if amount_room is not None and covered_allowed > amount_room:
        covered_allowed = amount_room
    uncovered = allowed - covered_allowed
    if uncovered and not covered_allowed:
        return _deny(
            c,
            line,
            bid,
            "119",
            (_reason("coverage.days_not_covered", benefit=bid, days=units),),
            liable,
            (_trace_stop, "limits", cb, tuple(limit_used)),
        )

    # Deductible, copay and coinsurance.
    rest = covered_allowed
    copay = ZERO
    copay_amount = cs.copay
    if copay_amount is not None and cs.copay_before:
        copay = min(copay_amount, rest)
        rest -= copay
    bucket = ct.bucket
    ded_scopes = ctx.ded_scopes[network]
    deductible = ZERO
    ded_room: Decimal | None = None
    for s, limit in ded_scopes:
        room = limit - acc.get((s, bucket, "deductible", plan_label), ZERO)
        if ded_room is None or room < ded_room:
            ded_room = room
    if ded_room is None:
        ded_room = ZERO
    visits_key = None
    count_visit: Key | None = None
    if cb.needs_visits:
        visits_key = (scope, bid, "visits", plan_label)
        if all(k != visits_key for k, _ in limit_keys):
            count_visit = visits_key
    waived = visits_key is not None and acc.get(visits_key, ZERO) < cs.deductible_waived_visits
    if cs.deductible_applies and ded_room > 0 and not waived:
        deductible = min(ded_room, rest)
        rest -= deductible
    if copay_amount is not None and not cs.copay_before:
        copay = min(copay_amount, rest)
        rest -= copay
    coinsurance = ZERO
    coins_m: Money | None = None
    coins_key = None
    if cs.coinsurance:
        coins_m = money(rest * cs.coinsurance, currency).rounded()
        coinsurance = coins_m.amount
        if cs.coinsurance_max is not None:
            coins_key = (scope, bid, "coinsurance", plan_label)
            room = cs.coinsurance_max - acc.get(coins_key, ZERO)
            coinsurance = max(min(coinsurance, room), ZERO)
    if daily_total:
        coinsurance += min(daily_total, rest - coinsurance)

    # The out-of-pocket maximum.
    copay_counts = cs.copay_counts_toward_out_of_pocket
    oop_scopes = ctx.oop_scopes[network]
    capped = False
    if oop_scopes:
        oop_room = ZERO
        for i, (s, limit) in enumerate(oop_scopes):
            room = limit - acc.get((s, bucket, "out_of_pocket", plan_label), ZERO)
            if not i or room < oop_room:
                oop_room = room
        oop_room = max(oop_room, ZERO)
        counted = deductible + coinsurance + (copay if copay_counts else ZERO)
        if counted > oop_room:
            capped = True
            excess = counted - oop_room
            cut = min(excess, coinsurance)
            coinsurance -= cut
            excess -= cut
            if copay_counts:
                cut = min(excess, copay)
                copay -= cut
                excess -= cut
            deductible -= excess
        counted = deductible + coinsurance + (copay if copay_counts else ZERO)
        for s, _ in oop_scopes:
            k = (s, bucket, "out_of_pocket", plan_label)
            acc[k] = acc.get(k, ZERO) + counted
    if ded_scopes:
        credit = deductible
        if cs.copay_counts_toward_deductible and copay:
            credit += min(copay, ded_room - deductible)
        if credit:
            for s, _ in ded_scopes:
                k = (s, bucket, "deductible", plan_label)
                acc[k] = acc.get(k, ZERO) + credit

    # Counters: all read above, so the order of these updates does not matter.
    for key, value in day_increments:
        acc[key] = acc.get(key, ZERO) + value
    for key, measure in limit_keys:
        if measure is _VISITS:
            acc[key] = acc.get(key, ZERO) + _ONE
        elif measure is _AMOUNT:
            acc[key] = acc.get(key, ZERO) + covered_allowed
        else:
            acc[key] = acc.get(key, ZERO) + Decimal(counted_units)
    if count_visit is not None:
        acc[count_visit] = acc.get(count_visit, ZERO) + _ONE
    if coins_key is not None:
        acc[coins_key] = acc.get(coins_key, ZERO) + coinsurance  # the capped coinsurance
    if auth is not None:
        k = (_AUTH, auth.id, "units_used", LIFETIME)
        acc[k] = acc.get(k, ZERO) + units

    # The split.
    plan_paid = covered_allowed - deductible - copay - coinsurance
    zero = c.zero
    over = billed - allowed
    adjustments: list[Adjustment] = []
    balance_billed = zero
    if over:
        over_m = money(over, currency)
        if ct.terms.balance_billing:
            balance_billed = over_m
            adjustments.append(new_adjustment(_PR, "45", over_m))
        else:
            adjustments.append(new_adjustment(_CO, "45", over_m))
    not_covered = zero
    reported_allowed = allowed
    reasons: tuple[Reason, ...] = ()
    if uncovered:
        uncovered_m = money(uncovered, currency)
        adjustments.append(new_adjustment(_PR if liable else _CO, "119", uncovered_m))
        if liable:
            not_covered = uncovered_m
        else:
            reported_allowed = covered_allowed
        reasons = (
            _reason("coverage.partly_covered", benefit=bid, covered=covered_days, units=units),
        )
    if capped:
        reasons = (*reasons, _reason("coverage.out_of_pocket_max_reached", tier=network.value))
    ded_m = zero
    if deductible:
        ded_m = money(deductible, currency)
        adjustments.append(new_adjustment(_PR, "1", ded_m))
    if not coinsurance:
        coins_m = zero
    else:
        if coins_m is None or coins_m.amount is not coinsurance:
            coins_m = money(coinsurance, currency)
        adjustments.append(new_adjustment(_PR, "2", coins_m))
    copay_m = zero
    if copay:
        copay_m = money(copay, currency)
        adjustments.append(new_adjustment(_PR, "3", copay_m))
    return new_decision(
        line.line_number,
        Status.COVERED,
        bid,
        billed_m,
        billed_m if reported_allowed == billed else money(reported_allowed, currency),
        ded_m,
        copay_m,
        coins_m,
        not_covered,
        balance_billed,
        money(plan_paid, currency),
        tuple(adjustments),
        reasons,
        (_trace_covered, cb, mn_outcome, auth, *limit_used),
    )


_REASONS: dict[tuple[str, tuple[tuple[str, str | int], ...]], Reason] = {}


def _reason(code: str, **params: str | int) -> Reason:
    """Return the reason *code* with *params*, reusing equal reasons (they are immutable)."""
    key = (code, tuple(params.items()))
    found = _REASONS.get(key)
    if found is None:
        found = Reason(code, tuple(sorted(params.items())))
        if len(_REASONS) < _REASON_CACHE:
            _REASONS[key] = found
    return found


_REASON_CACHE: Final = 4096


def _missing_facts(cb: CBenefit, policy: Policy, line: ServiceLine) -> tuple[str, ...]:
    criteria = cb.mn
    assert criteria is not None  # noqa: S101  # only called for benefits with criteria
    missing: list[str] = []
    if criteria.diagnoses is not None and not line.diagnoses:
        missing.append("diagnoses")
    if (criteria.min_age is not None or criteria.max_age is not None) and policy.birth_date is None:
        missing.append("birth_date")
    if criteria.sexes and policy.sex is None:
        missing.append("sex")
    return tuple(missing)


def _find_auth(
    ctx: _Context, acc: dict[Key, Decimal], line: ServiceLine
) -> tuple[Authorization | None, bool]:
    """Return an authorisation with units left for *line*, and whether one ran out."""
    exceeded = False
    on = line.service_date
    for auth in ctx.auths.get(line.code, ()):
        if line.authorization_id is not None and auth.id != line.authorization_id:
            continue
        if not auth.valid.start <= on <= auth.valid.end:
            continue
        used = acc.get((_AUTH, auth.id, "units_used", LIFETIME), ZERO)
        if auth.units - used >= line.units:
            return auth, False
        exceeded = True
    return None, exceeded


def _walk_days(  # noqa: PLR0917  # private, positional like its one caller
    cs: Any, acc: dict[Key, Decimal], scope: str, bid: str, first_day: int, days: int
) -> tuple[int, Decimal, int]:
    """Return (covered days, daily amounts, reserve days used) for days from *first_day*."""
    reserve_key = (scope, bid, "reserve_days", LIFETIME)
    reserve_used = int(acc.get(reserve_key, ZERO))
    drawn = 0
    covered = 0
    total = ZERO
    for day in range(first_day, first_day + days):
        for rng in cs.day_ranges:
            if day < rng.first or (rng.last is not None and day > rng.last):
                continue
            if rng.reserve is not None:
                if reserve_used + drawn >= rng.reserve:
                    continue
                drawn += 1
            covered += 1
            if rng.daily is not None:
                total += rng.daily.amount
            break
    return covered, total, drawn


# Traces are built on demand from what the decision recorded, as the rule kernel's outcomes
# are: adjudication that only needs amounts pays nothing for them.


_STEPS: Final = (
    "coverage_period",
    "benefit",
    "excluded",
    "network",
    "waiting_period",
    "medical_necessity_facts",
    "medical_necessity",
    "referral",
    "authorization",
    "limits",
)


def _steps(cb: CBenefit | None, upto: str) -> list[str]:
    names: list[str] = []
    for step in _STEPS:
        if step == upto:
            break
        if _applies(cb, step):
            names.append(step)
    return names


def _applies(cb: CBenefit | None, step: str) -> bool:
    if step in ("coverage_period", "benefit", "excluded", "network"):
        return True
    assert cb is not None  # noqa: S101  # later steps run only with a benefit
    benefit = cb.benefit
    return {
        "waiting_period": bool(benefit.waiting_period_days),
        "medical_necessity_facts": cb.mn is not None,
        "medical_necessity": cb.mn is not None,
        "referral": benefit.referral,
        "authorization": benefit.prior_authorization,
        "limits": bool(cb.limits),
    }[step]


def _node(step: str, cb: CBenefit | None, decision: Decision, *, passed: bool) -> Trace:
    bid = "-" if cb is None else cb.id
    names = {
        "coverage_period": "date_in(on, coverage_period)",
        "benefit": f"benefit_matched({bid})",
        "excluded": f"not_excluded({bid})",
        "network": f"covered_at_tier({bid})",
        "waiting_period": f"after_waiting_period({bid})",
        "medical_necessity_facts": f"facts_known({bid})",
        "medical_necessity": f"medically_necessary({bid})",
        "referral": f"flag(referral)({bid})",
        "authorization": "has_authorization(authorizations)",
        "limits": f"within_limits({bid})",
    }
    decisive = not passed or decision.status is Status.COVERED
    return Trace(names[step], passed=passed, decisive=decisive)


def _trace_stop(decision: Decision, step: str, cb: CBenefit | None, detail: object = None) -> Trace:
    """Return the trace of a line that stopped at *step* (denied or pending)."""
    children = [_node(s, cb, decision, passed=True) for s in _steps(cb, step)]
    failed = _node(step, cb, decision, passed=False)
    if isinstance(detail, Evaluation):
        failed = Trace(failed.rule, passed=False, children=(detail.trace,))
    elif step == "limits" and isinstance(detail, tuple):
        assert cb is not None  # noqa: S101  # limits are a benefit's
        failed = Trace(failed.rule, passed=False, children=_limit_nodes(cb, detail))
    elif step == "medical_necessity_facts" and isinstance(detail, tuple):
        failed = Trace(failed.rule, passed=False, inputs=tuple(("missing", str(m)) for m in detail))
    children.append(failed)
    return _root(decision, children)


def _limit_nodes(cb: CBenefit, used: tuple[Decimal, ...]) -> tuple[Trace, ...]:
    """Return a node per limit of *cb*, given the amount each had used before the line."""
    return tuple(
        Trace(
            f"count_below({lim.counter}.{lim.measure_name}, {lim.max})",
            passed=u < lim.max,
            inputs=((f"{lim.counter}.{lim.measure_name}", str(u)),),
        )
        for lim, u in zip(cb.limits, used, strict=True)
    )


def _trace_covered(
    decision: Decision,
    cb: CBenefit,
    mn: Evaluation | None,
    auth: Authorization | None,
    *limits: Decimal,
) -> Trace:
    """Return the trace of a covered line: the checks that passed, then the amounts."""
    children = []
    for step in _steps(cb, "end"):
        node = _node(step, cb, decision, passed=True)
        if step == "medical_necessity" and mn is not None:
            node = Trace(node.rule, passed=True, children=(mn.trace,))
        elif step == "authorization" and auth is not None:
            node = Trace(node.rule, passed=True, inputs=(("authorization", auth.id),))
        elif step == "limits":
            node = Trace(node.rule, passed=True, children=_limit_nodes(cb, limits))
        children.append(node)
    children.append(
        Trace(
            "cost_share",
            passed=True,
            inputs=tuple((name, str(value.amount)) for name, value in _amounts(decision)),
        )
    )
    return _root(decision, children)


TRACE_BUILDERS.extend((_trace_stop, _trace_covered))


def _amounts(decision: Decision) -> tuple[tuple[str, Money], ...]:
    return (
        ("billed", decision.billed),
        ("allowed", decision.allowed),
        ("deductible", decision.deductible),
        ("copay", decision.copay),
        ("coinsurance", decision.coinsurance),
        ("not_covered", decision.not_covered),
        ("balance_billed", decision.balance_billed),
        ("plan_paid", decision.plan_paid),
    )


def _root(decision: Decision, children: list[Trace]) -> Trace:
    return Trace(
        f"adjudicate(line {decision.line_number})",
        passed=decision.status is Status.COVERED,
        inputs=(("status", decision.status.value),),
        children=tuple(children),
    )
