"""A case's collections carry the digests monitoring reads, and any way of making a case gives
the same monitoring answers.

The verbs carry each digest from the case they extend; a revision that may take away what a
digest holds, or a digest past its bound, leaves it to be derived from the records when next
read. A case read from a document, replayed, pickled or built by hand derives its digests on
first use.
"""

import pickle

import attrs
import pendulum

from casekit import from_json, to_json
from casekit._vector import EMPTY, memo, remember, vector
from casekit.careplan import examples, monitor, referrals_unanswered, therapies_not_attended
from casekit.case import (
    _DIGEST_MAX,
    Appointment,
    AppointmentStatus,
    Case,
    CaseEvent,
    Contact,
    ContactMode,
    Referral,
    ReferralStatus,
    add_referral,
    fold,
    rebuild,
    record_assessment,
    record_contact,
    schedule_appointment,
)
from casekit.lifecycle import STANDARD, replay

DAY = pendulum.duration(days=1)
ON = pendulum.date(2025, 4, 7)
FULFILLED, NOSHOW = AppointmentStatus.FULFILLED, AppointmentStatus.NOSHOW


def _folded(case: Case, *records: object) -> Case:
    """*case* with *records* folded in as the verbs fold them, unchecked."""
    names = {
        Contact: "contact_recorded",
        Appointment: "appointment_scheduled",
        Referral: "referral_added",
    }
    for record in records:
        seq = len(case.history) + 1
        at = case.history[-1].at
        event = CaseEvent(
            seq,
            f"{case.id}.{seq}",
            names[type(record)],
            case.state,
            case.state,
            at,
            at,
            "cm-1",
            payload=record,  # type: ignore[arg-type]
        )
        case = fold(case, event)
    return case


def test_a_vector_keeps_what_is_remembered_of_it_out_of_its_value():
    """The memo stays with that vector alone: not in equality, copies by pickle, or EMPTY."""
    v = vector([1, 2])
    remember(v, "digest")
    remember(EMPTY, "digest")

    assert memo(v) == "digest"
    assert v == vector([1, 2]) and memo(vector([1, 2])) is None
    assert memo(pickle.loads(pickle.dumps(v))) is None  # noqa: S301  # our own bytes
    assert memo(v.append(3)) is None and memo(v.set(0, 9)) is None
    assert memo(EMPTY) is None


def test_the_verbs_carry_each_digest_from_the_case_they_extend():
    """After each record verb, the collection it changed holds its digest already."""
    case = examples.monitored_case()
    at = case.history[-1].at
    case = record_contact(case, Contact("ct-9", ContactMode.PHONE, at, 5, "cm-1"), at=at, by="cm-1")
    later = attrs.evolve(examples.ASSESSMENT, id="as-9", at=at)
    case = record_assessment(case, later, at=at, by="cm-1")
    visit = Appointment("ap-9", at + DAY, "prov-pt", 45)
    case = schedule_appointment(case, visit, at=at, by="cm-1")
    referral = Referral("rf-9", "prov-ot", at)
    case = add_referral(case, referral, at=at, by="cm-1")

    assert memo(case.contacts) == at.toordinal()
    assert memo(case.assessments) == at.toordinal()
    assert memo(case.appointments) == {
        "prov-pt": (
            (examples.AT + DAY * 25).toordinal(),
            (examples.AT + DAY * 4).toordinal(),
            ((examples.AT + DAY * 25).toordinal(),),
        ),
    }
    assert [about for _, about, _ in memo(case.referrals)] == ["rf-pt", "rf-9"]


