"""Models of care management: profiles, builders, validators, caseloads and custom models."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum
import pytest

from casekit.assessment import Assessment, Need, NeedDomain, Priority, Strength, StrengthSource
from casekit.careplan import (
    BROKERAGE,
    CLINICAL,
    INTENSIVE,
    STANDARD_MODELS,
    STRENGTHS_BASED,
    TARGETED,
    Catalogue,
    ContactSchedule,
    Goal,
    Intervention,
    Model,
    ModelProfile,
    Models,
    PeriodUnit,
    PlanOptions,
    ResponsibleParty,
    ServiceOffer,
    Timing,
    build_clinical,
    build_plan,
    build_targeted,
    check_caseload,
    check_model_change,
    examples,
    model_guard,
    plan_fits_model,
    targeted_profile,
    validate_case,
    validate_plan,
)
from casekit.case import CareModel
from casekit.codes import Code
from casekit.errors import InvalidInputError
from casekit.lifecycle import open_case
from casekit.people import CaseManager, Patient, PersonName
from casekit.rules import flag

MODELS = ("strengths_based", "clinical", "brokerage", "intensive", "targeted")
ON = pendulum.date(2025, 4, 7)


def _codes(reasons):
    return [r.code for r in reasons]


def _problem(err):
    return err.value.problems[0].path, err.value.problems[0].code


@pytest.mark.parametrize("model", MODELS)
def test_a_plan_built_for_a_model_meets_that_model(model):
    """Each builder's plan passes its own model's validator, with the assessment."""
    plan = examples.built(model)

    assert validate_plan(plan, STANDARD_MODELS.profile(model), assessment=examples.ASSESSMENT) == ()
    assert plan.model == model
    assert [g.need_ids for g in plan.goals] == [("n-walk",)]


def test_a_strengths_based_plan_sets_goals_in_the_clients_words_from_strengths():
    """The goal is the client's words, draws on the family strength, and family helps."""
    plan = examples.built("strengths_based")

    assert plan.goals[0].description == "I want to walk my dog again"
    assert plan.goals[0].strength_ids == ("s-family",)
    assert ResponsibleParty.INFORMAL_SUPPORT in {i.responsible for i in plan.interventions}


def test_a_brokerage_plan_refers_every_need_and_the_manager_delivers_nothing():
    """Only the provider's service is in the plan; contact is quarterly."""
    plan = examples.built("brokerage")

    assert [(i.id, i.provider) for i in plan.interventions] == [("pt", "prov-pt")]
    assert str(plan.contact_schedule.early) == "1 per 3 months"


def test_a_targeted_plan_is_developed_with_the_client():
    """42 CFR 440.169(d)(2): the plan is developed with the individual."""
    assert examples.built("targeted").developed_with_patient


def test_a_strengths_based_goal_without_a_strength_is_a_breach():
    """Every goal draws on at least one strength."""
    plan = examples.built("strengths_based")
    plan = attrs.evolve(plan, goals=(attrs.evolve(plan.goals[0], strength_ids=()),))

    assert _codes(validate_plan(plan, STRENGTHS_BASED)) == ["careplan.goal_without_strength"]


def test_a_strengths_based_goal_not_in_the_clients_words_is_a_breach():
    """Goals are set in the client's own words."""
    plan = examples.built("strengths_based")
    plan = attrs.evolve(plan, goals=(attrs.evolve(plan.goals[0], in_client_words=False),))

    assert _codes(validate_plan(plan, STRENGTHS_BASED)) == ["careplan.goal_not_in_client_words"]


def test_a_strengths_based_plan_leaving_out_informal_supports_is_a_breach():
    """With family found by assessment, an informal support carries part of the plan."""
    plan = examples.built("strengths_based")
    plan = attrs.evolve(plan, interventions=plan.interventions[:-1])

    reasons = validate_plan(plan, STRENGTHS_BASED, assessment=examples.ASSESSMENT)

    assert _codes(reasons) == ["careplan.informal_supports_left_out"]


