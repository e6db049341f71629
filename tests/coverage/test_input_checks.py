"""Bad input to the coverage types and verbs: refused at the field, with the exact problem.

Each refusal is pinned as the whole list of problems (path, code, message), so a mutant that
weakens a check or rewords its message is caught. Found by tests/fuzz/test_constructors.py:
enum, text, money and tuple fields without validators, unhashable currencies, and verb
arguments (lines, authorizations, policy, accumulators, key, amount) used before any check.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from coverage_helpers import OFFICE, empty, line, policy_for, simple_plan, usd

from casekit._validate import MAX_SAFE_INTEGER, TOO_LARGE
from casekit.codes import CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Adjudication,
    Adjustment,
    Authorization,
    Benefit,
    Coverage,
    CoverageAnswer,
    Decision,
    Documentation,
    FeeScheduleEntry,
    InfoNeeded,
    MedicalNecessity,
    Plan,
    PriorAuth,
    Service,
    Status,
    Tier,
    TierTerms,
    adjudicate,
    check_coverage,
)
from casekit.coverage._explanation import BUILDERS as TRACE_BUILDERS
from casekit.coverage.reason_codes import Group
from casekit.errors import InvalidInputError
from casekit.periods import DateRange
from casekit.rules import Reason, Trace
from casekit.serialization import from_json, to_json

ON = pendulum.date(2025, 3, 1)
KEY = ("member:00", "in", "deductible", "2025-01-01/2025-12-31")
ZERO = usd("0")
TRACE = Trace("adjudicate(line 1)", passed=True)
IDENTIFIER = (
    "identifier",
    "must be 1-128 characters of letters, digits and . _ : - / starting with a letter or digit",
)
AUTH = Authorization("PA-1", OFFICE, 5, DateRange.of("2025-01-01", "2025-12-31"))


def problems(build: Callable[[], object]) -> list[tuple[str, str, str]]:
    """Return the problems of the InvalidInputError *build* raises, as plain tuples."""
    with pytest.raises(InvalidInputError) as caught:
        build()
    return [(p.path, p.code, p.message) for p in caught.value.problems]


def adjustment(**changes: Any) -> Adjustment:
    """Return a valid adjustment with *changes*."""
    fields: dict[str, Any] = {
        "group": Group.CONTRACTUAL_OBLIGATION,
        "reason": "45",
        "amount": usd("50"),
    }
    return Adjustment(**{**fields, **changes})


def decision(**changes: Any) -> Decision:
    """Return a valid covered decision with *changes*."""
    fields: dict[str, Any] = {
        "line_number": 1,
        "status": Status.COVERED,
        "benefit": "office",
        "billed": usd("150"),
        "allowed": usd("100"),
        "deductible": ZERO,
        "copay": ZERO,
        "coinsurance": ZERO,
        "not_covered": ZERO,
        "balance_billed": ZERO,
        "plan_paid": usd("100"),
        "adjustments": (adjustment(),),
        "reasons": (),
        "explain": TRACE,
    }
    return Decision(**{**fields, **changes})


def answer(**changes: Any) -> CoverageAnswer:
    """Return a valid covered answer with *changes*."""
    fields: dict[str, Any] = {"covered": Coverage.COVERED, "pa_needed": PriorAuth.NO_AUTH}
    return CoverageAnswer(**{**fields, **changes})


def service(**changes: Any) -> Service:
    """Return a service for an office visit with *changes*."""
    return Service(OFFICE, **changes)


def fee(**changes: Any) -> FeeScheduleEntry:
    """Return a fee-schedule entry with *changes*."""
    return FeeScheduleEntry(OFFICE, usd("90"), **changes)


def _type(path: str, message: str) -> list[tuple[str, str, str]]:
    return [(path, "type", message)]


_NOT_KNOWN_TIER = _type("network", "must be a Tier or None when not known")
_EVERY_TIER = _type("tier", "must be a Tier or None for every tier")
_MONEY = "must be Money"
_CURRENCIES: tuple[tuple[str, Any], ...] = (("list", []), ("dict", {}), ("lower-case", "usd"))

# --- constructors: each refusal, exactly -------------------------------------------------------

_REFUSED = [
    # Enum fields.
    pytest.param(lambda: fee(tier="in"), _EVERY_TIER, id="fee-tier-text"),
    pytest.param(lambda: fee(tier=[]), _EVERY_TIER, id="fee-tier-unhashable"),
    pytest.param(
        lambda: TierTerms(Tier.IN, shares_with="out"),  # type: ignore[arg-type]
        _type("shares_with", "must be a Tier or None"),
        id="shares-with-text",
    ),
    pytest.param(lambda: service(network="in"), _NOT_KNOWN_TIER, id="service-network-text"),
    pytest.param(lambda: service(network=0), _NOT_KNOWN_TIER, id="service-network-zero"),
    pytest.param(
        lambda: Benefit("b", documentation="clinical"),  # type: ignore[arg-type]
        _type("documentation", "must be a Documentation or None"),
        id="benefit-documentation-text",
    ),
    pytest.param(
        lambda: adjustment(group="CO"), _type("group", "must be Group"), id="adjustment-group"
    ),
    pytest.param(
        lambda: adjustment(group=None), _type("group", "must be Group"), id="adjustment-no-group"
    ),
    pytest.param(
        lambda: decision(status="covered"), _type("status", "must be Status"), id="status-text"
    ),
    pytest.param(
        lambda: answer(pa_needed="no-auth"),
        _type("pa_needed", "must be a PriorAuth or None"),
        id="pa-needed-text",
    ),
    # Text, identifier and whole-number fields.
    pytest.param(lambda: adjustment(reason=45), [("reason", *IDENTIFIER)], id="reason-int"),
    pytest.param(lambda: adjustment(reason=""), [("reason", *IDENTIFIER)], id="reason-empty"),
    pytest.param(
        lambda: answer(
            pa_needed=PriorAuth.SATISFIED, satisfied_pa_id="PA 1", reasons=(Reason("x"),)
        ),
        [("satisfied_pa_id", *IDENTIFIER)],
        id="satisfied-pa-id-space",
    ),
    pytest.param(
        lambda: answer(benefit=Decimal("NaN")), [("benefit", *IDENTIFIER)], id="answer-benefit"
    ),
    pytest.param(
        lambda: answer(covered=Coverage.NOT_COVERED, pa_needed=None, benefit="a b"),
        [("benefit", *IDENTIFIER)],
        id="answer-benefit-before-consistency",
    ),
    pytest.param(lambda: decision(benefit=""), [("benefit", *IDENTIFIER)], id="decision-benefit"),
    pytest.param(
        lambda: decision(line_number=0),
        [("line_number", "positive_int", "must be a whole number ≥ 1")],
        id="line-number-0",
    ),
    pytest.param(
        lambda: decision(line_number=True),
        [("line_number", "positive_int", "must be a whole number ≥ 1")],
        id="line-number-bool",
    ),
    pytest.param(
        lambda: decision(line_number=MAX_SAFE_INTEGER + 1),
        [("line_number", "too_large", TOO_LARGE)],
        id="line-number-2-53",
    ),
    pytest.param(
        lambda: service(place_of_service=11),
        [("place_of_service", *IDENTIFIER)],
        id="service-place-int",
    ),
    pytest.param(
        lambda: service(provider_kind="p t"),
        [("provider_kind", *IDENTIFIER)],
        id="service-kind-space",
    ),
    pytest.param(
        lambda: service(referral="yes"),
        _type("referral", "must be a bool or None when not known"),
        id="service-referral-text",
    ),
    pytest.param(
        lambda: service(referral=1),
        _type("referral", "must be a bool or None when not known"),
        id="service-referral-int",
    ),
    pytest.param(
        lambda: line(1, "10", place_of_service=""),
        [("place_of_service", *IDENTIFIER)],
        id="line-place-empty",
    ),
    pytest.param(
        lambda: line(1, "10", provider_kind=b"pt"),
        [("provider_kind", *IDENTIFIER)],
        id="line-kind-bytes",
    ),
    # doc_needed: the CRD codes casekit gives, or None.
    pytest.param(
        lambda: answer(doc_needed="no-doc"),
        _type("doc_needed", "must be clinical, admin, both, conditional or None"),
        id="doc-needed-no-doc",
    ),
    pytest.param(
        lambda: answer(doc_needed=Documentation.CLINICAL),
        _type("doc_needed", "must be clinical, admin, both, conditional or None"),
        id="doc-needed-enum",
    ),
    pytest.param(
        lambda: answer(doc_needed=[]),
        _type("doc_needed", "must be clinical, admin, both, conditional or None"),
        id="doc-needed-unhashable",
    ),
    # Object fields.
    pytest.param(
        lambda: Benefit("b", codes=frozenset({"CPT|99213"})),  # type: ignore[arg-type]
        _type("codes", "must be a CodeSet or None for any code"),
        id="benefit-codes",
    ),
    pytest.param(
        lambda: Benefit("b", medical_necessity={"min_age": 50}),  # type: ignore[arg-type]
        _type("medical_necessity", "must be a MedicalNecessity or None"),
        id="benefit-medical-necessity",
    ),
    pytest.param(
        lambda: MedicalNecessity(diagnoses="ICD10|E11"),  # type: ignore[arg-type]
        _type("diagnoses", "must be a CodeSet or None for any diagnosis"),
        id="necessity-diagnoses",
    ),
    pytest.param(lambda: adjustment(amount="50"), _type("amount", _MONEY), id="adjustment-amount"),
    *(
        pytest.param(lambda f=f: decision(**{f: Decimal(0)}), _type(f, _MONEY), id=f"decision-{f}")
        for f in (
            "billed",
            "allowed",
            "deductible",
            "copay",
            "coinsurance",
            "not_covered",
            "balance_billed",
            "plan_paid",
        )
    ),
    pytest.param(
        lambda: decision(adjustments=None),
        _type("adjustments", "must be a tuple of Adjustment"),
        id="decision-adjustments",
    ),
    pytest.param(
        lambda: decision(adjustments=[adjustment(), "CO-45"]),
        _type("adjustments[1]", "must be Adjustment"),
        id="decision-adjustments-item",
    ),
    pytest.param(
        lambda: decision(reasons=""),
        _type("reasons", "must be a tuple of Reason"),
        id="decision-reasons",
    ),
    pytest.param(
        lambda: decision(reasons=["coverage.covered"]),
        _type("reasons[0]", "must be Reason"),
        id="decision-reasons-item",
    ),
    pytest.param(
        lambda: decision(explain=None), _type("explain", "must be a Trace"), id="explain-none"
    ),
    pytest.param(
        lambda: decision(explain=()), _type("explain", "must be a Trace"), id="explain-empty"
    ),
    pytest.param(
        lambda: decision(explain=(len, "x")),
        _type("explain", "must be a Trace"),
        id="explain-other-callable",
    ),
    pytest.param(
        lambda: decision(explain=[TRACE_BUILDERS[0], "coverage_period", None]),
        _type("explain", "must be a Trace"),
        id="explain-list",
    ),
    pytest.param(
        lambda: Adjudication(None, empty()),
        _type("decisions", "must be a tuple of Decision"),
        id="adjudication-decisions",
    ),
    pytest.param(
        lambda: Adjudication([decision(), None], empty()),
        _type("decisions[1]", "must be Decision"),
        id="adjudication-decisions-item",
    ),
    pytest.param(
        lambda: decision(day_counts=5),
        _type(
            "day_counts",
            "must be a tuple of (kind, days, Money, first day or None, last day or None)",
        ),
        id="decision-day-counts-number",
    ),
    pytest.param(
        lambda: decision(
            day_counts=(("full", 3, usd("0"), 1, 60), ("full", 3, usd("0"), "1", None))
        ),
        _type("day_counts[1]", "must be (kind, days, Money, first day or None, last day or None)"),
        id="decision-day-counts-first-day-text",
    ),
    pytest.param(
        lambda: FeeScheduleEntry(OFFICE, usd("-0.01")),
        [("amount", "money", "must be money ≥ 0")],
        id="fee-negative",
    ),
    pytest.param(
        lambda: FeeScheduleEntry(OFFICE, "90"),  # type: ignore[arg-type]
        [("amount", "money", "must be money ≥ 0")],
        id="fee-text",
    ),
    pytest.param(
        lambda: Adjudication((), None),  # type: ignore[arg-type]
        _type("accumulators", "must be Accumulators"),
        id="adjudication-accumulators",
    ),
    # CoverageAnswer tuples: falsy non-tuples no longer slip through.
    *(
        pytest.param(
            lambda bad=bad: answer(info_needed=bad),
            _type("info_needed", "must be a tuple of InfoNeeded"),
            id=f"info-needed-{name}",
        )
        for name, bad in (("none", None), ("zero", 0), ("empty-text", ""), ("empty-dict", {}))
    ),
    pytest.param(
        lambda: answer(covered=Coverage.CONDITIONAL, info_needed=["location"]),
        _type("info_needed[0]", "must be InfoNeeded"),
        id="info-needed-item",
    ),
    pytest.param(
        lambda: answer(covered=Coverage.NOT_COVERED, pa_needed=None, reasons=None),
        _type("reasons", "must be a tuple of Reason"),
        id="answer-reasons",
    ),
    pytest.param(
        lambda: answer(covered=Coverage.NOT_COVERED, pa_needed=None, reasons=("excluded",)),
        _type("reasons[0]", "must be Reason"),
        id="answer-reasons-item",
    ),
    *(
        pytest.param(
            lambda bad=bad: answer(details=bad),
            _type("details", "must be a tuple of (name, value) pairs"),
            id=f"details-{name}",
        )
        for name, bad in (("none", None), ("int", 5), ("empty-text", ""), ("empty-dict", {}))
    ),
    pytest.param(
        lambda: answer(details=[("a", 1), ("b", 1.5)]),
        _type("details[1]", "must pair its name with text or a whole number"),
        id="details-float",
    ),
    pytest.param(
        lambda: answer(details=[("a", True)]),
        _type("details[0]", "must pair its name with text or a whole number"),
        id="details-bool",
    ),
    pytest.param(
        lambda: answer(details=[("a", None)]),
        _type("details[0]", "must pair its name with text or a whole number"),
        id="details-value-none",
    ),
    pytest.param(
        lambda: answer(details=[("a", MAX_SAFE_INTEGER + 1)]),
        [("details[0]", "too_large", TOO_LARGE)],
        id="details-2-53",
    ),
    pytest.param(
        lambda: answer(details=[("a", -MAX_SAFE_INTEGER - 1)]),
        [("details[0]", "too_large", TOO_LARGE)],
        id="details-minus-2-53",
    ),
    # Currencies: an unhashable value is refused, not a TypeError.
    *(
        pytest.param(
            lambda bad=bad: Plan("p", tiers=[], benefits=[], currency=bad),
            [("currency", "currency", "must be an ISO 4217 code in capitals, such as USD")],
            id=f"plan-currency-{name}",
        )
        for name, bad in _CURRENCIES
    ),
    *(
        pytest.param(
            lambda bad=bad, make=make: make(bad),
            [("currency", "currency", "must be an ISO 4217 code such as USD")],
            id=f"{make.__name__}-currency-{name}",
        )
        for make in (Accumulators, Accumulators.empty)
        for name, bad in _CURRENCIES
    ),
]


@pytest.mark.parametrize(("build", "expected"), _REFUSED)
def test_a_bad_field_is_refused_with_exactly_its_problem(
    build: Callable[[], object], expected: list[tuple[str, str, str]]
) -> None:
    """Each bad field raises InvalidInputError holding exactly the expected problems."""

    assert problems(build) == expected


# --- constructors: valid values are kept -------------------------------------------------------

_CODES = CodeSet.of(CodeSystem.CPT, "99202-99215", name="office")
_DIAGNOSES = CodeSet.of(CodeSystem.ICD10CM, "E11", name="diabetes")
_NECESSITY = MedicalNecessity(diagnoses=_DIAGNOSES)

_ACCEPTED = [
    pytest.param(fee, "tier", Tier.OUT, id="fee-tier"),
    pytest.param(fee, "tier", None, id="fee-tier-none"),
    pytest.param(lambda **k: TierTerms(Tier.PREFERRED, **k), "shares_with", Tier.IN, id="shares"),
    pytest.param(lambda **k: TierTerms(Tier.IN, **k), "shares_with", None, id="shares-none"),
    pytest.param(service, "network", Tier.OUT, id="service-network"),
    pytest.param(service, "network", None, id="service-network-none"),
    pytest.param(service, "referral", False, id="service-referral-false"),
    pytest.param(service, "referral", True, id="service-referral-true"),
    pytest.param(service, "referral", None, id="service-referral-none"),
    pytest.param(service, "place_of_service", "11", id="service-place"),
    pytest.param(service, "place_of_service", None, id="service-place-none"),
    pytest.param(service, "provider_kind", "physical_therapist", id="service-kind"),
    pytest.param(service, "provider_kind", None, id="service-kind-none"),
    pytest.param(lambda **k: line(1, "10", **k), "place_of_service", "21", id="line-place"),
    pytest.param(lambda **k: line(1, "10", **k), "provider_kind", "pt", id="line-kind"),
    pytest.param(lambda **k: line(1, "10", **k), "provider_kind", None, id="line-kind-none"),
    pytest.param(
        lambda **k: Benefit("b", **k), "documentation", Documentation.BOTH, id="documentation"
    ),
    pytest.param(lambda **k: Benefit("b", **k), "documentation", None, id="documentation-none"),
    pytest.param(lambda **k: Benefit("b", **k), "codes", _CODES, id="codes"),
    pytest.param(lambda **k: Benefit("b", **k), "codes", None, id="codes-none"),
    pytest.param(lambda **k: Benefit("b", **k), "medical_necessity", _NECESSITY, id="necessity"),
    pytest.param(lambda **k: Benefit("b", **k), "medical_necessity", None, id="necessity-none"),
    pytest.param(MedicalNecessity, "diagnoses", _DIAGNOSES, id="diagnoses"),
    pytest.param(MedicalNecessity, "diagnoses", None, id="diagnoses-none"),
    pytest.param(adjustment, "group", Group.OTHER_ADJUSTMENT, id="group"),
    pytest.param(adjustment, "reason", "A1", id="reason"),
    pytest.param(adjustment, "amount", usd("-5"), id="amount-negative"),
    pytest.param(decision, "status", Status.PENDING, id="status"),
    pytest.param(decision, "benefit", None, id="decision-benefit-none"),
    pytest.param(decision, "line_number", 1, id="line-number-1"),
    pytest.param(decision, "line_number", MAX_SAFE_INTEGER, id="line-number-max"),
    pytest.param(decision, "reasons", (Reason("coverage.covered"),), id="decision-reasons"),
    pytest.param(answer, "doc_needed", "clinical", id="doc-clinical"),
    pytest.param(answer, "doc_needed", "admin", id="doc-admin"),
    pytest.param(answer, "doc_needed", "both", id="doc-both"),
    pytest.param(answer, "doc_needed", None, id="doc-none"),
    pytest.param(answer, "benefit", "office", id="answer-benefit"),
    pytest.param(answer, "pa_needed", PriorAuth.AUTH_NEEDED, id="pa-needed"),
    pytest.param(answer, "details", (("a", "12.50"), ("b", 0)), id="details"),
    pytest.param(answer, "details", (("a", MAX_SAFE_INTEGER),), id="details-max"),
    pytest.param(answer, "details", (("a", -MAX_SAFE_INTEGER),), id="details-min"),
    pytest.param(Accumulators, "currency", "EUR", id="accumulators-currency"),
]


@pytest.mark.parametrize(("build", "field", "value"), _ACCEPTED)
def test_a_valid_field_is_kept_as_given(
    build: Callable[..., object], field: str, value: object
) -> None:
    """A valid value is accepted and kept exactly."""

    assert getattr(build(**{field: value}), field) == value


def test_conditional_documentation_and_a_satisfied_authorisation_are_accepted() -> None:
    """doc_needed 'conditional' (with info_needed) and a satisfied authorisation's id are kept."""

    built = answer(
        pa_needed=PriorAuth.SATISFIED,
        satisfied_pa_id="PA-1",
        doc_needed="conditional",
        info_needed=[InfoNeeded.OTHER],
        reasons=[Reason("coverage.authorization_satisfied")],
    )

    assert (built.satisfied_pa_id, built.doc_needed) == ("PA-1", "conditional")
    assert built.info_needed == (InfoNeeded.OTHER,)
    assert built.reasons == (Reason("coverage.authorization_satisfied"),)