def test_a_revision_that_may_take_away_the_latest_day_leaves_the_digest_to_be_derived():
    """An earlier time for the latest contact, or for the last attended session: derived on
    the next read, and the flags follow the revised records."""
    case = examples.monitored_case()
    ct2 = case.contacts[1]
    moved = _folded(case, attrs.evolve(ct2, at=ct2.at - DAY * 10))
    ap1 = case.appointments[1]
    unattended = _folded(case, attrs.evolve(ap1, status=AppointmentStatus.CANCELLED))

    assert memo(moved.contacts) is None
    assert monitor(moved, on=ON) == monitor(rebuild(moved.history), on=ON)
    assert memo(moved.contacts) == ct2.at.toordinal() - 7
    assert memo(unattended.appointments) is None
    assert monitor(unattended, on=ON) == monitor(rebuild(unattended.history), on=ON)


def test_a_revision_that_keeps_the_latest_day_carries_the_digest():
    """A revised no-show and a later time for the latest contact are carried, not derived."""
    case = examples.monitored_case()
    ct2 = case.contacts[1]
    moved = _folded(case, attrs.evolve(ct2, at=ct2.at + DAY))
    attended = _folded(case, attrs.evolve(case.appointments[2], status=FULFILLED))

    assert memo(moved.contacts) == ct2.at.toordinal() + 1
    assert memo(attended.appointments)["prov-pt"][1:] == ((examples.AT + DAY * 25).toordinal(), ())
    assert therapies_not_attended(attended, on=ON) == ()


def test_a_digest_past_its_bound_is_derived_again_when_read():
    """No-shows or requested referrals past the bound stop the carrying, not the answers."""
    case = examples.monitored_case()
    at = case.history[-1].at
    missed = [
        Appointment(f"ap-m{i}", at + DAY * i, "prov-pt", 45, status=NOSHOW)
        for i in range(_DIGEST_MAX + 1)
    ]
    asked = [Referral(f"rf-m{i}", "prov-ot", at) for i in range(_DIGEST_MAX + 1)]
    many = _folded(case, *missed, *asked)
    on = ON + DAY * 100

    assert memo(many.appointments) is None and memo(many.referrals) is None
    assert monitor(many, on=on) == monitor(rebuild(many.history), on=on)
    assert len(referrals_unanswered(many, on=on)) == _DIGEST_MAX + 2


def test_a_case_read_back_or_replayed_gives_the_same_flags():
    """From a document, by replay, by pickle or by hand: the same flags, derived on first use."""
    case = examples.monitored_case()
    answered = attrs.evolve(case.referrals[0], status=ReferralStatus.ACCEPTED)
    case = add_referral(case, answered, at=case.history[-1].at, by="cm-1")
    by_hand = attrs.evolve(case, appointments=list(case.appointments))
    copies = [
        from_json(to_json(case), Case),
        replay(case.history, workflow=STANDARD),
        pickle.loads(pickle.dumps(case)),  # noqa: S301  # our own bytes
        by_hand,
    ]

    for copy in copies:
        assert memo(copy.appointments) is None
        for on in (ON, ON + DAY * 60, ON - DAY * 30):
            assert monitor(copy, on=on) == monitor(case, on=on)


def test_a_therapy_without_appointments_is_due_from_its_start():
    """No appointment at all: the therapy's next session counts from its start."""
    case = examples.monitored_case()
    bare = attrs.evolve(case, appointments=())

    assert [(f.code, f.about) for f in therapies_not_attended(bare, on=ON)] == [
        ("careplan.therapy_not_attended", "pt")
    ]


def test_a_revised_no_show_before_the_last_attended_session_carries_the_digest():
    """A no-show on a day before the last attended session is no longer counted after it, so
    revising it changes nothing the digest holds: carried, with the same flags as derived."""
    case = examples.monitored_case()
    ap0 = case.appointments[0]
    early = _folded(case, attrs.evolve(ap0, at=ap0.at - DAY, status=NOSHOW))
    revised = _folded(early, attrs.evolve(ap0, at=ap0.at - DAY, status=AppointmentStatus.CANCELLED))

    assert memo(early.appointments) is not None
    assert memo(revised.appointments) == memo(early.appointments)
    for on in (ON, ON + DAY * 60):
        assert monitor(revised, on=on) == monitor(rebuild(revised.history), on=on)