def test_a_brokerage_plan_where_the_manager_delivers_a_service_is_a_breach():
    """The brokerage manager assesses and refers; delivering a service breaks the model."""
    plan = examples.built("clinical")
    plan = attrs.evolve(plan, contact_schedule=BROKERAGE.contact, model="brokerage")

    reasons = validate_plan(plan, BROKERAGE)

    assert _codes(reasons) == ["careplan.manager_delivers_service"]
    assert reasons[0].message() == (
        "the brokerage model's manager delivers no service, but intervention coordination has "
        "the case manager responsible"
    )


def test_a_brokerage_need_met_without_a_referral_is_a_breach():
    """Every need is linked to a referral to an outside provider."""
    plan = examples.built("brokerage")
    pt = attrs.evolve(plan.interventions[0], responsible=ResponsibleParty.PATIENT)

    reasons = validate_plan(attrs.evolve(plan, interventions=(pt,)), BROKERAGE)

    assert _codes(reasons) == ["careplan.need_not_referred"]
    assert reasons[0].param("need") == "n-walk"


def test_an_intensive_plan_with_monthly_contact_is_a_breach():
    """Intensive case management meets at least weekly."""
    plan = examples.built("intensive")
    monthly = attrs.evolve(plan.contact_schedule, early=Timing(1, unit=PeriodUnit.MONTH))

    reasons = validate_plan(attrs.evolve(plan, contact_schedule=monthly), INTENSIVE)

    assert _codes(reasons) == ["careplan.contact_too_infrequent"] * 2
    assert reasons[0].message() == (
        "contact in the early phase is planned at 1 per month; the model asks for at least "
        "1 per week"
    )


def test_an_intensive_plan_whose_services_start_late_is_a_breach():
    """Services start within a week of the plan."""
    plan = examples.built("intensive")
    late = tuple(attrs.evolve(i, starts_on=pendulum.date(2025, 4, 30)) for i in plan.interventions)
    unset = tuple(attrs.evolve(i, starts_on=None) for i in plan.interventions)

    assert (
        _codes(validate_plan(attrs.evolve(plan, interventions=late), INTENSIVE))
        == ["careplan.service_starts_late"] * 2
    )
    assert len(validate_plan(attrs.evolve(plan, interventions=unset), INTENSIVE)) == 2


def test_an_intensive_schedule_without_accompaniment_or_face_to_face_is_a_breach():
    """The intensive manager accompanies the client and meets face to face."""
    plan = examples.built("intensive")
    schedule = ContactSchedule(Timing(1), modes=("phone",))

    reasons = validate_plan(attrs.evolve(plan, contact_schedule=schedule), INTENSIVE)

    assert _codes(reasons) == ["careplan.face_to_face_share_too_low", "careplan.not_accompanied"]


def test_a_schedule_that_relaxes_too_early_is_too_infrequent_early_on():
    """Switching to the later timing before the model's early weeks end is an early breach."""
    plan = examples.built("strengths_based")
    early_switch = attrs.evolve(plan.contact_schedule, early_weeks=4)

    reasons = validate_plan(attrs.evolve(plan, contact_schedule=early_switch), STRENGTHS_BASED)

    assert [(r.code, r.param("phase")) for r in reasons] == [
        ("careplan.contact_too_infrequent", "early")
    ]


def test_a_schedule_in_modes_or_places_the_model_does_not_use_is_a_breach():
    """A brokerage schedule with home visits; a strengths-based one never in the community."""
    plan = examples.built("brokerage")
    home = attrs.evolve(plan.contact_schedule, modes=("in_person", "home_visit"))
    strengths = examples.built("strengths_based")
    office = attrs.evolve(strengths.contact_schedule, community_share=Decimal(0))

    assert _codes(validate_plan(attrs.evolve(plan, contact_schedule=home), BROKERAGE)) == [
        "careplan.contact_mode_not_allowed"
    ]
    assert _codes(
        validate_plan(attrs.evolve(strengths, contact_schedule=office), STRENGTHS_BASED)
    ) == ["careplan.community_share_too_low"]


