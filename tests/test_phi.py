"""No personal health information in any text casekit writes: the PHI-marker test.

A synthetic world (tests/fuzz/world.py) holds an instance of every public type, with the
marker ``PHI-MARK-7f3a`` in every name, member id, telephone number, e-mail address and
personal free text, and the birth date 1917-03-29. Every text casekit makes from it (repr,
str, traces, reason messages, refusals, errors from invalid variants, log records) is
searched for the marker and for "1917". The types come from the exported API, so a type
added later is checked too; a type that cannot hold PHI must be listed with its reason.
"""

from __future__ import annotations

import logging
import traceback

import attrs
import pendulum
import pytest
from world import BIRTH_DATE, BIRTH_YEAR, MARK, build_world, instances, public_types

from casekit.errors import CaseKitError, TransitionRefusedError
from casekit.lifecycle import Workflow, apply, dump_workflow
from casekit.rules import Reason, Trace, load_rules
from casekit.serialization import from_dict, to_dict, to_json

MARKS = (MARK, BIRTH_YEAR)
WORLD = build_world()
SEEDS = instances(WORLD)
TYPES = public_types()

NO_PHI: dict[str, str] = {
    "Accumulated": "plan usage totals keyed by member suffix and bucket, no identity",
    "Achievement": "a goal's progress: a time, a status and a measured value",
    "Catalogue": "an application's services and providers",
    "ContactSchedule": "care-model vocabulary: timings, modes and shares",
    "Flag": "a reason code, a record id, a date and a count of days",
    "ModelProfile": "care-model parameters and their published sources",
    "ServiceOffer": "an application's service: code, label, provider id, timing",
    "Timing": "a count per period",
    "TransitionalCareDeadlines": "dates after a discharge",
    "Accumulators": "usage totals only; members appear by family suffix such as '00'",
    "Adjudication": "decisions and accumulators (see Decision and Accumulators)",
    "Adjustment": "X12 group and reason codes with an amount",
    "Authorization": "a prior-authorisation id, code, units and dates; member is a suffix",
    "Benefit": "plan design: public benefit rules",
    "CalendarYear": "a period rule",
    "CareTeam": "application ids and roles",
    "CareTeamMember": "an application id and a role",
    "CaseManager": "a staff member's id, credentials and licences",
    "CcmApplicant": "a professional's practice share, licences, degrees and employment",
    "Code": "public code-system vocabulary",
    "CodeSet": "public code-system vocabulary",
    "CodeSetEntry": "public code-system vocabulary",
    "Contact": "ids, a mode, a time and a duration",
    "CostShare": "plan design",
    "CoverageAnswer": "coverage vocabulary, reason codes and plan amounts",
    "DateRange": "a period",
    "Degree": "a professional's degree: field, level, accreditation",
    "DatedParameter": "a public parameter with its source",
    "DayRange": "plan design",
    "Deadline": "workflow vocabulary",
    "Decision": "amounts, reason codes and a trace of plan facts (no member identity)",
    "Employment": "a professional's months of case-management work",
    "EventOption": "workflow vocabulary and reasons",
    "FeeScheduleEntry": "plan design",
    "HolidayCalendar": "public holidays",
    "Licence": "a professional licence's standing",
    "Lifetime": "a period rule",
    "Limit": "plan design",
    "MedicalNecessity": "plan design",
    "Money": "an amount",
    "NPI": "a public provider identifier (NPPES)",
    "OpenDeadline": "workflow vocabulary and dates",
    "ParameterHistory": "public parameters with their sources",
    "Plan": "plan design",
    "PlanYear": "a period rule",
    "Provider": "a public provider record",
    "Reason": "reason codes and their parameters",
    "ReasonCode": "public X12 vocabulary",
    "Service": "a service asked about: code, units, setting",
    "ServiceLine": "a billed service: code, date, amounts (no member identity)",
    "Spell": "a spell of illness keyed by member suffix",
    "SpellOfIllness": "a period rule",
    "QualifyingStay": "plan design: days and places of a stay",
    "CalendarMonth": "a period rule",
    "State": "workflow vocabulary",
    "TierTerms": "plan design",
    "Transition": "workflow vocabulary",
    "Workflow": "workflow vocabulary",
}


def _holds_phi(obj: object) -> bool:
    # A workflow's guards are functions, not data: its definition is what it holds.
    text = repr(dump_workflow(obj) if isinstance(obj, Workflow) else to_dict(obj))
    return MARK in text or BIRTH_DATE.isoformat() in text


def _assert_unmarked(text: str, where: str) -> None:
    for mark in MARKS:
        assert mark not in text, f"{mark!r} appears in {where}"


def _error_texts(err: BaseException) -> list[str]:
    return [
        str(err),
        repr(err),
        repr(getattr(err, "problems", ())),
        "".join(traceback.format_exception(err)),
    ]


def test_every_public_type_is_built_with_marks_or_listed_as_holding_no_phi():
    """Each public type either carries the marks in the world or is listed with a reason."""
    unmarked = {t.__qualname__ for t in TYPES if not any(_holds_phi(o) for o in SEEDS[t])}

    assert unmarked == set(NO_PHI)


def test_the_world_puts_marks_in_every_personal_field_it_knows():
    """The world is seeded where PHI lives: names, contacts, member ids, texts, birth date."""
    marked = {t.__qualname__ for t in TYPES if t.__qualname__ not in NO_PHI}

    assert {
        "Patient",
        "PersonName",
        "ContactPoint",
        "Identifier",
        "Policy",
        "Need",
        "Strength",
        "Goal",
        "Intervention",
        "Referral",
        "Appointment",
        "Outcome",
        "Case",
        "CaseEvent",
    } <= marked


