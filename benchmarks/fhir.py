"""FHIR R4 export of a 200-event case and its care plan: casekit.fhir against building the same
resources through the ``fhir.resources`` R4 models.

Run: ``python benchmarks/fhir.py`` (the peer, ``fhir.resources`` 6.4.0, comes with the ``dev``
extra).

casekit writes plain dicts and checks nothing more: every value it maps from was checked when
its record was built. The peer is given the finished resource content for free (casekit's own
output, computed once outside the timing) and only builds the pydantic models from it, the
way an application using the models would construct each resource: per-field validation of
every element. The figure is how many times faster casekit's whole export (mapping included)
is than the models' construction alone. Target: at least 5x.
"""

from __future__ import annotations

import datetime as dt
import sys

import _timing  # the benchmarks folder is on sys.path when run as a script
import pendulum

from casekit.assessment import (
    Assessment,
    Need,
    NeedDomain,
    Priority,
    RiskLevel,
    Strength,
    StrengthSource,
)
from casekit.careplan import CarePlan, Goal, GoalStatus, Intervention, PlanStatus
from casekit.case import (
    Case,
    Contact,
    ContactMode,
    Referral,
    add_referral,
    record_assessment,
    record_care_plan,
    record_contact,
)
from casekit.codes import Code
from casekit.fhir import case_resources
from casekit.lifecycle.examples import example_case

SECONDS = 2.0
EVENTS = 200


def big_case() -> Case:
    """A monitored case of 200 events: assessments, a care plan, referrals and many contacts."""
    case = example_case("monitoring", case_id="case-bench")
    at = case.history[-1].at
    step = dt.timedelta(hours=6)
    needs = tuple(
        Need(domain, Priority.HIGH, "note", id=f"n-{i}")
        for i, domain in enumerate(list(NeedDomain)[:6])
    )
    case = record_assessment(
        case,
        Assessment(
            "as-2",
            at,
            "cm-1",
            needs=needs,
            strengths=(Strength(StrengthSource.FAMILY), Strength(StrengthSource.COMMUNITY)),
            risk=RiskLevel.HIGH,
            tools=("PHQ-9", "LACE"),
        ),
        at=at,
        by="cm-1",
    )
    plan = CarePlan(
        "cp-2",
        at,
        "cm-1",
        goals=tuple(
            Goal(
                f"g-{i}",
                f"goal {i}",
                target=pendulum.date(2025, 9, 1),
                status=GoalStatus.ACTIVE,
                need_ids=(f"n-{i}",),
            )
            for i in range(6)
        ),
        interventions=tuple(
            Intervention(
                f"i-{i}",
                f"service {i}",
                Code.parse("CPT|97110"),
                "1/week",
                goal_ids=(f"g-{i}",),
                need_ids=(f"n-{i}",),
            )
            for i in range(8)
        ),
        status=PlanStatus.ACTIVE,
    )
    case = record_care_plan(case, plan, at=at, by="cm-1")
    for i in range(10):
        referral = Referral(f"rf-{i}", f"prov-{i}", at, Code.parse("CPT|97110"))
        case = add_referral(case, referral, at=at, by="cm-1")
    n = 0
    while len(case.history) < EVENTS:
        n += 1
        at += step
        contact = Contact(f"ct-{n}", ContactMode.PHONE, at, 15, "cm-1", ("pt-1",))
        case = record_contact(case, contact, at=at, by="cm-1")
    return case


def main() -> int:
    """Measure both and print the ratio."""
    try:
        from fhir.resources import __fhir_version__, construct_fhir_element
    except ImportError:
        print("fhir.resources is not installed: pip install -e '.[dev]'")
        return 1
    case = big_case()
    resources = case_resources(case)
    kinds = sorted({r["resourceType"] for r in resources})
    print(f"case: {len(case.history)} events -> {len(resources)} resources ({', '.join(kinds)})")
    print(f"reference models: fhir.resources, FHIR {__fhir_version__}")

    def casekit_export() -> object:
        return case_resources(case)

    def reference_models() -> object:
        return [construct_fhir_element(r["resourceType"], r) for r in resources]

    ours = _timing.measure(casekit_export, seconds=SECONDS)
    theirs = _timing.measure(reference_models, seconds=SECONDS)
    print(f"casekit.fhir case_resources:        {ours:10,.1f} exports/s  ({1e3 / ours:.2f} ms)")
    print(f"fhir.resources models of the same:  {theirs:10,.1f} builds/s   ({1e3 / theirs:.2f} ms)")
    print(f"casekit is {ours / theirs:.1f}x faster (target 5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