def test_every_model_asks_for_links_a_schedule_and_a_review_date():
    """Goals name needs and have interventions; interventions serve goals; needs have goals."""
    plan = examples.built("clinical")
    plan = attrs.evolve(
        plan,
        goals=(Goal("g-1", "x", need_ids=("n-walk",)), Goal("g-2", "y")),
        interventions=(Intervention("i-1", "pt", goal_ids=("g-1",)), Intervention("i-2", "z")),
        contact_schedule=None,
        review_on=None,
    )
    assessment = attrs.evolve(
        examples.ASSESSMENT,
        needs=(*examples.ASSESSMENT.needs, Need(NeedDomain.HOUSING, Priority.LOW, id="n-home")),
    )

    assert _codes(validate_plan(plan, CLINICAL, assessment=assessment)) == [
        "careplan.goal_without_need",
        "careplan.goal_without_intervention",
        "careplan.intervention_without_goal",
        "careplan.need_without_goal",
        "careplan.contact_schedule_missing",
        "careplan.review_too_late",
    ]


def test_a_plan_made_for_another_model_is_a_breach_of_this_one():
    """The plan says which model it was made for; checked under another, that is a breach."""
    reasons = validate_plan(examples.built("clinical"), attrs.evolve(CLINICAL, name="intensive"))

    assert [(r.code, r.param("planned"), r.param("model")) for r in reasons] == [
        ("careplan.plan_for_another_model", "clinical", "intensive")
    ]
    assert reasons[0].message() == "plan cp-1 was made for the clinical model, not intensive"


def test_a_targeted_plan_not_developed_with_the_client_is_a_breach():
    """The second component of targeted case management."""
    plan = attrs.evolve(examples.built("targeted"), developed_with_patient=False)

    assert _codes(validate_plan(plan, TARGETED)) == ["careplan.not_developed_with_client"]


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (("plan", CLINICAL), "plan"),
        ((None, "clinical"), "profile"),
        ((None, CLINICAL, "assessment"), "assessment"),
    ],
)
def test_validating_refuses_the_wrong_types(args, path):
    """Plan, profile and assessment are checked by name."""
    plan, profile, *rest = args
    plan = examples.built("clinical") if plan is None else plan
    with pytest.raises(InvalidInputError) as err:
        validate_plan(plan, profile, assessment=rest[0] if rest else None)

    assert _problem(err) == (path, "type")


def test_a_targeted_case_without_a_reassessment_in_its_interval_is_a_breach():
    """The first component: periodic reassessment, yearly by default."""
    case = examples.monitored_case(model="targeted")

    reasons = validate_case(case, on=pendulum.date(2026, 3, 20))

    assert "careplan.reassessment_overdue" in _codes(reasons)
    assert validate_case(case, on=pendulum.date(2026, 3, 10)) == ()


def test_a_clinical_case_whose_client_stopped_attending_a_therapy_is_a_breach():
    """The clinical manager checks every therapy is attended."""
    case = examples.monitored_case()

    reasons = validate_case(case, on=ON)

    assert _codes(reasons) == ["careplan.therapy_missed"]
    assert reasons[0].param("about") == "pt"


def test_a_brokerage_case_is_not_checked_for_attendance():
    """Only models that check attendance flag a missed therapy as a breach."""
    assert validate_case(examples.monitored_case(model="brokerage"), on=ON) == ()


def _case_without_plan(model: CareModel = CareModel.CLINICAL, manager: str = "cm-1"):
    return open_case(
        "case-9",
        patient=Patient("pt-9", PersonName("Synthetic"), pendulum.date(1970, 1, 1)),
        manager=CaseManager(manager),
        model=model,
        at=examples.AT,
        by=manager,
    )


def test_a_case_without_a_plan_fails_its_model_with_one_reason():
    """validate_case, the guard and a model change all say a plan is missing."""
    case = _case_without_plan()

    assert _codes(validate_case(case, on=ON)) == ["careplan.plan_missing"]
    assert _codes(plan_fits_model(case, None)) == ["careplan.plan_missing"]
    assert _codes(check_model_change(case, to="brokerage")) == ["careplan.plan_missing"]


def test_validating_a_case_can_check_the_next_plan_instead_of_the_latest():
    """The plan= argument is what a revision will record."""
    case = examples.monitored_case()
    nxt = attrs.evolve(case.latest_care_plan, contact_schedule=None)

    assert "careplan.contact_schedule_missing" in _codes(validate_case(case, on=ON, plan=nxt))
    assert _codes(check_model_change(case, to="clinical", plan=nxt)) == [
        "careplan.contact_schedule_missing"
    ]


