"""Care-management model profiles as data: each model's parameters, defaults and sources.

A `ModelProfile` holds what distinguishes one model of case management from another:
caseload, contact, who delivers services, and what its plans must show. Each default names its
source in `ModelProfile.sources`; applications override any parameter with
`ModelProfile.override`, which records their own source in its place. docs/careplans.md lists
every default with its source.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import attrs

from casekit import _validate as v
from casekit.careplan._plan import ContactSchedule, PeriodUnit, Timing, optional_positive, positive
from casekit.case import CareModel
from casekit.errors import InvalidInputError

__all__ = [
    "BROKERAGE",
    "CLINICAL",
    "INTENSIVE",
    "STRENGTHS_BASED",
    "TARGETED",
    "ModelProfile",
    "targeted_profile",
]


def _optional_days(_inst: object, attribute: Any, value: Any) -> None:
    if value is not None:
        v.non_negative_int(_inst, attribute, value)


def _sources(value: object) -> tuple[Any, ...]:
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return v.freeze(value)


def _source_pairs(_inst: object, attribute: Any, value: Any) -> None:
    if type(value) is not tuple or not all(
        type(p) is tuple and len(p) == 2 and all(type(x) is str for x in p)  # noqa: PLR2004  # a pair
        for p in value
    ):
        raise v.fail(attribute.name, "type", "must be (parameter, source) pairs of text")


@attrs.frozen
class ModelProfile:
    """A care-management model's parameters: what its plans, contacts and caseloads must meet.

    Args:
        name: the model's name (a `casekit.case.CareModel` value, or an application's own).
        caseload_cap: the most cases one full-time manager carries.
        contact: the least contact the model asks for: timings early and later, the modes
            contact may take, the least face-to-face and community shares, and whether the
            manager accompanies the client.
        manager_delivers_services: whether the manager may deliver services in the plan.
        goals_in_client_words: whether goals must be set in the client's own words.
        goals_draw_on_strengths: whether every goal must name a strength it draws on.
        informal_supports_in_team: whether informal supports (family, friends, community)
            found by assessment must carry part of the plan.
        needs_referred_out: whether every need must be met by a referral to a provider.
        attendance_checked: whether the manager checks that the client attends every therapy.
        services_start_within_days: how soon after the plan services must start, if it matters.
        time_limited_weeks: how long the model lasts for one client, if time-limited.
        review_every_days: the longest time before a plan is reviewed.
        reassess_every_days: the longest time between assessments, if the model sets one.
        plan_with_client: whether the plan must be developed with the client.
        supervision: how the model's managers are supervised (text, for the docs and the UI).
        target_group: the defined group a targeted model serves.
        sources: (parameter, source) pairs saying where each default comes from.

    Examples:
        >>> CLINICAL.attendance_checked, BROKERAGE.caseload_cap, str(INTENSIVE.contact.early)
        (True, 75, '1 per week')
        >>> mine = BROKERAGE.override(caseload_cap=60, source="our county contract")
        >>> mine.caseload_cap, mine.source("caseload_cap")
        (60, 'our county contract')
    """

    name: str = attrs.field(validator=v.identifier)
    caseload_cap: int = attrs.field(validator=positive)
    contact: ContactSchedule = attrs.field(validator=v.instance(ContactSchedule))
    manager_delivers_services: bool = attrs.field(
        default=True, kw_only=True, validator=v.instance(bool)
    )
    goals_in_client_words: bool = attrs.field(
        default=False, kw_only=True, validator=v.instance(bool)
    )
    goals_draw_on_strengths: bool = attrs.field(
        default=False, kw_only=True, validator=v.instance(bool)
    )
    informal_supports_in_team: bool = attrs.field(
        default=False, kw_only=True, validator=v.instance(bool)
    )
    needs_referred_out: bool = attrs.field(default=False, kw_only=True, validator=v.instance(bool))
    attendance_checked: bool = attrs.field(default=False, kw_only=True, validator=v.instance(bool))
    services_start_within_days: int | None = attrs.field(
        default=None, kw_only=True, validator=_optional_days
    )
    time_limited_weeks: int | None = attrs.field(
        default=None, kw_only=True, validator=optional_positive
    )
    review_every_days: int = attrs.field(default=90, kw_only=True, validator=positive)
    reassess_every_days: int | None = attrs.field(
        default=None, kw_only=True, validator=optional_positive
    )
    plan_with_client: bool = attrs.field(default=False, kw_only=True, validator=v.instance(bool))
    supervision: str = attrs.field(default="", kw_only=True, validator=v.text(max_length=500))
    target_group: str | None = attrs.field(
        default=None, kw_only=True, validator=v.optional_text(max_length=200)
    )
    sources: tuple[tuple[str, str], ...] = attrs.field(
        default=(), kw_only=True, converter=_sources, validator=_source_pairs
    )

    def source(self, parameter: str) -> str | None:
        """Return where *parameter*'s value comes from, or None if no source is recorded."""
        return next((s for p, s in self.sources if p == parameter), None)

    def override(self, *, source: str, **changes: Any) -> ModelProfile:
        """Return this profile with *changes*, each recorded as coming from *source*.

        Raises:
            InvalidInputError: ``changes.<name>`` with code ``unknown_field`` for a name that
                is not a parameter, ``source`` with code ``empty`` for an empty source, or the
                parameter's own check.
        """
        names = {a.name for a in attrs.fields(ModelProfile)} - {"name", "sources"}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise InvalidInputError.one(
                f"changes.{v.shown_key(unknown[0])}", "unknown_field", "is not a profile parameter"
            )
        given: object = source  # checked at run time too
        if not (isinstance(given, str) and given.strip()):
            raise InvalidInputError.one("source", "empty", "must say where the values come from")
        kept = {p: s for p, s in self.sources if p not in changes}
        return attrs.evolve(self, **changes, sources={**kept, **dict.fromkeys(changes, source)})


