"""Resource ids come from casekit ids one-to-one, and exports are stable across versions."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit.case import Case, Contact, ContactMode, record_contact
from casekit.errors import InvalidInputError
from casekit.fhir import case_bundle, case_resources, casekit_ids, resource_id
from casekit.lifecycle import apply
from casekit.testing import strategies as cks

FHIR_ID = r"[A-Za-z0-9\-.]{1,64}"


@given(st.lists(cks.ids(), min_size=1, max_size=3))
def test_a_resource_id_reads_back_as_the_casekit_ids_it_was_made_of(parts: list[str]) -> None:
    """casekit_ids inverts resource_id whenever the id was not hashed."""
    rid = resource_id(*parts)

    assert re.fullmatch(FHIR_ID, rid)
    if not rid.startswith(".h"):
        assert casekit_ids(rid) == tuple(parts)


@given(st.lists(cks.ids(), min_size=1, max_size=3), st.lists(cks.ids(), min_size=1, max_size=3))
def test_different_casekit_ids_give_different_resource_ids(a: list[str], b: list[str]) -> None:
    """The mapping is one-to-one: two different id sequences never share a resource id."""
    if a != b:
        assert resource_id(*a) != resource_id(*b)


def test_an_id_too_long_for_fhir_is_hashed_to_64_characters() -> None:
    """Past 64 characters the id is .h and 62 hex digits of its SHA-256, and stays stable."""
    rid = resource_id("case-" + "x" * 60, "contact-1")

    assert len(rid) == 64
    assert rid.startswith(".h")
    assert rid == resource_id("case-" + "x" * 60, "contact-1")


@pytest.mark.parametrize(
    ("parts", "path"),
    [((), "parts"), (("ok", "not ok"), "parts[1]"), ((7,), "parts[0]")],
)
def test_resource_id_refuses_what_is_not_a_casekit_id(parts: tuple[object, ...], path: str) -> None:
    """No parts, or a part that is not a casekit id, is refused with its position."""
    with pytest.raises(InvalidInputError) as err:
        resource_id(*parts)  # type: ignore[arg-type]

    assert [p.path for p in err.value.problems] == [path]


@pytest.mark.parametrize("rid", [".h" + "0" * 62, "a.xb", "a....b", ".ua", 7])
def test_casekit_ids_refuses_ids_casekit_did_not_write(rid: object) -> None:
    """Hashed ids, unknown escapes, empty parts and non-strings are refused at resource_id."""
    with pytest.raises(InvalidInputError) as err:
        casekit_ids(rid)  # type: ignore[arg-type]

    assert err.value.problems[0].path == "resource_id"


def test_exporting_the_same_case_twice_gives_the_same_resources(river: Case) -> None:
    """The export is a function of the case: no clock, no random ids."""
    assert case_resources(river) == case_resources(river)


def test_a_later_version_of_a_case_changes_only_what_changed(river: Case) -> None:
    """Recording a contact adds its Encounter; a transition changes the episode and team only."""
    at = river.history[-1].at.add(days=1)
    call = Contact("ct-9", ContactMode.HOME_VISIT, at, 60, "cm-ana")
    later = record_contact(river, call, at=at, by="cm-ana")
    resumed = apply(later, "resume", at=at.add(hours=1), by="cm-ana")
    before = {(r["resourceType"], r["id"]): r for r in case_resources(river)}
    after = {(r["resourceType"], r["id"]): r for r in case_resources(later)}
    last = {(r["resourceType"], r["id"]): r for r in case_resources(resumed)}

    assert set(after) - set(before) == {("Encounter", "case-river..ct-9")}
    assert all(after[key] == value for key, value in before.items())
    assert {key for key in after if after[key] != last[key]} == {
        ("EpisodeOfCare", "case-river"),
        ("CareTeam", "case-river"),
    }


def test_every_reference_in_a_bundle_resolves_inside_it(river: Case) -> None:
    """Each literal reference names a resource of the same bundle; ids are unique."""
    bundle = case_bundle(river)
    ids = [f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle["entry"]]
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("reference"), str):
                found.append(node["reference"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(bundle)
    assert len(ids) == len(set(ids))
    assert set(found) <= set(ids)
    assert [e["request"] for e in bundle["entry"]] == [{"method": "PUT", "url": i} for i in ids]


def test_ids_follow_the_documented_scheme(river: Case) -> None:
    """The case, its records and the patient have the ids docs/fhir.md lists."""
    ids = {(r["resourceType"], r["id"]) for r in case_resources(river)}

    assert {
        ("Patient", "pt-river"),
        ("Practitioner", "cm-ana"),
        ("EpisodeOfCare", "case-river"),
        ("CareTeam", "case-river"),
        ("CarePlan", "case-river..cp-2"),
        ("Goal", "case-river..cp-2..g-walk"),
        ("Condition", "case-river..as-2..1"),
        ("Observation", "risk..case-river..as-2"),
        ("Observation", "strength..case-river..as-2..1"),
        ("Observation", "outcome..case-river..oc-1"),
        ("ServiceRequest", "case-river..rf-0"),
        ("Task", "case-river..rf-0"),
        ("Encounter", "case-river..ct-7"),
        ("Appointment", "case-river..ap-1"),
    } <= ids
