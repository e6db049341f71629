"""A plan compiled once into plain lookups for the adjudication hot path."""

from __future__ import annotations

import calendar
import datetime as dt
import threading
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Final

from casekit.coverage._accumulators import LIFETIME, NO_SPELL, Accumulators, spell_label
from casekit.coverage._benefit import (
    Benefit,
    CalendarMonth,
    CopayTiming,
    CostShare,
    Limit,
    MedicalNecessity,
    PeriodRule,
    QualifyingStay,
    SpellOfIllness,
    Tier,
)
from casekit.coverage._plan import FamilyMode, Liability, Plan, TierTerms
from casekit.money import _CONTEXT as _EXACT
from casekit.money import CURRENCY_MINOR_UNITS, Money
from casekit.periods import CalendarYear, Lifetime, PlanYear
from casekit.rules import Reason, Rule, age_between, all_of, predicate, sex_in

if TYPE_CHECKING:
    from pendulum import Date

    from casekit.codes import Code, CodeSet
    from casekit.coverage._policy import Policy, ServiceLine

__all__ = [
    "LIFETIME",
    "NO_SPELL",
    "STAY_MEASURE",
    "ZERO",
    "CBenefit",
    "CShare",
    "CTier",
    "Compiled",
    "compiled",
    "first_in_setting",
    "medical_necessity_rule",
    "missing_facts",
    "necessity_facts",
    "record_stays",
    "scale_zero",
    "stay_key",
    "stay_qualifies",
]

ZERO: Final = Decimal(0)
_LAST_DAY: Final = dt.date.max.toordinal()


def scale_zero(currency: str) -> Decimal:
    """Return zero at *currency*'s minor unit (``0.00`` for USD): added to an amount, it
    pads it to that scale exactly (an amount with more places keeps them)."""
    return Decimal(0).scaleb(-CURRENCY_MINOR_UNITS[currency], _EXACT)


class CTier:
    """A tier's terms as plain Decimals (None: no such amount)."""

    __slots__ = ("bucket", "ded", "fam_ded", "fam_oop", "oop", "patient_liable", "terms")

    def __init__(self, terms: TierTerms, pad: Decimal) -> None:
        self.terms = terms
        self.bucket = (terms.shares_with or terms.tier).value
        self.ded = _amount(terms.deductible, pad)
        self.fam_ded = _amount(terms.family_deductible, pad)
        self.oop = _amount(terms.out_of_pocket_max, pad)
        self.fam_oop = _amount(terms.family_out_of_pocket_max, pad)
        self.patient_liable = terms.denied_liability is Liability.PATIENT


def _amount(m: Money | None, pad: Decimal) -> Decimal | None:
    """Return the amount of *m* at the currency's scale (*pad* is `scale_zero`), or None."""
    return None if m is None else _EXACT.add(m.amount, pad)


class CShare:
    """A cost share's terms as plain values, resolved once per plan for the hot path."""

    __slots__ = (
        "coinsurance",
        "coinsurance_max",
        "copay",
        "copay_before",
        "copay_counts_toward_deductible",
        "copay_counts_toward_out_of_pocket",
        "day_ranges",
        "deductible_applies",
        "deductible_waived_visits",
        "first_copay",
        "first_visits",
        "reads_deductible",
    )

    def __init__(self, cs: CostShare, pad: Decimal) -> None:
        self.copay = _amount(cs.copay, pad)
        self.copay_before = cs.copay_timing is CopayTiming.BEFORE_DEDUCTIBLE
        self.coinsurance = cs.coinsurance
        self.coinsurance_max = _amount(cs.coinsurance_max, pad)
        self.deductible_applies = cs.deductible_applies
        self.deductible_waived_visits = cs.deductible_waived_visits
        self.first_visits = cs.first_visits
        self.first_copay = _amount(cs.first_visits_copay, pad) or pad
        self.copay_counts_toward_deductible = cs.copay_counts_toward_deductible
        self.copay_counts_toward_out_of_pocket = cs.copay_counts_toward_out_of_pocket
        self.day_ranges = cs.day_ranges
        self.reads_deductible = cs.deductible_applies or cs.copay_counts_toward_deductible
        """Whether the line needs the deductible left: to take it, or to count a copay."""