def test_changing_model_checks_the_next_plan_against_the_new_profile():
    """A clinical plan does not pass as brokerage: the manager delivers coordination."""
    case = examples.monitored_case()

    assert check_model_change(case, to="clinical") == ()
    assert "careplan.manager_delivers_service" in _codes(check_model_change(case, to="brokerage"))


@pytest.mark.parametrize(
    ("call", "path", "code"),
    [
        (lambda _c: check_model_change("case", to="clinical"), "case", "type"),
        (lambda c: check_model_change(c, to="clinical", models={}), "models", "type"),
        (lambda c: check_model_change(c, to="nope"), "model", "unknown_model"),
        (lambda _c: validate_case("case", on=ON), "case", "type"),
        (lambda c: validate_case(c, on=ON, models=()), "models", "type"),
        (lambda c: validate_case(c, on="2025-04-07"), "on", "type"),
        (lambda _c: model_guard(()), "models", "type"),
    ],
    ids=[
        "change-case",
        "change-models",
        "change-unknown",
        "validate-case",
        "validate-models",
        "validate-on",
        "guard-models",
    ],
)
def test_case_checks_refuse_the_wrong_inputs(call, path, code):
    """Each argument is checked, by name."""
    with pytest.raises(InvalidInputError) as err:
        call(examples.monitored_case())

    assert _problem(err) == (path, code)


def test_a_caseload_over_the_cap_is_a_breach():
    """Brokerage carries 75; the 76th case is over."""
    cases = [_case_without_plan(CareModel.BROKERAGE)] * 76

    reasons = check_caseload(CaseManager("cm-1"), cases)

    assert [(r.code, r.param("load"), r.param("cap")) for r in reasons] == [
        ("careplan.caseload_over_cap", "76", 75)
    ]
    assert check_caseload("cm-1", cases[:75]) == ()


def test_a_caseload_counts_only_the_managers_cases_at_the_tightest_cap_with_weights():
    """Other managers' cases do not count; mixed models take the smallest cap; weights apply."""
    mine = [_case_without_plan(CareModel.BROKERAGE)] * 10 + [
        _case_without_plan(CareModel.INTENSIVE)
    ]
    theirs = [_case_without_plan(CareModel.INTENSIVE, manager="cm-2")] * 40

    assert check_caseload("cm-1", mine + theirs) == ()
    weighted = check_caseload("cm-1", mine, weights={"brokerage": Decimal(2)})
    assert [(r.param("load"), r.param("cap"), r.param("model")) for r in weighted] == [
        ("21", 20, "intensive")
    ]
    assert check_caseload("cm-1", []) == ()


@pytest.mark.parametrize(
    ("manager", "cases", "weights", "path"),
    [
        (1, [], None, "manager"),
        ("cm-1", ["case"], None, "cases[0]"),
        ("cm-1", [], {"clinical": 2}, "weights"),
        ("cm-1", [], {"clinical": Decimal(-1)}, "weights"),
        ("cm-1", [], ["clinical"], "weights"),
    ],
)
def test_a_caseload_check_refuses_the_wrong_inputs(manager, cases, weights, path):
    """Manager, cases and weights are checked, by name."""
    with pytest.raises(InvalidInputError) as err:
        check_caseload(manager, cases, weights=weights)

    assert _problem(err) == (path, "type")


def test_the_approve_plan_guard_refuses_a_plan_that_breaks_its_model():
    """plan_fits_model reads the latest plan and the case's model."""
    case = examples.monitored_case()
    assert plan_fits_model(case, None) == ()
    strict = STANDARD_MODELS.register(
        Model(attrs.evolve(INTENSIVE, name="clinical"), build_clinical)
    )

    assert "careplan.not_accompanied" in _codes(model_guard(strict)(case, None))


def test_every_default_names_its_source_and_applications_override_with_theirs():
    """Every profile's contact and caseload defaults name a source; override records yours."""
    for profile in (STRENGTHS_BASED, CLINICAL, BROKERAGE, INTENSIVE, TARGETED):
        assert profile.source("caseload_cap")
        assert profile.source("contact")
    county = BROKERAGE.override(caseload_cap=60, review_every_days=120, source="county contract")

    assert (county.caseload_cap, county.source("review_every_days")) == (60, "county contract")
    assert county.source("contact") == BROKERAGE.source("contact")
    assert BROKERAGE.source("no_such") is None