def test_lists_are_frozen_to_tuples() -> None:
    """Lists given for tuple fields are kept as equal tuples."""

    acc = empty()

    assert Adjudication([], acc) == Adjudication((), acc)
    assert Adjudication([decision()], acc).decisions == (decision(),)
    assert decision(adjustments=[adjustment()]).adjustments == (adjustment(),)
    assert decision(reasons=[Reason("x")]).reasons == (Reason("x"),)


def test_a_decision_built_by_hand_round_trips_through_json() -> None:
    """A decision that passes the checks writes and reads back equal, trace included."""

    built = decision()

    back = from_json(to_json(built), Decision)

    assert back == built
    assert back.trace == TRACE


def test_decisions_from_adjudication_can_be_evolved() -> None:
    """A decision keeps the record its trace is built from; evolving it keeps that record."""

    result = adjudicate(policy_for(simple_plan()), [line(1, "100")], accumulators=empty())
    (made,) = result.decisions

    changed = attrs.evolve(made, line_number=7)

    assert changed.line_number == 7
    assert changed.trace.rule == "adjudicate(line 7)"
    assert changed.trace.children == made.trace.children


# --- the verbs ---------------------------------------------------------------------------------

_POLICY = policy_for(simple_plan())
_LINES = "must be an iterable of ServiceLine, such as a list"
_AUTHS = "must be an iterable of Authorization, such as a list"
_AN_AUTH = "must be an Authorization"