class CLimit:
    """A limit with its counter name and maximum as a number."""

    __slots__ = (
        "counter",
        "labels",
        "max",
        "measure",
        "measure_name",
        "per",
        "per_condition",
        "same_period",
    )

    def __init__(self, limit: Limit, benefit: Benefit, default: PeriodRule, pad: Decimal) -> None:
        self.measure = limit.measure
        self.max: Decimal = (
            _EXACT.add(limit.max.amount, pad)
            if isinstance(limit.max, Money)
            else Decimal(limit.max)
        )
        self.per = limit.per or default
        self.same_period = limit.per is None or limit.per == default
        self.counter = limit.counter or benefit.id
        self.measure_name = limit.measure.value
        self.labels: dict[dt.date, str] = {}
        self.per_condition = limit.per_condition

    def bucket(self, diagnoses: tuple[Code, ...]) -> str:
        """Return the count this limit reads for a service with *diagnoses*: the counter,
        or for a limit per condition the counter and the first diagnosis."""
        if self.per_condition and diagnoses:
            return f"{self.counter}:{diagnoses[0].value}"
        return self.counter


class CBenefit:
    """A benefit with its per-tier terms resolved and its medical-necessity rule compiled."""

    __slots__ = (
        "benefit",
        "covers",
        "id",
        "limits",
        "mn",
        "mn_rule",
        "needs_visits",
        "screened",
        "shares",
        "terms",
    )

    def __init__(self, benefit: Benefit, plan: Plan, pad: Decimal) -> None:
        self.benefit = benefit
        self.id = benefit.id
        self.shares: dict[Tier, CostShare | None] = {t: benefit.cost_share_for(t) for t in Tier}
        self.terms: dict[Tier, CShare | None] = {
            t: None if cs is None else CShare(cs, pad) for t, cs in self.shares.items()
        }
        self.limits = tuple(
            CLimit(limit, benefit, plan.benefit_period, pad) for limit in benefit.limits
        )
        self.needs_visits = any(
            cs.deductible_waived_visits or cs.first_visits for cs in benefit.cost_shares
        )
        self.mn = benefit.medical_necessity
        self.mn_rule = None if self.mn is None else medical_necessity_rule(benefit.id, self.mn)
        self.screened = bool(
            benefit.waiting_period_days or self.mn or benefit.referral or benefit.qualifying_stay
        )
        self.covers = frozenset(
            t
            for t, cs in self.terms.items()
            if benefit.covered and cs is not None and plan.terms_for(t) is not None
        )
        """The tiers the benefit covers: covered, with terms there, at a tier the plan has."""
        """Whether a line can be excluded: a waiting period, medical necessity or referral."""


def missing_facts(
    criteria: MedicalNecessity, diagnoses: tuple[Code, ...], policy: Policy
) -> tuple[str, ...]:
    """Return what *criteria* need that is not known: ``diagnoses``, ``birth_date``, ``sex``."""
    missing: list[str] = []
    if criteria.diagnoses is not None and not diagnoses:
        missing.append("diagnoses")
    if (criteria.min_age is not None or criteria.max_age is not None) and policy.birth_date is None:
        missing.append("birth_date")
    if criteria.sexes and policy.sex is None:
        missing.append("sex")
    return tuple(missing)


def necessity_facts(policy: Policy, on: dt.date, diagnoses: tuple[Code, ...]) -> dict[str, object]:
    """Return the facts a medical-necessity rule reads, for a service on *on*."""
    return {"diagnoses": diagnoses, "age": policy.age_on(on), "sex": policy.sex, "on": on}