@pytest.mark.parametrize(
    ("changes", "source", "path", "code"),
    [
        ({"caseload": 3}, "x", "changes.caseload", "unknown_field"),
        ({"caseload_cap": 3}, " ", "source", "empty"),
        ({"caseload_cap": 0}, "x", "caseload_cap", "positive_int"),
    ],
)
def test_overriding_a_profile_refuses_unknown_parameters_and_missing_sources(
    changes, source, path, code
):
    """An override names real parameters and where their values come from."""
    with pytest.raises(InvalidInputError) as err:
        CLINICAL.override(source=source, **changes)

    assert _problem(err) == (path, code)


def test_a_profile_refuses_sources_that_are_not_pairs_of_text():
    """Sources are (parameter, source) text pairs."""
    with pytest.raises(InvalidInputError) as err:
        attrs.evolve(CLINICAL, sources=(("caseload_cap", 1),))

    assert _problem(err) == ("sources", "type")


def test_a_targeted_profile_takes_the_states_figures_and_its_source():
    """Contact, reassessment and caseload come from the application, with its source."""
    profile = targeted_profile(
        group="people at risk of institutional care",
        caseload_cap=30,
        contact=ContactSchedule(Timing(1, unit=PeriodUnit.MONTH)),
        reassess_every_days=180,
        source="state rule 12.3",
    )

    assert (profile.target_group, profile.reassess_every_days, profile.caseload_cap) == (
        "people at risk of institutional care",
        180,
        30,
    )
    assert profile.source("reassess_every_days") == "state rule 12.3"
    assert profile.plan_with_client


def test_a_targeted_model_writes_its_eligibility_as_casekit_rules():
    """The defined group's criteria are a Rule; each unmet criterion is a reason."""
    model = Model(TARGETED, build_targeted, flag("chronic_mental_illness"))

    assert model.eligible({"chronic_mental_illness": True}).passed
    outcome = model.eligible({"chronic_mental_illness": False})
    assert (outcome.passed, len(outcome.reasons)) == (False, 1)
    assert Model(CLINICAL, build_clinical).eligible({}) is None


def test_an_application_registers_its_own_model_without_touching_casekit():
    """A custom profile and builder, by name; plans carrying its name are checked under it."""
    peer = ModelProfile(
        "peer_support",
        12,
        ContactSchedule(Timing(2), modes=("in_person", "phone")),
        sources={"caseload_cap": "our peer-support programme"},
    )

    def build_peer(assessment, catalogue, **kwargs):
        return build_clinical(assessment, catalogue, **kwargs)

    models = STANDARD_MODELS.register(Model(peer, build_peer))
    plan = build_plan(
        examples.ASSESSMENT,
        examples.CATALOGUE,
        model="peer_support",
        plan_id="cp-1",
        at=examples.AT,
        by="cm-1",
        models=models,
    )

    assert models.names == (*STANDARD_MODELS.names[:3], "peer_support", *STANDARD_MODELS.names[3:])
    assert (plan.model, str(plan.contact_schedule.early)) == ("peer_support", "2 per week")
    assert validate_plan(plan, peer) == ()
    assert "peer_support" not in STANDARD_MODELS.names


@pytest.mark.parametrize(
    ("call", "path", "code"),
    [
        (lambda: Models((Model(CLINICAL, build_clinical),) * 2), "models[1]", "duplicate"),
        (lambda: STANDARD_MODELS.get("nope"), "model", "unknown_model"),
        (lambda: STANDARD_MODELS.register(CLINICAL), "model", "type"),
        (lambda: Model(CLINICAL, "build"), "builder", "type"),
        (lambda: Model(CLINICAL, build_clinical, "rule"), "eligibility", "type"),
        (lambda: Model("clinical", build_clinical), "profile", "type"),
        (lambda: Models("clinical"), "models", "type"),
        (lambda: Models([CLINICAL]), "models[0]", "type"),
        (
            lambda: build_plan(
                examples.ASSESSMENT,
                examples.CATALOGUE,
                model="clinical",
                plan_id="cp-1",
                at=examples.AT,
                by="cm-1",
                models=[],
            ),
            "models",
            "type",
        ),
    ],
    ids=[
        "duplicate",
        "unknown",
        "register",
        "builder",
        "rule",
        "profile",
        "models-text",
        "models-item",
        "build-models",
    ],
)
def test_the_registry_refuses_what_it_cannot_use(call, path, code):
    """Duplicate names, unknown models and wrong types are refused by name."""
    with pytest.raises(InvalidInputError) as err:
        call()

    assert _problem(err) == (path, code)