def _adjudicate(**changes: Any) -> Adjudication:
    arguments: dict[str, Any] = {
        "policy": _POLICY,
        "lines": [line(1, "100")],
        "accumulators": empty(),
        "authorizations": (),
    }
    arguments.update(changes)
    return adjudicate(
        arguments["policy"],
        arguments["lines"],
        accumulators=arguments["accumulators"],
        authorizations=arguments["authorizations"],
    )


def _check(**changes: Any) -> CoverageAnswer:
    arguments: dict[str, Any] = {
        "policy": _POLICY,
        "service": service(network=Tier.IN),
        "on": ON,
        "accumulators": None,
        "authorizations": (),
    }
    arguments.update(changes)
    return check_coverage(
        arguments["policy"],
        arguments["service"],
        on=arguments["on"],
        accumulators=arguments["accumulators"],
        authorizations=arguments["authorizations"],
    )


_VERBS_REFUSED = [
    pytest.param(lambda: _adjudicate(lines=None), _type("lines", _LINES), id="lines-none"),
    pytest.param(lambda: _adjudicate(lines=5), _type("lines", _LINES), id="lines-int"),
    pytest.param(lambda: _adjudicate(lines="lines"), _type("lines", _LINES), id="lines-text"),
    pytest.param(lambda: _adjudicate(lines=b"l"), _type("lines", _LINES), id="lines-bytes"),
    pytest.param(
        lambda: _adjudicate(lines=bytearray(b"l")), _type("lines", _LINES), id="lines-bytearray"
    ),
    pytest.param(
        lambda: _adjudicate(authorizations=None),
        _type("authorizations", _AUTHS),
        id="adjudicate-auths-none",
    ),
    pytest.param(
        lambda: _adjudicate(authorizations="PA-1"),
        _type("authorizations", _AUTHS),
        id="adjudicate-auths-text",
    ),
    pytest.param(
        lambda: _adjudicate(authorizations=[None, AUTH, "PA-1"]),
        [("authorizations[0]", "type", _AN_AUTH), ("authorizations[2]", "type", _AN_AUTH)],
        id="adjudicate-auths-items",
    ),
    pytest.param(
        lambda: _adjudicate(lines=None, authorizations=None),
        _type("lines", _LINES),
        id="adjudicate-lines-first",
    ),
    pytest.param(
        lambda: _adjudicate(lines=[None], authorizations=[None]),
        [("authorizations[0]", "type", _AN_AUTH)],
        id="adjudicate-auths-before-line-items",
    ),
    pytest.param(lambda: _check(policy=None), _type("policy", "must be a Policy"), id="policy"),
    pytest.param(
        lambda: _check(policy=simple_plan(), on="2025-03-01"),
        _type("policy", "must be a Policy"),
        id="policy-first",
    ),
    pytest.param(
        lambda: _check(accumulators={}),
        _type("accumulators", "must be Accumulators or None"),
        id="check-accumulators",
    ),
    pytest.param(
        lambda: _check(authorizations=None),
        _type("authorizations", _AUTHS),
        id="check-auths-none",
    ),
    pytest.param(
        lambda: _check(authorizations=7),
        _type("authorizations", _AUTHS),
        id="check-auths-int",
    ),
    pytest.param(
        lambda: _check(authorizations=["PA-1"]),
        [("authorizations[0]", "type", _AN_AUTH)],
        id="check-auths-item",
    ),
    pytest.param(
        lambda: _check(on=pendulum.date(2030, 1, 1), authorizations=[None]),
        [("authorizations[0]", "type", _AN_AUTH)],
        id="check-auths-outside-coverage",
    ),
]


