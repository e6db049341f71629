"""The Case aggregate: verbs append events, and the history rebuilds the case."""

import attrs
import pendulum
import pytest

from casekit import InvalidInputError, from_json, to_json
from casekit._vector import Vector
from casekit.assessment import Assessment, RiskLevel
from casekit.case import (
    Appointment,
    CareModel,
    Case,
    CaseEvent,
    Contact,
    ContactMode,
    Opening,
    Outcome,
    Referral,
    ReferralStatus,
    add_referral,
    assign_manager,
    fold,
    rebuild,
    record_assessment,
    record_contact,
    record_outcome,
    schedule_appointment,
)
from casekit.lifecycle import STANDARD
from casekit.lifecycle.examples import example_case
from casekit.people import CaseManager, Patient, PersonName

T0 = pendulum.datetime(2025, 3, 3, 9, tz="America/New_York")


def new_case() -> Case:
    opening = Opening(
        "case-1",
        Patient("pt-1", PersonName("Synthetic"), pendulum.date(1990, 5, 17)),
        CaseManager("cm-1"),
        CareModel.CLINICAL,
        "standard",
    )
    return rebuild((CaseEvent(1, "e1", "opened", None, "referred", T0, T0, "cm-1", (), opening),))


def test_each_verb_adds_its_record_and_one_event():
    """Every domain verb returns a new case with the record and a matching event."""
    case = new_case()
    case = record_assessment(
        case, Assessment("as-1", T0, "cm-1", risk=RiskLevel.HIGH), at=T0, by="cm-1"
    )
    case = record_contact(
        case, Contact("ct-1", ContactMode.PHONE, T0, 10, "cm-1"), at=T0, by="cm-1"
    )
    case = schedule_appointment(
        case, Appointment("ap-1", T0.add(days=7), "prov-1", 30), at=T0, by="cm-1"
    )
    case = add_referral(case, Referral("rf-1", "prov-2", T0), at=T0, by="cm-1")
    case = record_outcome(case, Outcome("oc-1", T0, "PHQ-9", "7"), at=T0, by="cm-1")
    case = assign_manager(case, CaseManager("cm-2"), at=T0, by="sup-1")

    assert [e.name for e in case.history] == [
        "opened",
        "assessment_recorded",
        "contact_recorded",
        "appointment_scheduled",
        "referral_added",
        "outcome_recorded",
        "manager_assigned",
    ]
    assert [e.seq for e in case.history] == list(range(1, 8))
    assert case.latest_assessment is not None and case.latest_assessment.risk is RiskLevel.HIGH
    assert case.manager.id == "cm-2"
    assert rebuild(case.history) == case


def test_re_adding_a_referral_updates_it_in_place():
    """A referral's status moves on by adding it again with the same id."""
    case = add_referral(new_case(), Referral("rf-1", "prov-2", T0), at=T0, by="cm-1")
    done = Referral("rf-1", "prov-2", T0, status=ReferralStatus.COMPLETED)
    case = add_referral(case, done, at=T0.add(days=1), by="cm-1")

    assert case.referrals == (done,)
    assert case.open_referrals == ()


def test_the_same_event_id_twice_is_a_no_op():
    """Re-delivering an event with the same id and content returns the case unchanged."""
    contact = Contact("ct-1", ContactMode.PHONE, T0, 10, "cm-1")
    once = record_contact(new_case(), contact, at=T0, by="cm-1", event_id="msg-1")

    assert record_contact(once, contact, at=T0, by="cm-1", event_id="msg-1") is once


def test_the_same_event_id_with_other_content_is_an_error():
    """An event id cannot be reused for a different fact."""
    once = record_contact(
        new_case(),
        Contact("ct-1", ContactMode.PHONE, T0, 10, "cm-1"),
        at=T0,
        by="cm-1",
        event_id="m",
    )
    with pytest.raises(InvalidInputError) as info:
        record_contact(
            once, Contact("ct-2", ContactMode.VIDEO, T0, 5, "cm-1"), at=T0, by="cm-1", event_id="m"
        )

    assert info.value.problems[0].code == "event_id_reused"


def test_effective_time_may_not_go_backwards():
    """A record's effective time is not earlier than the previous event's."""
    with pytest.raises(InvalidInputError) as info:
        record_contact(
            new_case(),
            Contact("ct-1", ContactMode.PHONE, T0, 10, "cm-1"),
            at=T0.subtract(hours=1),
            by="cm-1",
        )

    assert info.value.problems[0].path == "at"


def test_verbs_refuse_the_wrong_record_type():
    """Passing a contact to record_assessment is a clear error."""
    with pytest.raises(InvalidInputError):
        record_assessment(
            new_case(), Contact("ct-1", ContactMode.PHONE, T0, 1, "cm-1"), at=T0, by="cm-1"
        )  # type: ignore[arg-type]


def test_fold_refuses_an_event_without_its_record():
    """A record event must carry the record it names."""
    event = CaseEvent(2, "e2", "contact_recorded", "referred", "referred", T0, T0, "cm-1")
    with pytest.raises(InvalidInputError):
        fold(new_case(), event)


def test_rebuild_names_every_inconsistent_event():
    """A log with gaps, wrong payloads or broken state chains is refused, position by position."""
    opened = new_case().history[0]
    bad = (
        opened,
        CaseEvent(3, "e3", "contact_recorded", "referred", "referred", T0, T0, "cm-1"),
        CaseEvent(3, "e4", "accept", "screening", "assessing", T0.subtract(days=1), T0, "cm-1"),
        CaseEvent(4, "e5", "opened", None, "referred", T0, T0, "cm-1"),
    )
    with pytest.raises(InvalidInputError) as info:
        rebuild(bad)

    assert [p.path for p in info.value.problems] == [
        "history[1].seq",
        "history[1].payload",
        "history[2].at",
        "history[2].from_state",
        "history[3].name",
    ]