# The tests of the rules below are module-level functions (not lambdas), so that a compiled
# plan, and a decision whose trace refers to it, pickle: Dask sends them between processes.
def _any_held_on(code_set: CodeSet, diagnoses: tuple[Code, ...], on: Date) -> bool:
    return any(code_set.contains(d, on=on) for d in diagnoses)


def _any_held(code_set: CodeSet, diagnoses: tuple[Code, ...]) -> bool:
    return any(d in code_set for d in diagnoses)


def _always() -> bool:
    return True


def medical_necessity_rule(benefit_id: str, criteria: MedicalNecessity) -> Rule:
    """Return the kernel rule for *criteria*: facts ``diagnoses``, ``age``, ``sex``, ``on``.

    A diagnosis counts only on the days its code set holds it: with effective dates in the
    set, the rule also reads the service date ``on``.

    Examples:
        >>> rule = medical_necessity_rule("screening", MedicalNecessity(min_age=50))
        >>> rule.evaluate({"age": 45}).passed
        False
    """
    rules: list[Rule] = []
    if criteria.diagnoses is not None:
        code_set = criteria.diagnoses
        reason = Reason.of(
            "coverage.diagnosis_not_supported", benefit=benefit_id, set=code_set.name
        )
        if any(e.effective_from or e.effective_to for e in code_set.entries):
            rules.append(
                predicate(
                    f"diagnosis_in({code_set.name})",
                    partial(_any_held_on, code_set),
                    reads=["diagnoses", "on"],
                    reason=reason,
                )
            )
        else:
            rules.append(
                predicate(
                    f"diagnosis_in({code_set.name})",
                    partial(_any_held, code_set),
                    reads=["diagnoses"],
                    reason=reason,
                )
            )
    if criteria.min_age is not None or criteria.max_age is not None:
        rules.append(age_between(at_least=criteria.min_age, at_most=criteria.max_age))
    if criteria.sexes:
        rules.append(sex_in(criteria.sexes))
    if not rules:
        rules.append(predicate("no_criteria", _always, reads=[], reason=Reason("coverage.covered")))
    return all_of(*rules, name=f"medically_necessary({benefit_id})")