@pytest.mark.parametrize(("call", "expected"), _VERBS_REFUSED)
def test_a_bad_verb_argument_is_refused_with_exactly_its_problems(
    call: Callable[[], object], expected: list[tuple[str, str, str]]
) -> None:
    """adjudicate and check_coverage refuse bad arguments at their names, before using them."""

    assert problems(call) == expected


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(list, id="list"),
        pytest.param(tuple, id="tuple"),
        pytest.param(iter, id="iterator"),
        pytest.param(lambda xs: (x for x in xs), id="generator"),
    ],
)
def test_lines_and_authorizations_may_be_any_iterable(make: Callable[[Any], Any]) -> None:
    """Lists, tuples, iterators and generators give the same decisions and answers."""

    policy = policy_for(
        Plan("pa", tiers=[TierTerms(Tier.IN)], benefits=[Benefit("b", prior_authorization=True)])
    )
    lines = [line(1, "100", on=ON)]
    expected = adjudicate(policy, lines, accumulators=empty(), authorizations=[AUTH])

    result = adjudicate(policy, make(lines), accumulators=empty(), authorizations=make([AUTH]))
    answer = check_coverage(policy, service(network=Tier.IN), on=ON, authorizations=make([AUTH]))

    assert result == expected
    assert result.decisions[0].status is Status.COVERED
    assert (answer.pa_needed, answer.satisfied_pa_id) == (PriorAuth.SATISFIED, "PA-1")


