"""Coverage as FHIR R4: Coverage, InsurancePlan, Claim, ClaimResponse, ExplanationOfBenefit and
the Da Vinci CRD coverage-information extension."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import Final

from casekit.codes import Code
from casekit.coverage import (
    Adjudication,
    Benefit,
    CoverageAnswer,
    Decision,
    Documentation,
    Limit,
    Plan,
    Policy,
    Relationship,
    ServiceLine,
    Status,
    Tier,
)
from casekit.coverage.reason_codes import CARCS
from casekit.errors import InvalidInputError
from casekit.fhir._common import (
    ADJUDICATION_SYSTEM,
    CARC_SYSTEM,
    GROUP_SYSTEM,
    ISO_4217,
    PLACE_OF_SERVICE_SYSTEM,
    UCUM,
    Resource,
    compact,
    concept,
    extension_url,
    id_system,
    money,
    number,
    own,
    system,
)
from casekit.fhir._ids import encoded, resource_id
from casekit.money import Money

__all__ = [
    "CRD_COVERAGE_INFORMATION",
    "adjudication_resources",
    "claim_resource",
    "coverage_id",
    "coverage_information",
    "coverage_resource",
    "insurance_plan_resource",
]

CRD_COVERAGE_INFORMATION: Final = (
    "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information"
)
"""The URL of the Da Vinci CRD coverage-information extension."""

RELATIONSHIP_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"
COVERAGE_CLASS_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/coverage-class"
RELATIONSHIP_CODES: Final = {
    Relationship.SUBSCRIBER: "self",
    Relationship.SPOUSE: "spouse",
    Relationship.DEPENDANT: "child",
}
_CLAIM_TYPE: Final = "http://terminology.hl7.org/CodeSystem/claim-type"
_PRIORITY: Final = "http://terminology.hl7.org/CodeSystem/processpriority"
_PAYMENT_TYPE: Final = "http://terminology.hl7.org/CodeSystem/ex-paymenttype"
_APPLICABILITY: Final = "http://terminology.hl7.org/CodeSystem/applicability"
_FHIR_ID: Final = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_TIER_APPLICABILITY: Final = {
    Tier.PREFERRED: "in-network",
    Tier.IN: "in-network",
    Tier.OUT: "out-of-network",
}


def coverage_id(policy: Policy, *, beneficiary: str) -> str:
    """Return the Coverage resource id of *policy* for the patient whose casekit id is given.

    It is made of the patient's id, the plan's id and the first day of coverage, never of
    the member id (personal data).

    Examples:
        >>> from casekit.coverage import Benefit, Plan, Tier, TierTerms
        >>> from casekit.periods import DateRange
        >>> plan = Plan("silver", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("all")])
        >>> coverage_id(Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), "M-1"),
        ...             beneficiary="pt-1")
        'pt-1..silver..2025-01-01'
    """
    if not isinstance(policy, Policy):
        raise InvalidInputError.one("policy", "type", "must be a Policy")
    return resource_id(beneficiary, policy.plan.id, policy.coverage_period.start.isoformat())


def _payor(plan: Plan) -> Resource:
    return {"display": plan.name or plan.id}


def coverage_resource(policy: Policy, *, beneficiary: str) -> Resource:
    """Return *policy* as a FHIR R4 Coverage of the patient whose casekit id is *beneficiary*.

    The member id is ``subscriberId``, the member's sequence ``dependent``, the plan a
    ``class`` of type ``plan``, the family id an identifier; the coverage level (self or
    family) travels in a casekit extension. Birth date and sex belong to the Patient.

    Raises:
        InvalidInputError: at ``policy`` or ``beneficiary`` if either is not one.

    Examples:
        >>> from casekit.coverage import Benefit, Plan, Tier, TierTerms
        >>> from casekit.periods import DateRange
        >>> plan = Plan("silver", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("all")])
        >>> policy = Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M-1")
        >>> c = coverage_resource(policy, beneficiary="pt-1")
        >>> c["beneficiary"], c["period"], c["class"][0]["value"]
        ({'reference': 'Patient/pt-1'}, {'start': '2025-01-01', 'end': '2025-12-31'}, 'silver')
    """
    cid = coverage_id(policy, beneficiary=beneficiary)
    period = policy.coverage_period
    return compact(
        {
            "resourceType": "Coverage",
            "id": cid,
            "extension": [
                {"url": extension_url("coverage-level"), "valueCode": policy.coverage_level.value}
            ],
            "identifier": policy.family_id
            and [{"system": id_system("family"), "value": policy.family_id}],
            "status": "active",
            "subscriberId": policy.member_id,
            "beneficiary": {"reference": f"Patient/{encoded(beneficiary)}"},
            "dependent": policy.member,
            "relationship": {
                "coding": [
                    {"system": RELATIONSHIP_SYSTEM, "code": RELATIONSHIP_CODES[policy.relationship]}
                ]
            },
            "period": compact(
                {
                    "start": period.start.isoformat(),
                    "end": None if period.is_open_ended else period.end.isoformat(),
                }
            ),
            "payor": [_payor(policy.plan)],
            "class": [
                compact(
                    {
                        "type": {"coding": [{"system": COVERAGE_CLASS_SYSTEM, "code": "plan"}]},
                        "value": policy.plan.id,
                        "name": policy.plan.name or None,
                    }
                )
            ],
        }
    )


def _money_quantity(value: Money, field: str) -> Resource:
    return {
        "value": number(value.amount, field=field),
        "unit": value.currency,
        "system": ISO_4217,
        "code": value.currency,
    }


def _limit(limit: Limit, field: str) -> Resource:
    if isinstance(limit.max, Money):
        value = _money_quantity(limit.max, field)
    else:
        value = {"value": limit.max, "unit": limit.measure.value}
    return {"value": value, "code": own("limit-measure", limit.measure.value)}


def _coverage_entry(benefit: Benefit, i: int) -> Resource:
    return {
        "type": own("benefit-coverage", "covered" if benefit.covered else "excluded"),
        "benefit": [
            compact(
                {
                    "type": own("benefit", benefit.id),
                    "requirement": "prior authorization" if benefit.prior_authorization else None,
                    "limit": [
                        _limit(lim, f"benefits[{i}].limits[{j}].max")
                        for j, lim in enumerate(benefit.limits)
                    ],
                }
            )
        ],
    }


def _costs(benefit: Benefit, tier: Tier, i: int) -> list[Resource]:
    share = benefit.cost_share_for(tier) if benefit.covered else None
    if share is None:
        return []
    applicability = {"coding": [{"system": _APPLICABILITY, "code": _TIER_APPLICABILITY[tier]}]}
    costs: list[Resource] = []
    if share.copay is not None:
        costs.append(
            {
                "type": own("cost", "copay"),
                "applicability": applicability,
                "value": _money_quantity(share.copay, f"benefits[{i}].cost_shares.copay"),
            }
        )
    if share.coinsurance:
        costs.append(
            {
                "type": own("cost", "coinsurance"),
                "applicability": applicability,
                "value": {
                    "value": number(share.coinsurance * 100, field="coinsurance"),
                    "unit": "%",
                    "system": UCUM,
                    "code": "%",
                },
            }
        )
    if not share.deductible_applies:
        costs.append(
            {
                "type": own("cost", "deductible"),
                "applicability": applicability,
                "qualifiers": [{"text": "deductible does not apply"}],
            }
        )
    return costs


def insurance_plan_resource(plan: Plan) -> Resource:
    """Return *plan*'s benefits as a FHIR R4 InsurancePlan.

    Each benefit is a ``coverage`` entry (covered or excluded, its limits, whether prior
    authorisation is required); each network tier a ``plan`` with its deductible and
    out-of-pocket maximum as ``generalCost`` and each benefit's copay and coinsurance as
    ``specificCost``.

    Examples:
        >>> from decimal import Decimal
        >>> from casekit.coverage import Benefit, CostShare, Tier, TierTerms
        >>> plan = Plan("silver",
        ...     tiers=[TierTerms(Tier.IN, deductible=Money.of("1500", "USD"))],
        ...     benefits=[Benefit("all", cost_shares=[CostShare(coinsurance=Decimal("0.2"))])])
        >>> tier = insurance_plan_resource(plan)["plan"][0]
        >>> tier["generalCost"][0]["cost"]
        {'value': 1500, 'currency': 'USD'}
        >>> tier["specificCost"][0]["benefit"][0]["cost"][0]["value"]["value"]
        20
    """
    if not isinstance(plan, Plan):
        raise InvalidInputError.one("plan", "type", "must be a Plan")
    tiers = []
    for t, terms in enumerate(plan.tiers):
        general = [
            {
                "type": own("cost", kind),
                "cost": money(amount, field=f"tiers[{t}].{kind}"),
            }
            for kind, amount in (
                ("deductible", terms.deductible),
                ("family_deductible", terms.family_deductible),
                ("out_of_pocket_max", terms.out_of_pocket_max),
                ("family_out_of_pocket_max", terms.family_out_of_pocket_max),
            )
            if amount is not None
        ]
        specific = []
        for i, benefit in enumerate(plan.benefits):
            costs = _costs(benefit, terms.tier, i)
            if costs:
                specific.append(
                    {
                        "category": own("benefit", benefit.id),
                        "benefit": [{"type": own("benefit", benefit.id), "cost": costs}],
                    }
                )
        tiers.append(
            compact(
                {
                    "type": own("network-tier", terms.tier.value),
                    "generalCost": general,
                    "specificCost": specific,
                }
            )
        )
    return compact(
        {
            "resourceType": "InsurancePlan",
            "id": encoded(plan.id),
            "identifier": [{"system": id_system("plan"), "value": plan.id}],
            "status": "active",
            "name": plan.name or plan.id,
            "coverage": [_coverage_entry(b, i) for i, b in enumerate(plan.benefits)],
            "plan": tiers,
        }
    )


def _provider(provider: str | None) -> Resource:
    if provider is None:
        return {"display": "billing provider"}
    return {"identifier": {"system": id_system("provider"), "value": provider}}


def _lines(value: object) -> tuple[ServiceLine, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidInputError.one("lines", "type", "must be an iterable of ServiceLine")
    lines = tuple(value)
    for i, line in enumerate(lines):
        if not isinstance(line, ServiceLine):
            raise InvalidInputError.one(f"lines[{i}]", "type", "must be a ServiceLine")
    return lines


def _line_extensions(line: ServiceLine, i: int) -> list[Resource]:
    found: list[Resource] = []
    if line.provider_kind is not None:
        found.append({"url": extension_url("provider-kind"), "valueString": line.provider_kind})
    if line.network is not Tier.IN:
        found.append({"url": extension_url("network-tier"), "valueCode": line.network.value})
    if line.referral:
        found.append({"url": extension_url("referral-on-file"), "valueBoolean": True})
    if line.allowed is not None:
        found.append(
            {
                "url": extension_url("allowed"),
                "valueMoney": money(line.allowed, field=f"lines[{i}].allowed"),
            }
        )
    if line.authorization_id is not None:
        found.append({"url": extension_url("authorization"), "valueString": line.authorization_id})
    return found


def claim_resource(
    lines: Iterable[ServiceLine],
    *,
    claim_id: str,
    policy: Policy,
    patient: str,
    created: dt.date,
    provider: str | None = None,
) -> Resource:
    """Return service lines as a FHIR R4 Claim (``use`` claim, type professional).

    Each line is an ``item``: ``sequence`` the line number, ``productOrService`` the code,
    ``servicedDate``, ``quantity`` the units, ``net`` the billed amount, the place of service
    as ``locationCodeableConcept`` and the diagnoses through ``diagnosisSequence``. What FHIR's
    Claim has no element for (network tier, provider kind, referral on file, a priced allowed
    amount, an authorisation id) travels in casekit extensions, so `read_claim` gets it back.

    Raises:
        InvalidInputError: at ``lines`` or ``lines[i]`` if they are not ServiceLines; at
            ``claim_id`` or ``patient`` if not a casekit id.

    Examples:
        >>> import pendulum
        >>> from casekit.coverage import Benefit, Plan, Tier, TierTerms
        >>> from casekit.periods import DateRange
        >>> plan = Plan("silver", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("all")])
        >>> policy = Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M-1")
        >>> line = ServiceLine(1, Code.parse("CPT|97110"), pendulum.date(2025, 3, 24),
        ...                    Money.of("180.00", "USD"))
        >>> claim = claim_resource([line], claim_id="cl-1", policy=policy, patient="pt-1",
        ...                        created=pendulum.date(2025, 3, 25))
        >>> claim["item"][0]["productOrService"]
        {'coding': [{'system': 'http://www.ama-assn.org/go/cpt', 'code': '97110'}]}
        >>> claim["item"][0]["net"]
        {'value': 180, 'currency': 'USD'}
    """
    found = _lines(lines)
    cid = coverage_id(policy, beneficiary=patient)
    diagnoses: dict[Code, int] = {}
    for line in found:
        for code in line.diagnoses:
            diagnoses.setdefault(code, len(diagnoses) + 1)
    items = [
        compact(
            {
                "extension": _line_extensions(line, i),
                "sequence": line.line_number,
                "diagnosisSequence": [diagnoses[c] for c in dict.fromkeys(line.diagnoses)],
                "productOrService": concept(line.code),
                "servicedDate": line.service_date.isoformat(),
                "locationCodeableConcept": line.place_of_service
                and {
                    "coding": [{"system": PLACE_OF_SERVICE_SYSTEM, "code": line.place_of_service}]
                },
                "quantity": {"value": line.units},
                "net": None
                if line.billed is None  # a per-diem line with no charge
                else money(line.billed, field=f"lines[{i}].billed"),
            }
        )
        for i, line in enumerate(found)
    ]
    return compact(
        {
            "resourceType": "Claim",
            "id": resource_id(claim_id),
            "status": "active",
            "type": {"coding": [{"system": _CLAIM_TYPE, "code": "professional"}]},
            "use": "claim",
            "patient": {"reference": f"Patient/{encoded(patient)}"},
            "created": _date(created, "created"),
            "insurer": _payor(policy.plan),
            "provider": _provider(provider),
            "priority": {"coding": [{"system": _PRIORITY, "code": "normal"}]},
            "diagnosis": [
                {"sequence": n, "diagnosisCodeableConcept": concept(code)}
                for code, n in diagnoses.items()
            ],
            "insurance": [
                {"sequence": 1, "focal": True, "coverage": {"reference": f"Coverage/{cid}"}}
            ],
            "item": items,
        }
    )


def _date(value: object, field: str) -> str:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInputError.one(field, "type", "must be a date")
    return value.isoformat()


def _adjudication(decision: Decision, i: int) -> list[Resource]:
    entries: list[Resource] = [
        {
            "category": {"coding": [{"system": ADJUDICATION_SYSTEM, "code": category}]},
            "amount": money(amount, field=f"decisions[{i}].{category}"),
        }
        for category, amount in decision.adjudication
    ]
    entries.extend(
        {
            "category": {"coding": [{"system": GROUP_SYSTEM, "code": a.group.value}]},
            "reason": {
                "coding": [
                    compact(
                        {"system": CARC_SYSTEM, "code": a.reason, "display": _carc_text(a.reason)}
                    )
                ]
            },
            "amount": money(a.amount, field=f"decisions[{i}].adjustments"),
        }
        for a in decision.adjustments
    )
    return entries


def _carc_text(code: str) -> str | None:
    entry = CARCS.get(code)
    return entry.description if entry is not None else None


def _outcome(decisions: Sequence[Decision]) -> str:
    return "partial" if any(d.status is Status.PENDING for d in decisions) else "complete"


def _notes(decisions: Sequence[Decision]) -> tuple[list[Resource], dict[int, list[int]]]:
    notes: list[Resource] = []
    by_line: dict[int, list[int]] = {}
    for d in decisions:
        for reason in d.reasons:
            notes.append({"number": len(notes) + 1, "type": "display", "text": reason.message()})
            by_line.setdefault(d.line_number, []).append(len(notes))
    return notes, by_line


def _totals(result: Adjudication, currency: str) -> list[Resource]:
    billed = Money.zero(currency)
    for d in result.decisions:
        billed += d.billed
    return [
        {
            "category": {"coding": [{"system": ADJUDICATION_SYSTEM, "code": "submitted"}]},
            "amount": money(billed, field="total.submitted"),
        },
        {
            "category": {"coding": [{"system": ADJUDICATION_SYSTEM, "code": "benefit"}]},
            "amount": money(result.plan_paid_total(currency), field="total.benefit"),
        },
    ]


def adjudication_resources(
    result: Adjudication,
    lines: Iterable[ServiceLine],
    *,
    claim_id: str,
    policy: Policy,
    patient: str,
    created: dt.date,
    provider: str | None = None,
) -> tuple[Resource, Resource]:
    """Return an adjudication as a FHIR R4 ClaimResponse and an ExplanationOfBenefit.

    Each decision is an ``item`` whose ``adjudication`` holds the amounts by FHIR category
    (submitted, eligible, deductible, copay, benefit) and each X12 adjustment with its group
    code as category and its CARC as ``reason`` in the code system
    ``https://x12.org/codes/claim-adjustment-reason-codes``; the reasons' English sentences are
    ``processNote``\\ s. *lines* are those adjudicated (the EOB repeats what was billed).

    Raises:
        InvalidInputError: at ``result`` if it is not an Adjudication; at ``lines[i]`` if a
            decision's line is missing; as `claim_resource` for the rest.

    Examples:
        >>> import pendulum
        >>> from casekit.coverage import Accumulators, Benefit, Plan, Tier, TierTerms, adjudicate
        >>> from casekit.periods import DateRange
        >>> plan = Plan("p", tiers=[TierTerms(Tier.IN, deductible=Money.of("100", "USD"))],
        ...             benefits=[Benefit("all")])
        >>> policy = Policy(plan, DateRange.of("2025-01-01", "2025-12-31"), member_id="M-1")
        >>> line = ServiceLine(1, Code.parse("CPT|99213"), pendulum.date(2025, 3, 1),
        ...                    Money.of("150", "USD"))
        >>> result = adjudicate(policy, [line], accumulators=Accumulators.empty())
        >>> response, eob = adjudication_resources(result, [line], claim_id="cl-1",
        ...     policy=policy, patient="pt-1", created=pendulum.date(2025, 3, 2))
        >>> [a["reason"]["coding"][0]["code"] for a in response["item"][0]["adjudication"]
        ...  if "reason" in a]
        ['1']
    """
    if not isinstance(result, Adjudication):
        raise InvalidInputError.one("result", "type", "must be an Adjudication")
    found = {line.line_number: line for line in _lines(lines)}
    claim = claim_resource(
        found.values(),
        claim_id=claim_id,
        policy=policy,
        patient=patient,
        created=created,
        provider=provider,
    )
    missing = [d.line_number for d in result.decisions if d.line_number not in found]
    if missing:
        raise InvalidInputError.one(
            "lines", "missing_line", "must hold the line of every decision in the result"
        )
    currency = policy.plan.currency
    notes, by_line = _notes(result.decisions)
    items = [
        compact(
            {
                "itemSequence": d.line_number,
                "noteNumber": by_line.get(d.line_number),
                "adjudication": _adjudication(d, i),
            }
        )
        for i, d in enumerate(result.decisions)
    ]
    common = {
        "status": "active",
        "type": claim["type"],
        "use": "claim",
        "patient": claim["patient"],
        "created": claim["created"],
        "insurer": claim["insurer"],
    }
    outcome = _outcome(result.decisions)
    payment = {
        "type": {"coding": [{"system": _PAYMENT_TYPE, "code": "complete"}]},
        "amount": money(result.plan_paid_total(currency), field="payment"),
    }
    response = compact(
        {
            "resourceType": "ClaimResponse",
            "id": claim["id"],
            **common,
            "request": {"reference": f"Claim/{claim['id']}"},
            "outcome": outcome,
            "item": items,
            "total": _totals(result, currency),
            "payment": payment,
            "processNote": notes,
        }
    )
    claim_items = {item["sequence"]: item for item in claim.get("item", ())}
    eob = compact(
        {
            "resourceType": "ExplanationOfBenefit",
            "id": claim["id"],
            **common,
            "provider": claim["provider"],
            "claim": {"reference": f"Claim/{claim['id']}"},
            "claimResponse": {"reference": f"ClaimResponse/{claim['id']}"},
            "outcome": outcome,
            "insurance": [{"focal": True, "coverage": claim["insurance"][0]["coverage"]}],
            "item": [
                compact(
                    {
                        "sequence": d.line_number,
                        "noteNumber": by_line.get(d.line_number),
                        **{
                            k: claim_items[d.line_number].get(k)
                            for k in (
                                "productOrService",
                                "servicedDate",
                                "locationCodeableConcept",
                                "quantity",
                                "net",
                            )
                        },
                        "adjudication": _adjudication(d, i),
                    }
                )
                for i, d in enumerate(result.decisions)
            ],
            "total": _totals(result, currency),
            "payment": payment,
            "processNote": notes,
        }
    )
    return response, eob


_DOC_NEEDED: Final = {
    Documentation.CLINICAL.value: ("clinical",),
    Documentation.ADMIN.value: ("admin",),
    Documentation.BOTH.value: ("clinical", "admin"),
    "conditional": ("conditional",),
}


def coverage_information(
    answer: CoverageAnswer,
    *,
    coverage: str,
    on: dt.date,
    assertion_id: str | None = None,
) -> Resource:
    """Return a pre-service answer as the Da Vinci CRD ``coverage-information`` extension.

    Put it in the ``extension`` of the ServiceRequest, Appointment or Encounter it answers.
    *coverage* is the Coverage resource's id (see `coverage_id`), *on* the date the answer
    was given. Without *assertion_id*, the ``coverage-assertion-id`` is derived from the
    answer, so the same answer always carries the same one.

    Raises:
        InvalidInputError: at ``answer``, ``coverage`` or ``on`` if it is not one.

    Examples:
        >>> import pendulum
        >>> from casekit.coverage import Coverage, PriorAuth
        >>> ext = coverage_information(CoverageAnswer(Coverage.COVERED, PriorAuth.AUTH_NEEDED),
        ...                            coverage="pt-1..silver..2025-01-01",
        ...                            on=pendulum.date(2025, 3, 24))
        >>> [(e["url"], next(v for k, v in e.items() if k.startswith("value")))
        ...  for e in ext["extension"]][1:4]
        [('covered', 'covered'), ('pa-needed', 'auth-needed'), ('date', '2025-03-24')]
    """
    if not isinstance(answer, CoverageAnswer):
        raise InvalidInputError.one("answer", "type", "must be a CoverageAnswer")
    if type(coverage) is not str or not _FHIR_ID.fullmatch(coverage):
        raise InvalidInputError.one("coverage", "type", "must be a FHIR resource id")
    when = _date(on, "on")
    parts: list[Resource] = [
        {"url": "coverage", "valueReference": {"reference": f"Coverage/{coverage}"}},
        {"url": "covered", "valueCode": answer.covered.value},
    ]
    if answer.pa_needed is not None:
        parts.append({"url": "pa-needed", "valueCode": answer.pa_needed.value})
    parts.append({"url": "date", "valueDate": when})
    if answer.doc_needed is not None:
        parts.extend({"url": "doc-needed", "valueCode": c} for c in _DOC_NEEDED[answer.doc_needed])
    parts.extend({"url": "info-needed", "valueCode": i.value} for i in answer.info_needed)
    if answer.reasons:
        first = answer.reasons[0]
        parts.append(
            {
                "url": "reason",
                "valueCodeableConcept": {
                    "coding": [{"system": system("reason"), "code": first.code}],
                    "text": first.message(),
                },
            }
        )
    parts.extend(_detail(name, value) for name, value in answer.details)
    if answer.satisfied_pa_id is not None:
        parts.append({"url": "satisfied-pa-id", "valueString": answer.satisfied_pa_id})
    if assertion_id is None:
        digest = hashlib.sha256(repr((coverage, when, parts)).encode()).hexdigest()
        assertion_id = digest[:32]
    parts.append({"url": "coverage-assertion-id", "valueString": assertion_id})
    return {"url": CRD_COVERAGE_INFORMATION, "extension": parts}


def _detail(name: str, value: str | int) -> Resource:
    shown: Resource = (
        {"url": "value", "valueString": value}
        if isinstance(value, str)
        else {"url": "value", "valueQuantity": {"value": value}}
    )
    return {
        "url": "detail",
        "extension": [{"url": "code", "valueCodeableConcept": own("coverage-detail", name)}, shown],
    }
