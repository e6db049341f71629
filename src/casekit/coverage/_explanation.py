"""The traces of adjudicated lines, built from what adjudication recorded, on first use.

Adjudication records, for each decision, one of the two builders here and its arguments; the
decision builds its `Trace` from them the first time `Decision.trace` is read, as the rule
kernel's outcomes do, so adjudication that only needs the amounts pays nothing for traces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from casekit.rules import Evaluation, Trace

if TYPE_CHECKING:
    from decimal import Decimal

    from casekit.coverage._compiled import CBenefit
    from casekit.coverage._decision import Decision
    from casekit.coverage._policy import Authorization
    from casekit.money import Money

__all__ = ["BUILDERS", "trace_covered", "trace_stop"]

_COVERED: Final = "covered"  # Status.COVERED's value: _decision imports this module

_STEPS: Final = (
    "coverage_period",
    "benefit",
    "excluded",
    "network",
    "waiting_period",
    "medical_necessity_facts",
    "medical_necessity",
    "referral",
    "qualifying_stay",
    "authorization",
    "limits",
    "amount",
)


def _steps(cb: CBenefit | None, upto: str) -> list[str]:
    names: list[str] = []
    for step in _STEPS:
        if step == upto:
            break
        if _applies(cb, step):
            names.append(step)
    return names


def _applies(cb: CBenefit | None, step: str) -> bool:
    if step in ("coverage_period", "benefit", "excluded", "network"):
        return True
    assert cb is not None  # noqa: S101  # later steps run only with a benefit
    benefit = cb.benefit
    return {
        "waiting_period": bool(benefit.waiting_period_days),
        "medical_necessity_facts": cb.mn is not None,
        "medical_necessity": cb.mn is not None,
        "referral": benefit.referral,
        "qualifying_stay": benefit.qualifying_stay is not None,
        "authorization": benefit.prior_authorization,
        "limits": bool(cb.limits),
        "amount": False,  # only ever the step a line stops at
    }[step]


def _node(step: str, cb: CBenefit | None, decision: Decision, *, passed: bool) -> Trace:
    bid = "-" if cb is None else cb.id
    names = {
        "coverage_period": "date_in(on, coverage_period)",
        "benefit": f"benefit_matched({bid})",
        "excluded": f"not_excluded({bid})",
        "network": f"covered_at_tier({bid})",
        "waiting_period": f"after_waiting_period({bid})",
        "medical_necessity_facts": f"facts_known({bid})",
        "medical_necessity": f"medically_necessary({bid})",
        "referral": f"flag(referral)({bid})",
        "qualifying_stay": f"after_qualifying_stay({bid})",
        "authorization": "has_authorization(authorizations)",
        "limits": f"within_limits({bid})",
        "amount": f"priced({bid})",
    }
    decisive = not passed or decision.status == _COVERED  # a StrEnum: no .value lookup
    return Trace(names[step], passed=passed, decisive=decisive)


def trace_stop(decision: Decision, step: str, cb: CBenefit | None, detail: object = None) -> Trace:
    """Return the trace of a line that stopped at *step* (denied or pending)."""
    children = [_node(s, cb, decision, passed=True) for s in _steps(cb, step)]
    failed = _node(step, cb, decision, passed=False)
    if isinstance(detail, Evaluation):
        failed = Trace(failed.rule, passed=False, children=(detail.trace,))
    elif step == "limits" and isinstance(detail, tuple):
        assert cb is not None  # noqa: S101  # limits are a benefit's
        failed = Trace(failed.rule, passed=False, children=_limit_nodes(cb, detail))
    elif step == "medical_necessity_facts" and isinstance(detail, tuple):
        failed = Trace(failed.rule, passed=False, inputs=tuple(("missing", str(m)) for m in detail))
    children.append(failed)
    return _root(decision, children)


def _limit_nodes(cb: CBenefit, used: tuple[Decimal, ...]) -> tuple[Trace, ...]:
    """Return a node per limit of *cb*, given the amount each had used before the line."""
    return tuple(
        Trace(
            f"count_below({lim.counter}.{lim.measure_name}, {lim.max})",
            passed=u < lim.max,
            inputs=((f"{lim.counter}.{lim.measure_name}", str(u)),),
        )
        for lim, u in zip(cb.limits, used, strict=True)
    )


def trace_covered(
    decision: Decision,
    cb: CBenefit,
    mn: Evaluation | None,
    auth: Authorization | None,
    *limits: Decimal,
) -> Trace:
    """Return the trace of a covered line: the checks that passed, then the amounts."""
    children = []
    for step in _steps(cb, "end"):
        node = _node(step, cb, decision, passed=True)
        if step == "medical_necessity" and mn is not None:
            node = Trace(node.rule, passed=True, children=(mn.trace,))
        elif step == "authorization" and auth is not None:
            node = Trace(node.rule, passed=True, inputs=(("authorization", auth.id),))
        elif step == "limits":
            node = Trace(node.rule, passed=True, children=_limit_nodes(cb, limits))
        children.append(node)
    children.append(
        Trace(
            "cost_share",
            passed=True,
            inputs=tuple((name, str(value.amount)) for name, value in _amounts(decision)),
        )
    )
    return _root(decision, children)


BUILDERS: Final[tuple[Any, ...]] = (trace_stop, trace_covered)
"""The builders a decision's recorded explanation may name: fixed, never registered."""


def _amounts(decision: Decision) -> tuple[tuple[str, Money], ...]:
    return (
        ("billed", decision.billed),
        ("allowed", decision.allowed),
        ("deductible", decision.deductible),
        ("copay", decision.copay),
        ("coinsurance", decision.coinsurance),
        ("not_covered", decision.not_covered),
        ("balance_billed", decision.balance_billed),
        ("plan_paid", decision.plan_paid),
    )


def _root(decision: Decision, children: list[Trace]) -> Trace:
    return Trace(
        f"adjudicate(line {decision.line_number})",
        passed=decision.status == _COVERED,
        inputs=(("status", decision.status.value),),
        children=tuple(children),
    )