class Compiled:
    """A plan's lookups: tiers, benefits, fee schedule and the match and period caches."""

    __slots__ = (
        "benefits",
        "currency",
        "dated",
        "embedded",
        "fees",
        "match_cache",
        "pad",
        "period_cache",
        "plan",
        "plan_labels",
        "spell",
        "spell_period",
        "stays",
        "tiers",
    )

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.currency = plan.currency
        self.pad = pad = scale_zero(plan.currency)
        """Zero at the currency's scale: every amount adjudication starts from is padded
        with it, so every result is at least at the minor unit (``0.00 USD``, never ``0``)."""
        self.tiers: dict[Tier, CTier] = {t.tier: CTier(t, pad) for t in plan.tiers}
        self.benefits = tuple(CBenefit(b, plan, pad) for b in plan.benefits)
        self.embedded = plan.family_mode is FamilyMode.EMBEDDED
        self.fees: dict[tuple[Code, Tier | None], Decimal] = {
            (e.code, e.tier): _EXACT.add(e.amount.amount, pad) for e in plan.fee_schedule
        }
        self.dated = any(
            b.codes is not None and any(e.effective_from or e.effective_to for e in b.codes.entries)
            for b in plan.benefits
        )
        self.match_cache: dict[object, CBenefit | None] = {}
        self.period_cache: dict[tuple[PeriodRule, dt.date], str] = {}
        self.plan_labels: dict[dt.date, str] = {}
        spell = plan.benefit_period if isinstance(plan.benefit_period, SpellOfIllness) else None
        for b in self.benefits:
            for lim in b.limits:
                if spell is None and isinstance(lim.per, SpellOfIllness):
                    spell = lim.per
        self.spell = spell
        self.spell_period = isinstance(plan.benefit_period, SpellOfIllness)
        self.stays = tuple(
            (b.id, b.benefit.qualifying_stay)
            for b in self.benefits
            if b.benefit.qualifying_stay is not None
        )
        """The benefits that need a qualifying stay first, with the stay each needs."""

    def match(
        self, code: Code, on: dt.date, place: str | None, kind: str | None
    ) -> CBenefit | None:
        """Return the first benefit matching the service, or None."""
        key = (
            (code.system, code.value, place, kind, on)
            if self.dated
            else (code.system, code.value, place, kind)
        )
        try:
            return self.match_cache[key]
        except KeyError:
            pass
        found = _first_in_setting(self.for_code(code, on), place, kind)
        if len(self.match_cache) < _CACHE_SIZE:
            self.match_cache[key] = found
        return found

    def for_code(self, code: Code, on: dt.date) -> list[CBenefit]:
        """Return the benefits whose codes hold *code* on *on*, in the plan's order."""
        dated = self.dated
        return [
            b
            for b in self.benefits
            if b.benefit.codes is None
            or (b.benefit.codes.contains(code, on=on) if dated else code in b.benefit.codes)  # type: ignore[arg-type]  # pendulum or plain date both work
        ]

    def spell_for(
        self, current: Sequence[int] | None, on: dt.date, place: str | None, days: int
    ) -> tuple[str, list[int] | None]:
        """Return the label of the spell of illness a service on *on* falls in, and the spell.

        *current* is the member's spell as (start, last day of care) ordinals, or None. An
        admission (a place of service the spell names) opens a spell or extends the open one
        to its last day of care, *on* plus *days* (never past the last date there is); the
        spell returned is None when it does not change. Any other service is in the open
        spell if it is within the gap, else in `NO_SPELL`. Nothing changes here: `adjudicate`
        keeps the spell returned only once the line is covered. The one query `adjudicate`
        and `check_coverage` both ask.
        """
        rule = self.spell
        if rule is None:
            return NO_SPELL, None
        day = on.toordinal()
        if place not in rule.places_of_service:
            if current is None or day - current[1] - 1 >= rule.gap_days:
                return NO_SPELL, None
            return spell_label(dt.date.fromordinal(current[0])), None
        last = min(day + days, _LAST_DAY)
        if current is None or day - current[1] - 1 >= rule.gap_days:
            return spell_label(on), [day, last]
        label = spell_label(dt.date.fromordinal(current[0]))
        return label, ([current[0], last] if last > current[1] else None)

    def spell_label_in(
        self,
        accumulators: Accumulators,
        member: str,
        on: dt.date,
        place: str | None = None,
        days: int = 1,
    ) -> str:
        """Return the label of the spell a service on *on* falls in, given *member*'s spell
        in *accumulators*: `spell_for` for the verbs that read accumulators, not a batch."""
        current = None
        for spell in accumulators.spells:
            if spell.member == member:
                current = (spell.start.toordinal(), spell.last_care.toordinal())
        return self.spell_for(current, on, place, days)[0]

    def fee(self, code: Code, tier: Tier) -> Decimal | None:
        """Return the fee-schedule amount per unit for *code* at *tier*, or None.

        Callers skip this when the plan has no fee schedule (``not self.fees``).
        """
        fees = self.fees
        found = fees.get((code, tier))
        return fees.get((code, None)) if found is None else found

    def plan_label(self, on: dt.date) -> str:
        """Return the label of the plan's benefit period holding *on* (not for spells)."""
        found = self.plan_labels.get(on)
        if found is None:
            found = self.label(self.plan.benefit_period, on)
            if len(self.plan_labels) < _CACHE_SIZE:
                self.plan_labels[on] = found
        return found

    def limit_label(self, lim: CLimit, on: dt.date) -> str:
        """Return the label of the period of *lim* holding *on* (not for spells)."""
        found = lim.labels.get(on)
        if found is None:
            found = self.label(lim.per, on)
            if len(lim.labels) < _CACHE_SIZE:
                lim.labels[on] = found
        return found

    def label(self, rule: PeriodRule, on: dt.date) -> str:
        """Return the accumulator label of the period of *rule* holding *on* (not for spells)."""
        if type(rule) is CalendarYear:
            y = on.year
            return f"{y:04d}-01-01/{y:04d}-12-31"
        if type(rule) is Lifetime:
            return LIFETIME
        if type(rule) is CalendarMonth:
            y, m = on.year, on.month
            return f"{y:04d}-{m:02d}-01/{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
        key = (rule, on)
        found = self.period_cache.get(key)
        if found is None:
            assert isinstance(rule, PlanYear)  # noqa: S101  # spells are labelled by the caller
            period = rule.period_containing(on)
            found = f"{period.start.isoformat()}/{period.end.isoformat()}"
            if len(self.period_cache) < _CACHE_SIZE:
                self.period_cache[key] = found
        return found