def test_rebuild_needs_an_opened_event_first():
    """An empty log or one not starting with 'opened' is refused."""
    with pytest.raises(InvalidInputError):
        rebuild(())
    with pytest.raises(InvalidInputError):
        rebuild((CaseEvent(1, "e1", "accept", None, "x", T0, T0, "cm-1"),))


def test_event_data_is_kept_sorted_and_typed():
    """Event data is a sorted tuple of pairs; objects and floats are refused."""
    event = CaseEvent(1, "e", "close", "a", "b", T0, T0, "cm-1", {"z": 1, "a": "x"})

    assert event.data == (("a", "x"), ("z", 1))
    assert event.datum("z") == 1 and event.datum("missing", "d") == "d"
    for bad in ({"a": 1.5}, {"a": [1]}, [("a",)], "a=1"):
        with pytest.raises(InvalidInputError):
            CaseEvent(1, "e", "close", "a", "b", T0, T0, "cm-1", bad)


def _event(data: object) -> CaseEvent:
    return CaseEvent(1, "e", "close", "a", "b", T0, T0, "cm-1", data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"bad name": 1}, [("data[0]", "name")]),
        ({"n": "x" * 2001}, [("data.n", "text")]),
        ({"n": "a\x00b"}, [("data.n", "text")]),
        ({"n": 2**53}, [("data.n", "too_large")]),
        ({"n": -(2**53)}, [("data.n", "too_large")]),
        ({"n": 10**5000}, [("data.n", "too_large")]),
        ([("n", 1), ("n", 2)], [("data.n", "duplicate")]),
        (
            {"a b": 1, "n": 1.5, "t": "\x7f"},
            [("data[0]", "name"), ("data.n", "type"), ("data.t", "text")],
        ),
        (5, [("data", "type")]),
    ],
    ids=["name", "long", "control", "2**53", "-(2**53)", "huge", "twice", "several", "not data"],
)
def test_event_data_is_held_to_the_rules_apply_holds_it_to(data, expected):
    """A CaseEvent built directly refuses the data apply would refuse, each problem named: odd
    names, text past 2000 characters or with control codes, whole numbers past I-JSON's range
    (which every JSON reader holds exactly; ints past 4,300 digits cannot even be written), and a
    name given twice, which a document's object would silently drop."""
    with pytest.raises(InvalidInputError) as caught:
        _event(data)

    assert [(p.path, p.code) for p in caught.value.problems] == expected


def test_event_data_keeps_text_whole_numbers_flags_and_none_at_the_edges():
    """The limits themselves are accepted, and pairs given in any order are stored by name, so
    an event built from pairs writes and reads back equal."""
    top = 2**53 - 1
    event = _event([("z", top), ("a", -top), ("m", "x" * 2000), ("f", False), ("t", "a\tb\n")])

    assert event.data == (("a", -top), ("f", False), ("m", "x" * 2000), ("t", "a\tb\n"), ("z", top))
    assert _event({"none": None}).data == (("none", None),)
    assert from_json(to_json(event), CaseEvent) == event


@pytest.mark.parametrize("state", [s.name for s in STANDARD.states])
def test_the_history_alone_rebuilds_a_case_in_any_state(state):
    """rebuild(case.history) == case; tests/lifecycle/test_stateful.py checks it for any
    sequence of verbs."""
    case = example_case(state)

    assert rebuild(case.history) == case


def test_event_data_problems_never_show_a_name_that_is_not_a_field_name():
    """A data name is the caller's key and may be personal (a member id): a problem shows it
    only when it looks like a field name, else the entry's position or <key>."""
    with pytest.raises(InvalidInputError) as caught:
        _event({"MBR-0001": 2**53, "score": 2**53})
    with pytest.raises(InvalidInputError) as twice:
        _event([("MBR-0001", 1), ("MBR-0001", 2)])

    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("data[0]", "too_large"),
        ("data.score", "too_large"),
    ]
    assert [(p.path, p.code) for p in twice.value.problems] == [("data.<key>", "duplicate")]
    assert "MBR" not in str(caught.value) + str(twice.value)


def test_a_case_takes_any_sequence_for_its_collections():
    """Lists or tuples given for a Case's collections are kept as immutable Vectors, equal to
    the tuples of their items; anything else is refused naming the field."""
    case = example_case("monitoring")
    rebuilt = Case(
        case.id,
        case.patient,
        case.manager,
        case.model,
        case.state,
        case.opened_at,
        case.workflow,
        case.team,
        list(case.assessments),
        list(case.care_plans),
        [],
        [],
        [],
        [],
        list(case.history),
    )

    assert rebuilt == case
    assert type(rebuilt.history) is Vector
    assert rebuilt.history == tuple(case.history)
    with pytest.raises(InvalidInputError) as caught:
        attrs.evolve(case, contacts="ct-1")
    assert [(p.path, p.code) for p in caught.value.problems] == [("contacts", "type")]
    with pytest.raises(InvalidInputError) as caught:
        attrs.evolve(case, contacts=[case.history[0]])
    assert [(p.path, p.code) for p in caught.value.problems] == [("contacts[0]", "type")]
    fields = ("id", "patient", "manager", "model", "state", "opened_at", "workflow")
    assert Case(*[getattr(case, f) for f in fields]).workflow_fingerprint is None