_ISSUE: Final = "casekit issue #12 (after the seed article, Investopedia 'Case Management')"
_SEED: Final = (
    "the seed article (Investopedia 'Case Management'), section on case-management models"
)
_CHOICE: Final = "casekit's choice: the sources give no figure; set your programme's own"
_CFR: Final = "42 CFR 440.169(d) (targeted case management services)"
_STATE: Final = (
    "placeholder after issue #12's example of one state's rules; states differ, set yours"
)

_WEEKLY: Final = Timing(1)
_MONTHLY: Final = Timing(1, unit=PeriodUnit.MONTH)
_QUARTERLY: Final = Timing(1, 3, PeriodUnit.MONTH)
_ALL_MODES: Final = ("in_person", "phone", "video", "home_visit", "accompanied_appointment")

STRENGTHS_BASED: Final = ModelProfile(
    CareModel.STRENGTHS_BASED.value,
    20,
    ContactSchedule(
        _WEEKLY,
        later=_MONTHLY,
        early_weeks=12,
        modes=_ALL_MODES,
        community_share=Decimal("0.5"),
    ),
    goals_in_client_words=True,
    goals_draw_on_strengths=True,
    informal_supports_in_team=True,
    review_every_days=90,
    supervision="weekly group supervision reviewing goals and strengths",
    sources={
        "caseload_cap": f"{_ISSUE}: about 1:15-20; Rapp & Goscha, The Strengths Model",
        "contact": f"{_ISSUE}: weekly early on, then monthly; early phase length and "
        f"community share: {_CHOICE}",
        "goals_in_client_words": f"{_ISSUE}; Rapp & Goscha, The Strengths Model",
        "goals_draw_on_strengths": f"{_SEED}: the plan draws on every strength",
        "informal_supports_in_team": f"{_SEED}: community, family, friends, home environment",
        "review_every_days": _CHOICE,
        "supervision": "Rapp & Goscha, The Strengths Model (group supervision)",
    },
)
"""The strengths-based model: goals in the client's words, each drawing on a strength."""

CLINICAL: Final = ModelProfile(
    CareModel.CLINICAL.value,
    30,
    ContactSchedule(
        _WEEKLY,
        later=Timing(2, unit=PeriodUnit.MONTH),
        early_weeks=8,
        modes=("in_person", "phone", "video"),
    ),
    attendance_checked=True,
    review_every_days=90,
    supervision="clinical supervision under the manager's licence",
    sources={
        "caseload_cap": _CHOICE,
        "contact": f"{_SEED}: meets regularly, telephone check-ins included; figures: {_CHOICE}",
        "manager_delivers_services": f"{_ISSUE}: the manager is a clinician who also delivers "
        "therapy",
        "attendance_checked": f"{_SEED}: ensures the patient is using all the therapies",
        "review_every_days": _CHOICE,
        "supervision": _CHOICE,
    },
)
"""The clinical model: a clinician coordinates therapies and checks the client attends them."""