STAY_MEASURE: Final = "qualifying_discharge"
"""The measure under which a benefit's latest qualifying discharge is kept, as YYYYMMDD."""


def stay_key(scope: str, benefit_id: str) -> tuple[str, str, str, str]:
    """Return the key of *benefit_id*'s latest qualifying discharge for *scope*."""
    return (scope, benefit_id, STAY_MEASURE, LIFETIME)


def stay_qualifies(stay: QualifyingStay, discharged: Decimal | None, on: dt.date) -> bool:
    """Return whether a discharge kept as YYYYMMDD (None: none) qualifies a line on *on*."""
    if not discharged:  # None or zero: no stay on file
        return False
    n = int(discharged)
    left = dt.date(n // 10000, n // 100 % 100, n % 100)
    return on.toordinal() - left.toordinal() <= stay.within_days


def record_stays(
    c: Compiled,
    acc: dict[tuple[str, str, str, str], Decimal],
    scope: str,
    benefit_id: str,
    line: ServiceLine,
) -> None:
    """Keep a covered *line*'s discharge (its date plus its units) for each benefit it
    qualifies: a stay at a place the benefit's qualifying stay names and long enough, or a
    line of the benefit itself."""
    on, days, place = line.service_date, line.units, line.place_of_service
    end = min(on.toordinal() + days, _LAST_DAY)
    for bid, stay in c.stays:
        if bid == benefit_id or (place in stay.places_of_service and days >= stay.days):
            d = dt.date.fromordinal(end)
            value = Decimal(d.year * 10000 + d.month * 100 + d.day)
            key = stay_key(scope, bid)
            if value > acc.get(key, ZERO):
                acc[key] = value


def first_in_setting(
    benefits: list[CBenefit], place: str | None, kind: str | None
) -> CBenefit | None:
    """Return the first of *benefits* that a service at *place* by *kind* matches, or None."""
    for b in benefits:
        benefit = b.benefit
        if benefit.places_of_service and place not in benefit.places_of_service:
            continue
        if benefit.provider_kinds and kind not in benefit.provider_kinds:
            continue
        return b
    return None


_first_in_setting: Final = first_in_setting
_CACHE_SIZE: Final = 1 << 16
_COMPILED: dict[int, tuple[Plan, Compiled]] = {}
_COMPILED_MAX: Final = 64
_COMPILED_LOCK: Final = threading.Lock()
"""Held while the cache of compiled plans changes: eviction iterates it, which another
thread's insertion would break. Reads take no lock: one dict lookup is atomic."""


def compiled(plan: Plan) -> Compiled:
    """Return the compiled form of *plan*, built once per plan object and kept (bounded).

    Safe under threads: two threads may compile one plan at once (both results are equal and
    either is kept), and eviction happens under a lock.
    """
    entry = _COMPILED.get(id(plan))
    if entry is not None and entry[0] is plan:
        return entry[1]
    result = Compiled(plan)
    with _COMPILED_LOCK:
        while len(_COMPILED) >= _COMPILED_MAX:
            del _COMPILED[next(iter(_COMPILED))]
        _COMPILED[id(plan)] = (plan, result)
    return result