def _build(model="clinical", assessment=examples.ASSESSMENT, catalogue=examples.CATALOGUE, **kw):
    kw.setdefault("options", examples.OPTIONS)
    kw.setdefault("plan_id", "cp-1")
    kw.setdefault("at", examples.AT)
    return build_plan(assessment, catalogue, model=model, by="cm-1", **kw)


@pytest.mark.parametrize(
    ("call", "path", "code"),
    [
        (lambda: _build(assessment="a"), "assessment", "type"),
        (lambda: _build(catalogue=()), "catalogue", "type"),
        (lambda: _build(options={}), "options", "type"),
        (lambda: _build(plan_id="not an id"), "plan_id", "identifier"),
        (lambda: _build(at="2025-03-10"), "at", "type"),
        (
            lambda: _build(
                assessment=attrs.evolve(
                    examples.ASSESSMENT, needs=(Need(NeedDomain.FUNCTIONAL, Priority.HIGH),)
                )
            ),
            "assessment.needs[0].id",
            "missing",
        ),
        (
            lambda: _build(assessment=attrs.evolve(examples.ASSESSMENT, needs=())),
            "assessment.needs",
            "empty",
        ),
        (
            lambda: _build(
                "strengths_based",
                assessment=attrs.evolve(
                    examples.ASSESSMENT, strengths=(Strength(StrengthSource.FAMILY),)
                ),
            ),
            "assessment.strengths",
            "missing",
        ),
        (
            lambda: _build("strengths_based", options=PlanOptions()),
            "options.client_words",
            "missing",
        ),
        (
            lambda: _build(
                assessment=attrs.evolve(
                    examples.ASSESSMENT, needs=(Need(NeedDomain.LEGAL, Priority.LOW, id="n-law"),)
                )
            ),
            "assessment.needs[0]",
            "no_service",
        ),
        (
            lambda: _build("targeted", options=PlanOptions(developed_with_patient=False)),
            "options.developed_with_patient",
            "required",
        ),
    ],
    ids=[
        "assessment",
        "catalogue",
        "options",
        "plan_id",
        "at",
        "need-id",
        "no-needs",
        "no-strength-id",
        "no-words",
        "no-service",
        "not-with-client",
    ],
)
def test_a_builder_refuses_inputs_it_cannot_make_a_valid_plan_from(call, path, code):
    """Rather than a plan that breaks its model, the builder says what is missing."""
    with pytest.raises(InvalidInputError) as err:
        call()

    assert _problem(err) == (path, code)


def test_a_builder_orders_goals_by_priority_and_merges_shared_services():
    """Urgent needs first; one offer serving two needs is one intervention serving both goals."""
    both = ServiceOffer(
        "rehab",
        Code.parse("CPT|97110"),
        "rehabilitation",
        (NeedDomain.FUNCTIONAL, NeedDomain.COGNITIVE),
        provider="prov-r",
    )
    assessment = attrs.evolve(
        examples.ASSESSMENT,
        needs=(
            Need(NeedDomain.COGNITIVE, Priority.LOW, id="n-think"),
            Need(NeedDomain.FUNCTIONAL, Priority.URGENT, id="n-walk"),
        ),
    )

    plan = _build(assessment=assessment, catalogue=Catalogue((both,)), options=PlanOptions())

    assert [(g.id, g.need_ids, g.description) for g in plan.goals] == [
        ("g-1", ("n-walk",), "meet the functional need"),
        ("g-2", ("n-think",), "meet the cognitive need"),
    ]
    assert [(i.id, i.goal_ids, i.need_ids) for i in plan.interventions] == [
        ("rehab", ("g-1", "g-2"), ("n-walk", "n-think"))
    ]