@pytest.mark.parametrize("cls", TYPES, ids=lambda t: t.__qualname__)
def test_no_repr_or_str_shows_a_mark(cls: type):
    """No repr or str of any public type built with marked PHI shows a mark or 1917."""
    for obj in SEEDS[cls]:
        _assert_unmarked(repr(obj), f"repr of {cls.__qualname__}")
        _assert_unmarked(str(obj), f"str of {cls.__qualname__}")


def _traces() -> list[Trace]:
    found: list[Trace] = []
    for objs in SEEDS.values():
        for obj in objs:
            trace = getattr(obj, "trace", None)
            if isinstance(trace, Trace):
                found.append(trace)
    found.extend(o.trace for o in WORLD if hasattr(o, "passed") and hasattr(o, "trace"))
    return found


def test_traces_and_reason_messages_show_no_mark():
    """Decision traces, rule-outcome traces and every reason's message show no mark."""
    traces = _traces()

    assert len(traces) >= 3  # the decisions and the CCM outcome
    for trace in traces:
        _assert_unmarked(trace.render(), "a trace")
    for reason in SEEDS.get(Reason, []):
        assert isinstance(reason, Reason)
        _assert_unmarked(reason.message(), "a reason's message")


def test_rules_over_personal_facts_show_no_mark():
    """Age and sex predicates marked private show no personal fact in trace or messages."""
    rule = load_rules(
        {
            "all_of": [
                {"age_between": {"fact": "age", "at_least": 18, "at_most": 64}},
                {"sex_in": {"fact": "sex", "values": ["male"]}},
                {"flag": {"fact": "referred"}},
            ]
        }
    )
    facts = {"age": 1917, "sex": "female", "referred": False, "name": MARK}

    outcome = rule.evaluate(facts)

    _assert_unmarked(outcome.trace.render(), "a rule trace")
    _assert_unmarked(" ".join(outcome.messages()), "rule messages")
    _assert_unmarked(repr(outcome), "an outcome's repr")


def _bad_variants(value: object) -> list[object]:
    if isinstance(value, str):
        return [value + "\x00", value * 60, [value], " " + value]
    if isinstance(value, pendulum.Date):
        return [value.isoformat(), pendulum.datetime(value.year, value.month, value.day)]
    if isinstance(value, tuple):
        return [list(value), (*value, 1917)]
    return [repr(value)]


@pytest.mark.parametrize(
    "cls", [t for t in TYPES if t.__qualname__ not in NO_PHI], ids=lambda t: t.__qualname__
)
def test_refusals_of_invalid_variants_show_no_mark(cls: type):
    """Building a PHI type with a broken personal field refuses it without showing it."""
    for obj in SEEDS[cls]:
        for field in attrs.fields(cls):
            value = getattr(obj, field.name)
            if MARK not in repr(to_dict(value)) and value != BIRTH_DATE:
                continue
            for bad in _bad_variants(value):
                try:
                    attrs.evolve(obj, **{field.name.lstrip("_"): bad})
                except Exception as err:  # noqa: BLE001  # any error's text must be clean
                    for text in _error_texts(err):
                        _assert_unmarked(text, f"refusing {cls.__qualname__}.{field.name}")


@pytest.mark.parametrize(
    "cls", [t for t in TYPES if t.__qualname__ not in NO_PHI], ids=lambda t: t.__qualname__
)
def test_reading_broken_personal_fields_shows_no_mark(cls: type):
    """Reading a PHI type's document with a personal value broken shows no mark."""
    for obj in SEEDS[cls]:
        doc = to_dict(obj)
        for index, variant in enumerate(_broken_documents(doc)):
            with pytest.raises(CaseKitError) as caught:
                from_dict(variant, cls)
            for text in _error_texts(caught.value):
                _assert_unmarked(text, f"reading {cls.__qualname__} variant {index}")


def _broken_documents(doc: object) -> list[object]:
    """Return copies of *doc* with one marked leaf made invalid, for each marked leaf."""
    out: list[object] = []

    def walk(node: object, rebuild: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, lambda v, k=key, n=node, r=rebuild: r({**n, k: v}))  # type: ignore[misc, operator]
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, lambda v, i=i, n=node, r=rebuild: r([*n[:i], v, *n[i + 1 :]]))  # type: ignore[misc, operator]
        elif isinstance(node, str) and (MARK in node or node == BIRTH_DATE.isoformat()):
            bad = f"{node}T00:00:00" if node == BIRTH_DATE.isoformat() else [node]
            out.append(rebuild(bad))  # type: ignore[operator]

    walk(doc, lambda v: v)
    return out


def test_a_refused_transition_shows_no_mark():
    """A transition refused with personal event data says why without showing the data."""
    case = next(o for o in WORLD if type(o).__name__ == "Case")
    at = case.history[-1].at.add(days=1)

    with pytest.raises(TransitionRefusedError) as caught:
        apply(case, "close", at=at, by="cm-ana", data={"closure_reason": MARK, "note": MARK})

    for text in _error_texts(caught.value):
        _assert_unmarked(text, "a refused transition")


def test_serialising_and_working_the_world_logs_nothing(caplog: pytest.LogCaptureFixture):
    """casekit writes no log record while it builds, adjudicates and serialises PHI."""
    caplog.set_level(logging.DEBUG)

    world = build_world()
    for obj in world:
        if not isinstance(obj, (list, dict)) and attrs.has(type(obj)):
            to_json(obj) if type(obj).__name__ != "Workflow" else repr(obj)

    assert caplog.records == []