def test_check_coverage_reads_accumulators_when_given() -> None:
    """Accumulators, when given, are accepted as before."""

    assert _check(accumulators=empty()).covered is Coverage.COVERED


# --- Accumulators.add --------------------------------------------------------------------------

_KEY_TYPE = [("key", "type", "must be a (scope, bucket, measure, period) tuple")]
_AMOUNT_TYPE = 'must be a Decimal, an int or a decimal string such as "12.50", not of another type'

_ADD_REFUSED = [
    pytest.param(None, Decimal(1), _KEY_TYPE, id="key-none"),
    pytest.param(list(KEY), Decimal(1), _KEY_TYPE, id="key-list"),
    pytest.param(KEY[:3], Decimal(1), _KEY_TYPE, id="key-three"),
    pytest.param((*KEY, "x"), Decimal(1), _KEY_TYPE, id="key-five"),
    pytest.param("abcd", Decimal(1), _KEY_TYPE, id="key-text"),
    pytest.param(("a b", *KEY[1:]), Decimal(1), [("key[0]", *IDENTIFIER)], id="key-scope"),
    pytest.param((KEY[0], None, *KEY[2:]), Decimal(1), [("key[1]", *IDENTIFIER)], id="key-bucket"),
    pytest.param((*KEY[:2], [], KEY[3]), Decimal(1), [("key[2]", *IDENTIFIER)], id="key-measure"),
    pytest.param(
        (*KEY[:3], " "), Decimal(1), [("key[3]", "empty", "must not be empty")], id="key-period"
    ),
    pytest.param(
        KEY,
        1.5,
        [
            (
                "amount",
                "float",
                'must be a Decimal, an int or a decimal string such as "12.50", not a float',
            )
        ],
        id="amount-float",
    ),
    pytest.param(KEY, None, [("amount", "type", _AMOUNT_TYPE)], id="amount-none"),
    pytest.param(
        KEY,
        Decimal("NaN"),
        [("amount", "not_finite", "must be finite, not NaN or infinity")],
        id="amount-nan",
    ),
    pytest.param(
        KEY,
        "x",
        [("amount", "decimal_format", 'must be a decimal string such as "12.50" or "-3"')],
        id="amount-text",
    ),
    pytest.param(
        KEY,
        Decimal("-0.01"),
        [("amount", "negative", "must not take the total below 0")],
        id="amount-below-zero",
    ),
]


