"""FHIR R4 (4.0.1) interchange: cases, care plans, coverage and adjudications in and out.

An optional part: nothing else in casekit imports it, and it needs nothing beyond casekit's
own dependencies. Export functions return plain, JSON-ready dicts (``json.dumps`` writes them);
import functions read such dicts and refuse every problem with its FHIR path, never its value.
See ``docs/fhir.md`` for the mapping of each casekit type to its resources.

Examples:
    >>> from casekit.lifecycle.examples import example_case
    >>> bundle = case_bundle(example_case("monitoring"))
    >>> sorted({e["resource"]["resourceType"] for e in bundle["entry"]})[:4]
    ['CarePlan', 'CareTeam', 'Condition', 'EpisodeOfCare']
"""

from casekit.fhir._case import case_bundle, case_resources, patient_resource
from casekit.fhir._common import CASEKIT, CODE_SYSTEMS, Resource
from casekit.fhir._coverage import (
    CRD_COVERAGE_INFORMATION,
    adjudication_resources,
    claim_resource,
    coverage_id,
    coverage_information,
    coverage_resource,
    insurance_plan_resource,
)
from casekit.fhir._ids import casekit_ids, resource_id
from casekit.fhir._read import read_claim, read_coverage, read_patient

__all__ = [
    "CASEKIT",
    "CODE_SYSTEMS",
    "CRD_COVERAGE_INFORMATION",
    "Resource",
    "adjudication_resources",
    "case_bundle",
    "case_resources",
    "casekit_ids",
    "claim_resource",
    "coverage_id",
    "coverage_information",
    "coverage_resource",
    "insurance_plan_resource",
    "patient_resource",
    "read_claim",
    "read_coverage",
    "read_patient",
    "resource_id",
]
