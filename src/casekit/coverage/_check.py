"""check_coverage: before a service, is it covered and is prior authorisation needed?"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, localcontext
from typing import Final

from casekit import limits
from casekit.coverage._accumulators import Accumulators, member_scope
from casekit.coverage._arguments import too_many_units
from casekit.coverage._benefit import Measure, QualifyingStay, SpellOfIllness, Tier
from casekit.coverage._compiled import (
    ZERO,
    CBenefit,
    Compiled,
    compiled,
    first_in_setting,
    missing_facts,
    necessity_facts,
    stay_key,
    stay_qualifies,
)
from casekit.coverage._decision import Coverage, CoverageAnswer, InfoNeeded, PriorAuth
from casekit.coverage._policy import (
    Authorization,
    AuthorizationIndex,
    Filed,
    Policy,
    Service,
    filed_authorizations,
)
from casekit.errors import InvalidInputError
from casekit.money import _CONTEXT as _MONEY_CONTEXT
from casekit.periods import require_date
from casekit.rules import Reason

__all__ = ["check_coverage"]


def check_coverage(
    policy: Policy,
    service: Service,
    *,
    on: dt.date,
    accumulators: Accumulators | None = None,
    authorizations: Iterable[Authorization] = (),
) -> CoverageAnswer:
    """Return whether *service* on *on* would be covered, and what is needed first.

    The answer is ``not-covered`` (outside the coverage period or waiting period, no benefit,
    excluded, not covered at the network tier, a limit used up, criteria that fail),
    ``conditional`` (something unknown decides it: the network tier, the place of service,
    diagnoses, the member's age or sex, a referral; *info_needed* says what) or ``covered``.
    Prior authorisation is ``no-auth``, ``auth-needed``, ``satisfied`` (with the
    authorisation's id: it is valid on *on* and has the units left) or ``conditional`` when
    the benefit is not known yet. With *accumulators*, details include remaining visits,
    days, units or amount for each limit.

    Raises:
        InvalidInputError: at ``policy``, ``on``, ``service`` or ``accumulators`` if it is not
            one (accumulators may be None); at ``service.units`` (``too_large``) if the
            service bills more units than the ``units_per_line`` budget of `casekit.limits`;
            at ``authorizations`` if it is text or not iterable, listing every authorisation
            that is not an `Authorization`.

    Examples:
        >>> import pendulum
        >>> from casekit.codes import Code, CodeSystem
        >>> from casekit.periods import DateRange
        >>> from casekit.coverage import Benefit, Plan, Policy, Service, Tier, TierTerms
        >>> plan = Plan("p", tiers=[TierTerms(Tier.IN)],
        ...             benefits=[Benefit("mri", prior_authorization=True)])
        >>> policy = Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M1")
        >>> answer = check_coverage(policy, Service(Code(CodeSystem.CPT, "70551"),
        ...                         network=Tier.IN), on=pendulum.date(2025, 5, 1))
        >>> answer.covered.value, answer.pa_needed.value
        ('covered', 'auth-needed')
    """
    units_per_line = limits.budget().units_per_line
    if not isinstance(policy, Policy):
        raise InvalidInputError.one("policy", "type", "must be a Policy")
    on = require_date(on, field="on")
    if not isinstance(service, Service):
        raise InvalidInputError.one("service", "type", "must be a Service")
    if service.units > units_per_line:
        raise InvalidInputError([too_many_units("service.units", units_per_line)])
    if accumulators is not None and not isinstance(accumulators, Accumulators):
        raise InvalidInputError.one("accumulators", "type", "must be Accumulators or None")
    auths = filed_authorizations(authorizations)[1]
    c = compiled(policy.plan)
    period = policy.coverage_period
    if not period.start <= on <= period.end:
        code = "coverage.before_coverage" if on < period.start else "coverage.after_coverage"
        return CoverageAnswer(Coverage.NOT_COVERED, reasons=(Reason(code),))
    matches = _candidates(c, service, on)
    if matches is None:  # too many settings to try: ask for both
        return CoverageAnswer(
            Coverage.CONDITIONAL,
            PriorAuth.CONDITIONAL,
            info_needed=(InfoNeeded.LOCATION, InfoNeeded.PERFORMER),
            reasons=(Reason.of("coverage.information_needed", benefit="-", what="setting"),),
        )
    candidates = list({b.id: b for b in matches.values()}.values())
    if not candidates:
        return _not_covered(
            Reason.of("coverage.no_matching_benefit", service=str(service.code)), None
        )
    if len(candidates) > 1:
        # The place of service or provider kind decides which benefit applies.
        return CoverageAnswer(
            Coverage.CONDITIONAL,
            PriorAuth.CONDITIONAL,
            info_needed=_deciding(matches),
            reasons=(Reason.of("coverage.information_needed", benefit="-", what="setting"),),
        )
    with localcontext(_MONEY_CONTEXT):  # amounts add up the same whatever the caller has set
        return _answer(c, policy, service, on, candidates[0], accumulators, auths)


_ASK_FOR: Final = {
    "diagnoses": InfoNeeded.DETAIL_CODE,
    "birth_date": InfoNeeded.OTHER,
    "sex": InfoNeeded.OTHER,
}
"""What to ask for when a medical-necessity fact is missing."""

Setting = tuple[str | None, str | None]
"""A place of service and a provider kind, either unknown (None)."""


SETTINGS_BUDGET: Final = 1 << 16
"""The most (place, kind, benefit) combinations the check tries for a service whose place
of service and provider kind are unknown; past it, it asks for both instead."""


def _candidates(c: Compiled, service: Service, on: dt.date) -> dict[Setting, CBenefit] | None:
    """Return the benefit matched in each setting the service could have, where one matches;
    None when there are more settings to try than `SETTINGS_BUDGET` allows.

    An unknown place of service is tried as each place a benefit for the code names, then as
    none; an unknown provider kind likewise.
    """
    benefits = c.for_code(service.code, on)
    places: list[str | None] = [service.place_of_service]
    kinds: list[str | None] = [service.provider_kind]
    if service.place_of_service is None:
        places = [*sorted({p for b in benefits for p in b.benefit.places_of_service}), None]
    if service.provider_kind is None:
        kinds = [*sorted({k for b in benefits for k in b.benefit.provider_kinds}), None]
    if len(places) * len(kinds) * len(benefits) > SETTINGS_BUDGET:
        return None
    found: dict[Setting, CBenefit] = {}
    for place in places:
        for kind in kinds:
            b = first_in_setting(benefits, place, kind)
            if b is not None:
                found[place, kind] = b
    return found


def _deciding(matches: dict[Setting, CBenefit]) -> tuple[InfoNeeded, ...]:
    """Return what to ask for: the unknown place, provider kind or both, whichever decides.

    The place decides if, for some provider kind, two places give different benefits; the
    kind likewise. If neither does alone (only the two together tell the benefits apart), both
    are asked for. A known place or kind is tried alone, so it never decides.
    """
    by_kind: dict[str | None, set[str]] = {}
    by_place: dict[str | None, set[str]] = {}
    for (place, kind), b in matches.items():
        by_kind.setdefault(kind, set()).add(b.id)
        by_place.setdefault(place, set()).add(b.id)
    place_decides = any(len(ids) > 1 for ids in by_kind.values())
    kind_decides = any(len(ids) > 1 for ids in by_place.values())
    if place_decides == kind_decides:
        return (InfoNeeded.LOCATION, InfoNeeded.PERFORMER)
    return (InfoNeeded.LOCATION,) if place_decides else (InfoNeeded.PERFORMER,)


def _not_covered(reason: Reason, benefit: str | None) -> CoverageAnswer:
    return CoverageAnswer(Coverage.NOT_COVERED, reasons=(reason,), benefit=benefit)


def _answer(  # noqa: C901, PLR0911, PLR0912, PLR0915, PLR0917  # the CRD fields in turn
    c: Compiled,
    policy: Policy,
    service: Service,
    on: dt.date,
    cb: CBenefit,
    accumulators: Accumulators | None,
    authorizations: Filed,
) -> CoverageAnswer:
    benefit = cb.benefit
    bid = cb.id
    if not benefit.covered:
        return _not_covered(Reason.of("coverage.not_covered_excluded", benefit=bid), bid)
    waiting = benefit.waiting_period_days
    if waiting and on.toordinal() - policy.coverage_period.start.toordinal() < waiting:
        return _not_covered(Reason.of("coverage.waiting_period", benefit=bid, days=waiting), bid)
    info: list[InfoNeeded] = []
    reasons: list[Reason] = []
    tiers = [service.network] if service.network is not None else list(Tier)
    covered_tiers = [t for t in tiers if cb.shares[t] is not None and t in c.tiers]
    if not covered_tiers:
        network = tiers[0].value if len(tiers) == 1 else "any"
        return _not_covered(
            Reason.of("coverage.not_covered_network", benefit=bid, tier=network), bid
        )
    if len(covered_tiers) != len(tiers):
        info.append(InfoNeeded.PERFORMER)
        reasons.append(Reason.of("coverage.information_needed", benefit=bid, what="network"))
    details: list[tuple[str, str | int]] = []
    if cb.mn_rule is not None:
        criteria = cb.mn
        assert criteria is not None  # noqa: S101  # compiled together with mn_rule
        unknown = missing_facts(criteria, service.diagnoses, policy)
        if unknown:
            for what in unknown:
                info.append(_ASK_FOR[what])
                reasons.append(Reason.of("coverage.information_needed", benefit=bid, what=what))
        else:
            outcome = cb.mn_rule.evaluate(necessity_facts(policy, on, service.diagnoses))
            if not outcome.passed:
                return CoverageAnswer(
                    Coverage.NOT_COVERED,
                    reasons=(
                        Reason.of("coverage.not_medically_necessary", benefit=bid),
                        *outcome.reasons,
                    ),
                    benefit=bid,
                )
    if benefit.referral and not service.referral:
        if service.referral is None:
            info.append(InfoNeeded.OTHER)
            reasons.append(Reason.of("coverage.information_needed", benefit=bid, what="referral"))
        else:
            return _not_covered(Reason.of("coverage.referral_absent", benefit=bid), bid)
    stay = benefit.qualifying_stay
    if stay is not None:
        absent = _stay_absent(policy, on, bid, stay, accumulators)
        if absent is not None:
            if absent.code != "coverage.information_needed":
                return _not_covered(absent, bid)
            info.append(InfoNeeded.OTHER)
            reasons.append(absent)
    if accumulators is not None:
        exhausted = _limit_details(c, policy, service, on, cb, accumulators, details)
        if exhausted is not None:
            return CoverageAnswer(
                Coverage.NOT_COVERED, reasons=(exhausted,), details=tuple(details), benefit=bid
            )
    pa, pa_id = PriorAuth.NO_AUTH, None
    if benefit.prior_authorization:
        auth, _ = AuthorizationIndex(authorizations, policy.member).find(
            service.code,
            {} if accumulators is None else accumulators.as_dict(),
            on=on,
            units=service.units,
        )
        pa_id = None if auth is None else auth.id
        if pa_id is None:
            pa = PriorAuth.AUTH_NEEDED
            reasons.append(Reason.of("coverage.authorization_needed", benefit=bid))
        else:
            pa = PriorAuth.SATISFIED
            reasons.append(Reason.of("coverage.authorization_satisfied", authorization=pa_id))
    doc = None
    if benefit.documentation is not None:
        doc = benefit.documentation.value
        reasons.append(Reason.of("coverage.documentation_needed", benefit=bid, documentation=doc))
    covered = Coverage.CONDITIONAL if info else Coverage.COVERED
    return CoverageAnswer(
        covered,
        pa,
        pa_id,
        doc,
        tuple(dict.fromkeys(info)),
        tuple(reasons),
        tuple(details),
        bid,
    )


def _stay_absent(
    policy: Policy, on: dt.date, bid: str, stay: QualifyingStay, accumulators: Accumulators | None
) -> Reason | None:
    """Return why the qualifying stay *bid* needs is not met (or, with no accumulators, that
    it is not known), or None when a stay on file qualifies a service on *on*."""
    if accumulators is None:
        return Reason.of("coverage.information_needed", benefit=bid, what="qualifying_stay")
    if stay_qualifies(stay, accumulators.get(stay_key(member_scope(policy.member), bid)), on):
        return None
    return Reason.of(
        "coverage.qualifying_stay_absent", benefit=bid, days=stay.days, within=stay.within_days
    )


def _limit_details(  # noqa: PLR0917  # the facts a limit reads
    c: Compiled,
    policy: Policy,
    service: Service,
    on: dt.date,
    cb: CBenefit,
    accumulators: Accumulators,
    details: list[tuple[str, str | int]],
) -> Reason | None:
    """Add the remaining amount of each limit to *details*; return a reason if one is used up."""
    scope = member_scope(policy.member)
    spell = c.spell_label_in(
        accumulators, policy.member, on, service.place_of_service, service.units
    )
    exhausted = None
    totals = accumulators.as_dict()  # one pass over the entries, not one per limit
    for lim in cb.limits:
        label = spell if isinstance(lim.per, SpellOfIllness) else c.label(lim.per, on)
        used = totals.get((scope, lim.bucket(service.diagnoses), lim.measure_name, label), ZERO)
        room = max(lim.max - used, ZERO)
        name = f"{lim.counter}.{lim.measure_name}_remaining"
        details.append((name, str(room) if lim.measure is Measure.AMOUNT else int(room)))
        needed = Decimal(1 if lim.measure is Measure.VISITS else service.units)
        if lim.measure is Measure.AMOUNT:
            needed = Decimal("0.01")
        if room < needed and exhausted is None:
            exhausted = Reason.of(
                "coverage.limit_reached",
                benefit=cb.id,
                counter=lim.counter,
                measure=lim.measure_name,
                max=str(lim.max),
            )
    return exhausted