@pytest.mark.parametrize(("key", "amount", "expected"), _ADD_REFUSED)
def test_accumulators_add_refuses_a_bad_key_or_amount(
    key: Any, amount: Any, expected: list[tuple[str, str, str]]
) -> None:
    """add checks the key part by part (key[i]) and reads the amount as parse_decimal does."""

    assert problems(lambda: empty().add(key, amount)) == expected


def test_accumulators_add_takes_decimals_ints_and_decimal_text() -> None:
    """Valid amounts add up; a total brought back to exactly 0 is dropped, not refused."""

    acc = empty().add(KEY, Decimal("2.50")).add(KEY, 3).add(KEY, "1.25")

    assert acc.get(KEY) == Decimal("6.75")
    assert acc.add(KEY, Decimal("-6.75")).entries == ()
    assert acc.add(KEY, -1).get(KEY) == Decimal("5.75")


def test_accumulators_add_refuses_taking_a_total_below_zero() -> None:
    """Subtracting more than the total is refused; the accumulators are unchanged."""

    acc = empty().add(KEY, Decimal(5))

    assert problems(lambda: acc.add(KEY, Decimal("-5.01"))) == [
        ("amount", "negative", "must not take the total below 0")
    ]
    assert acc.get(KEY) == Decimal(5)
