"""One care-plan builder per model: assessment + catalogue + options -> a `CarePlan`.

Builders are pure and deterministic: the same inputs give an equal plan. Each builds what its
model's validator checks, so a plan a builder returns passes its own model's validator; when the
inputs cannot make such a plan (a need no service in the catalogue meets, a strengths-based goal
without the client's words), the builder raises `InvalidInputError` saying what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs
import pendulum

from casekit import _validate as v
from casekit.assessment import Assessment, NeedDomain, StrengthSource
from casekit.careplan._plan import (
    CarePlan,
    Goal,
    Intervention,
    PlanStatus,
    ResponsibleParty,
    Setting,
    Timing,
    optional_positive,
)
from casekit.codes import Code
from casekit.errors import InvalidInputError

if TYPE_CHECKING:
    from casekit.assessment import Need
    from casekit.careplan._profile import ModelProfile

__all__ = [
    "CarePlanBuilder",
    "Catalogue",
    "PlanOptions",
    "ServiceOffer",
    "build_brokerage",
    "build_clinical",
    "build_intensive",
    "build_strengths_based",
    "build_targeted",
]


def _domains(_inst: object, attribute: Any, value: Any) -> None:
    v.tuple_of(NeedDomain)(_inst, attribute, value)


@attrs.frozen
class ServiceOffer:
    """A service the application can put in a plan: what, for which needs, by whom, how often.

    An offer naming no need domain serves the whole plan (care coordination, say). An offer a
    provider delivers names the provider.

    Raises:
        InvalidInputError: ``provider`` with code ``missing`` when ``responsible`` is
            ``provider`` and no provider is named.

    Examples:
        >>> from casekit.codes import Code
        >>> pt = ServiceOffer("pt", Code.parse("CPT|97110"), "physical therapy",
        ...                   (NeedDomain.FUNCTIONAL,), provider="prov-pt", timing=Timing(2))
        >>> pt.responsible.value, pt.setting.value
        ('provider', 'outpatient')
    """

    id: str = attrs.field(validator=v.identifier)
    service: Code = attrs.field(validator=v.instance(Code))
    label: str = attrs.field(validator=v.text(max_length=200, allow_empty=False))
    domains: tuple[NeedDomain, ...] = attrs.field(
        default=(), converter=v.freeze, validator=_domains
    )
    provider: str | None = attrs.field(default=None, kw_only=True, validator=v.optional_identifier)
    responsible: ResponsibleParty = attrs.field(
        default=ResponsibleParty.PROVIDER, kw_only=True, validator=v.instance(ResponsibleParty)
    )
    setting: Setting = attrs.field(
        default=Setting.OUTPATIENT, kw_only=True, validator=v.instance(Setting)
    )
    timing: Timing | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_instance(Timing)
    )
    duration_weeks: int | None = attrs.field(
        default=None, kw_only=True, validator=optional_positive
    )

    @provider.validator
    def _named(self, _attribute: object, value: str | None) -> None:
        # Validators run after every field is set, so responsible is there to read.
        if value is None and self.responsible is ResponsibleParty.PROVIDER:
            raise v.fail("provider", "missing", "must name the provider who delivers the service")


@attrs.frozen
class Catalogue:
    """The application's services and their providers, in the order builders should prefer.

    Raises:
        InvalidInputError: ``offers[i].id`` with code ``duplicate`` for an id used twice.

    Examples:
        >>> from casekit.codes import Code
        >>> cat = Catalogue((ServiceOffer("fin", Code.parse("HCPCS|T1016"), "financial planning",
        ...                               (NeedDomain.FINANCIAL,),
        ...                               responsible=ResponsibleParty.CASE_MANAGER),))
        >>> [o.id for o in cat.for_domain(NeedDomain.FINANCIAL)]
        ['fin']
    """

    offers: tuple[ServiceOffer, ...] = attrs.field(
        converter=v.freeze, validator=v.tuple_of(ServiceOffer)
    )

    @offers.validator
    def _unique(self, _attribute: object, offers: tuple[ServiceOffer, ...]) -> None:
        seen: set[str] = set()
        for i, offer in enumerate(offers):
            if offer.id in seen:
                raise v.fail(f"offers[{i}].id", "duplicate", "is used by another offer")
            seen.add(offer.id)

    def for_domain(self, domain: NeedDomain) -> tuple[ServiceOffer, ...]:
        """Return the offers that serve needs of *domain*, in catalogue order."""
        return tuple(o for o in self.offers if domain in o.domains)


def _words(value: object) -> tuple[Any, ...]:
    if isinstance(value, Mapping):
        return tuple(sorted(value.items()))
    return v.freeze(value)


def _word_pairs(_inst: object, attribute: Any, value: Any) -> None:
    if type(value) is not tuple:
        raise v.fail(attribute.name, "type", "must map need ids to the client's words")
    for i, pair in enumerate(value):
        if not (
            type(pair) is tuple
            and len(pair) == 2  # noqa: PLR2004  # a (need id, words) pair
            and type(pair[0]) is str
            and v.IDENTIFIER.fullmatch(pair[0])
            and type(pair[1]) is str
            and pair[1].strip()
            and len(pair[1]) <= 2000  # noqa: PLR2004  # as a goal's description
            and not v.TEXT_CONTROL.search(pair[1])
        ):
            raise v.fail(f"{attribute.name}[{i}]", "type", "must be a (need id, words) pair")


@attrs.frozen
class PlanOptions:
    """What the application tells a builder beyond the assessment and the catalogue.

    Args:
        goal_days: how many days after the plan each goal is due.
        client_words: the client's own words for the goal meeting each need, by need id
            (free text, kept out of reprs).
        developed_with_patient: whether the client takes part in writing the plan.

    Examples:
        >>> PlanOptions(client_words={"n-1": "I want to walk my dog again"}).client_words
        (('n-1', 'I want to walk my dog again'),)
    """

    goal_days: int = attrs.field(default=90, kw_only=True, validator=v.non_negative_int)
    client_words: tuple[tuple[str, str], ...] = attrs.field(
        default=(), kw_only=True, converter=_words, validator=_word_pairs, repr=False
    )
    developed_with_patient: bool = attrs.field(
        default=True, kw_only=True, validator=v.instance(bool)
    )


class CarePlanBuilder(Protocol):
    """**Protocol:** a model's plan builder, pure and deterministic.

    It returns a plan that passes ``validate_plan(plan, profile, assessment=assessment)``, or
    raises `InvalidInputError` when the inputs cannot make one.
    """

    def __call__(
        self,
        assessment: Assessment,
        catalogue: Catalogue,
        *,
        profile: ModelProfile,
        options: PlanOptions,
        plan_id: str,
        at: dt.datetime,
        by: str,
    ) -> CarePlan:
        """Return the plan for *assessment* under *profile*."""
        ...


_SOCIAL: Final = frozenset(
    {StrengthSource.FAMILY, StrengthSource.FRIENDS, StrengthSource.COMMUNITY}
)

Pick = Callable[["ModelProfile", ServiceOffer], bool]


def _any_offer(profile: ModelProfile, offer: ServiceOffer) -> bool:
    return (
        profile.manager_delivers_services or offer.responsible is not ResponsibleParty.CASE_MANAGER
    )


def _referral(profile: ModelProfile, offer: ServiceOffer) -> bool:
    del profile
    return offer.responsible is ResponsibleParty.PROVIDER


def _check_inputs(
    assessment: object, catalogue: object, options: object, plan_id: object, at: object
) -> None:
    if not isinstance(assessment, Assessment):
        raise InvalidInputError.one("assessment", "type", "must be an Assessment")
    if not isinstance(catalogue, Catalogue):
        raise InvalidInputError.one("catalogue", "type", "must be a Catalogue")
    if not isinstance(options, PlanOptions):
        raise InvalidInputError.one("options", "type", "must be PlanOptions")
    if not (isinstance(plan_id, str) and v.IDENTIFIER.fullmatch(plan_id)):
        raise InvalidInputError.one("plan_id", "identifier", v.IDENTIFIER_MESSAGE)
    if not isinstance(at, dt.datetime):
        raise InvalidInputError.one("at", "type", "must be a timezone-aware datetime")


def _ordered_needs(assessment: Assessment) -> list[tuple[int, Need]]:
    for i, need in enumerate(assessment.needs):
        if need.id is None:
            raise InvalidInputError.one(
                f"assessment.needs[{i}].id", "missing", "needs an id so that a goal can name it"
            )
    if not assessment.needs:
        raise InvalidInputError.one("assessment.needs", "empty", "must hold at least one need")
    return sorted(enumerate(assessment.needs), key=lambda p: (-p[1].priority.rank, p[0]))


def _strength_ids(assessment: Assessment, profile: ModelProfile) -> tuple[str, ...]:
    if not profile.goals_draw_on_strengths:
        return ()
    ids = tuple(s.id for s in assessment.strengths if s.id is not None)
    if not ids:
        raise InvalidInputError.one(
            "assessment.strengths",
            "missing",
            f"the {profile.name} model needs at least one strength with an id for goals to draw on",
        )
    return ids


def _weeks(offered: int | None, limit: int | None) -> int | None:
    # A time-limited model ends every service by its limit.
    if limit is None:
        return offered
    return limit if offered is None else min(offered, limit)


def _build(  # the builder protocol's arguments, plus the model's pick
    assessment: Assessment,
    catalogue: Catalogue,
    *,
    profile: ModelProfile,
    options: PlanOptions,
    plan_id: str,
    at: dt.datetime,
    by: str,
    pick: Pick,
    first_only: bool,
) -> CarePlan:
    _check_inputs(assessment, catalogue, options, plan_id, at)
    day = pendulum.Date(at.year, at.month, at.day)
    words = dict(options.client_words)
    strengths = _strength_ids(assessment, profile)
    goals: list[Goal] = []
    served: dict[str, tuple[list[str], list[str]]] = {}
    for n, (index, need) in enumerate(_ordered_needs(assessment), start=1):
        need_id = str(need.id)
        said = words.get(need_id)
        if profile.goals_in_client_words and said is None:
            raise InvalidInputError.one(
                "options.client_words",
                "missing",
                f"the {profile.name} model sets goals in the client's own words; give them for "
                f"need {need_id}",
            )
        goal = Goal(
            f"g-{n}",
            said or f"meet the {need.domain.value.replace('_', ' ')} need",
            day.add(days=options.goal_days),
            need_ids=(need_id,),
            strength_ids=strengths,
            in_client_words=said is not None,
        )
        goals.append(goal)
        offers = [o for o in catalogue.for_domain(need.domain) if pick(profile, o)]
        if not offers:
            raise InvalidInputError.one(
                f"assessment.needs[{index}]",
                "no_service",
                f"no offer in the catalogue meets this {need.domain.value} need under the "
                f"{profile.name} model",
            )
        for offer in offers[:1] if first_only else offers:
            goal_ids, need_ids = served.setdefault(offer.id, ([], []))
            goal_ids.append(goal.id)
            need_ids.append(need_id)
    all_goals = [g.id for g in goals]
    all_needs = [n for g in goals for n in g.need_ids]
    for offer in catalogue.offers:
        if not offer.domains and pick(profile, offer) and not first_only:
            served[offer.id] = (all_goals, all_needs)
    start = day
    interventions = [
        Intervention(
            offer.id,
            offer.label,
            offer.service,
            setting=offer.setting,
            responsible=offer.responsible,
            goal_ids=tuple(served[offer.id][0]),
            need_ids=tuple(served[offer.id][1]),
            provider=offer.provider,
            timing=offer.timing,
            duration_weeks=_weeks(offer.duration_weeks, profile.time_limited_weeks),
            starts_on=start,
        )
        for offer in catalogue.offers
        if offer.id in served
    ]
    social = next((s for s in assessment.strengths if s.source in _SOCIAL), None)
    if profile.informal_supports_in_team and social is not None:
        interventions.append(
            Intervention(
                "informal-support",
                f"support from {social.source.value.replace('_', ' ')}",
                setting=Setting.COMMUNITY,
                responsible=ResponsibleParty.INFORMAL_SUPPORT,
                goal_ids=tuple(all_goals),
                duration_weeks=profile.time_limited_weeks,
                starts_on=start,
            )
        )
    if profile.plan_with_client and not options.developed_with_patient:
        raise InvalidInputError.one(
            "options.developed_with_patient",
            "required",
            f"the {profile.name} model develops the plan with the client",
        )
    return CarePlan(
        plan_id,
        at,
        by,
        goals=tuple(goals),
        interventions=tuple(interventions),
        status=PlanStatus.DRAFT,
        review_on=day.add(days=profile.review_every_days),
        contact_schedule=profile.contact,
        model=profile.name,
        developed_with_patient=options.developed_with_patient,
        starts_on=day,
    )


def _builder(name: str, pick: Pick, *, first_only: bool, doc: str) -> CarePlanBuilder:
    def build(  # CarePlanBuilder's signature
        assessment: Assessment,
        catalogue: Catalogue,
        *,
        profile: ModelProfile,
        options: PlanOptions,
        plan_id: str,
        at: dt.datetime,
        by: str,
    ) -> CarePlan:
        return _build(
            assessment,
            catalogue,
            profile=profile,
            options=options,
            plan_id=plan_id,
            at=at,
            by=by,
            pick=pick,
            first_only=first_only,
        )

    build.__name__ = build.__qualname__ = name
    build.__doc__ = doc
    return build


build_strengths_based: Final = _builder(
    "build_strengths_based",
    _any_offer,
    first_only=False,
    doc="""Build a strengths-based plan: goals in the client's words, each drawing on strengths.

    Every goal names every strength (with an id) the assessment found, informal supports carry
    part of the plan, and services come from every catalogue offer for each need.

    Examples:
        >>> from casekit.careplan import examples
        >>> plan = examples.built("strengths_based")
        >>> [(g.in_client_words, g.strength_ids) for g in plan.goals]
        [(True, ('s-family',))]
        >>> [i.responsible.value for i in plan.interventions]
        ['provider', 'case_manager', 'informal_support']
    """,
)

build_clinical: Final = _builder(
    "build_clinical",
    _any_offer,
    first_only=False,
    doc="""Build a clinical plan: every catalogue service for each need, therapies and all.

    Examples:
        >>> from casekit.careplan import examples
        >>> [i.id for i in examples.built("clinical").interventions]
        ['pt', 'coordination']
    """,
)

build_brokerage: Final = _builder(
    "build_brokerage",
    _referral,
    first_only=True,
    doc="""Build a brokerage plan: each need referred to the first provider offering a service.

    The manager delivers nothing: offers the case manager would carry out are left out.

    Examples:
        >>> from casekit.careplan import examples
        >>> [(i.id, i.responsible.value) for i in examples.built("brokerage").interventions]
        [('pt', 'provider')]
    """,
)

build_intensive: Final = _builder(
    "build_intensive",
    _any_offer,
    first_only=False,
    doc="""Build an intensive plan: every service for each need, starting on the day of the plan.

    Examples:
        >>> from casekit.careplan import examples
        >>> plan = examples.built("intensive")
        >>> plan.contact_schedule.accompanies, {str(i.starts_on) for i in plan.interventions}
        (True, {'2025-03-10'})
    """,
)

build_targeted: Final = _builder(
    "build_targeted",
    _any_offer,
    first_only=False,
    doc="""Build a targeted case-management plan, developed with the client (42 CFR 440.169).

    Examples:
        >>> from casekit.careplan import examples
        >>> examples.built("targeted").developed_with_patient
        True
    """,
)