BROKERAGE: Final = ModelProfile(
    CareModel.BROKERAGE.value,
    75,
    ContactSchedule(_QUARTERLY, modes=("in_person", "phone")),
    manager_delivers_services=False,
    needs_referred_out=True,
    review_every_days=180,
    supervision="administrative supervision",
    sources={
        "caseload_cap": f"{_ISSUE}: about 1:75",
        "contact": f"{_ISSUE}: infrequent (quarterly) and office-based",
        "manager_delivers_services": f"{_SEED}: assess, then refer; limited interaction",
        "needs_referred_out": f"{_ISSUE}: every need is linked to a referral",
        "review_every_days": _CHOICE,
        "supervision": _CHOICE,
    },
)
"""The brokerage model: assess, refer every need out, meet rarely and at the office."""

INTENSIVE: Final = ModelProfile(
    CareModel.INTENSIVE.value,
    20,
    ContactSchedule(
        _WEEKLY,
        modes=_ALL_MODES,
        face_to_face_share=Decimal("0.5"),
        accompanies=True,
    ),
    services_start_within_days=7,
    review_every_days=60,
    supervision="weekly individual supervision",
    sources={
        "caseload_cap": f"{_ISSUE}: under 20, 1:20 a common standard",
        "contact": f"{_SEED}: frequent one-to-one meetings, the manager often accompanies the "
        f"client; weekly and the face-to-face share: {_CHOICE}",
        "services_start_within_days": f"{_SEED}: services start fast; 7 days: {_CHOICE}",
        "review_every_days": _CHOICE,
        "supervision": _CHOICE,
    },
)
"""The intensive model: services start fast, frequent one-to-one contact, accompanied visits."""


def targeted_profile(
    *,
    group: str,
    caseload_cap: int,
    contact: ContactSchedule,
    reassess_every_days: int,
    source: str,
    review_every_days: int = 90,
) -> ModelProfile:
    """Return a targeted case-management profile for the defined *group* an application serves.

    Targeted case management (42 CFR 440.169) is for a group the state names, with four
    components: a comprehensive assessment and periodic reassessment, a care plan developed with
    the individual, referral and related activities, and monitoring and follow-up. States set
    the contact, reassessment and caseload figures, so the application gives them, with the
    *source* they come from. (Not to be confused with transitional care management, see
    `check_transitional_care`.)

    Examples:
        >>> p = targeted_profile(group="adults with serious mental illness", caseload_cap=35,
        ...     contact=ContactSchedule(Timing(1, unit=PeriodUnit.MONTH)),
        ...     reassess_every_days=365, source="state plan amendment 24-0012")
        >>> p.name, p.plan_with_client, p.source("caseload_cap")
        ('targeted', True, 'state plan amendment 24-0012')
    """
    values: dict[str, Any] = {
        "caseload_cap": caseload_cap,
        "contact": contact,
        "reassess_every_days": reassess_every_days,
        "review_every_days": review_every_days,
        "target_group": group,
    }
    return TARGETED.override(source=source, **values)


TARGETED: Final = ModelProfile(
    CareModel.TARGETED.value,
    40,
    ContactSchedule(
        _MONTHLY,
        modes=("in_person", "phone", "video", "home_visit"),
        face_to_face_share=Decimal("0.33"),
    ),
    plan_with_client=True,
    review_every_days=90,
    reassess_every_days=365,
    target_group="a group the application names",
    supervision="as the state's rules say",
    sources={
        "caseload_cap": _STATE,
        "contact": f"{_STATE} (monthly contact, a quarterly face-to-face review)",
        "reassess_every_days": f"{_CFR}(1): periodic reassessment; annual: {_STATE}",
        "plan_with_client": f"{_CFR}(2): a care plan developed with the individual",
        "review_every_days": f"{_STATE} (a quarterly review)",
        "target_group": f"{_CFR}; the application names the group",
        "supervision": _STATE,
    },
)
"""Targeted case management with placeholder figures; build yours with `targeted_profile`."""