def test_builders_are_pure_the_same_inputs_give_an_equal_plan():
    """No clock, no randomness, no hidden state."""
    assert all(examples.built(m) == examples.built(m) for m in MODELS)


@pytest.mark.parametrize(
    ("build", "path", "code"),
    [
        (lambda: ServiceOffer("pt", Code.parse("CPT|97110"), "pt"), "provider", "missing"),
        (
            lambda: Catalogue((examples.CATALOGUE.offers[0],) * 2),
            "offers[1].id",
            "duplicate",
        ),
        (lambda: PlanOptions(client_words={"n-1": " "}), "client_words[0]", "type"),
        (lambda: PlanOptions(client_words="n-1"), "client_words", "type"),
        (
            lambda: ServiceOffer("x", Code.parse("CPT|97110"), "x", provider="p", duration_weeks=0),
            "duration_weeks",
            "positive_int",
        ),
    ],
    ids=["provider", "duplicate", "blank-words", "words-type", "duration"],
)
def test_catalogue_and_options_refuse_what_a_builder_could_not_use(build, path, code):
    """A provider's offer names the provider; ids are unique; the client's words are text."""
    with pytest.raises(InvalidInputError) as err:
        build()

    assert _problem(err) == (path, code)


def test_the_clients_words_stay_out_of_the_options_repr():
    """They may be personal."""
    assert "dog" not in repr(examples.OPTIONS)


def test_registry_entries_are_named_after_their_profiles():
    """Model.name is the profile's name."""
    assert [m.name for m in STANDARD_MODELS.models] == list(MODELS)
    assert STANDARD_MODELS.get("clinical").profile is CLINICAL


def test_an_assessment_is_an_assessment():
    """Sanity: the example assessment is a real one with ids to link to."""
    assert isinstance(examples.ASSESSMENT, Assessment)


def test_models_and_registries_are_immutable_values():
    """They compare, hash and print by their parts, and refuse changes."""
    a, b = Model(CLINICAL, build_clinical), Model(CLINICAL, build_clinical)

    assert (a == b, hash(a) == hash(b), a == CLINICAL) == (True, True, False)
    assert repr(a).startswith("Model(builder=<function build_clinical")
    assert Models((a,)) == Models([b])
    with pytest.raises(AttributeError):
        a.profile = BROKERAGE  # type: ignore[misc]


def test_a_time_limited_model_ends_every_service_within_its_weeks():
    """Built plans fit the limit; a service running longer, or open-ended, is a breach."""
    limited = attrs.evolve(INTENSIVE, time_limited_weeks=9)
    models = STANDARD_MODELS.register(Model(limited, STANDARD_MODELS.get("intensive").builder))
    plan = build_plan(
        examples.ASSESSMENT,
        examples.CATALOGUE,
        model="intensive",
        plan_id="cp-1",
        at=examples.AT,
        by="cm-1",
        models=models,
    )

    assert [i.duration_weeks for i in plan.interventions] == [9, 9]
    assert validate_plan(plan, limited) == ()
    long = tuple(attrs.evolve(i, duration_weeks=None) for i in plan.interventions)
    assert [r.code for r in validate_plan(attrs.evolve(plan, interventions=long), limited)] == [
        "careplan.runs_past_time_limit"
    ] * 2


def test_a_time_limited_strengths_based_plan_limits_its_informal_support_too():
    """The informal support's part ends with the model's time limit as well."""
    limited = attrs.evolve(STRENGTHS_BASED, time_limited_weeks=26)
    models = STANDARD_MODELS.register(
        Model(limited, STANDARD_MODELS.get("strengths_based").builder)
    )
    plan = build_plan(
        examples.ASSESSMENT,
        examples.CATALOGUE,
        model="strengths_based",
        plan_id="cp-1",
        at=examples.AT,
        by="cm-1",
        models=models,
        options=examples.OPTIONS,
    )

    assert {i.duration_weeks for i in plan.interventions} == {12, 26}
    assert validate_plan(plan, limited, assessment=examples.ASSESSMENT) == ()
