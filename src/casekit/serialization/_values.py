"""casekit's own values in JSON: money, codes, reasons, traces, event data, a limit's maximum.

Each has one form, read strictly and written back the same: money as
``{"amount": "12.50", "currency": "USD"}``, a code as ``"CPT|99213"``, a reason as
``{"code": ..., "params": {...}}``, event data and reason parameters as objects.
"""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Any, Final

from casekit import _validate as v
from casekit.case import EventData
from casekit.codes import Code
from casekit.errors import InvalidInputError, Problem
from casekit.lifecycle._workflow import Workflow
from casekit.money import CURRENCY_MINOR_UNITS, Money
from casekit.rules import Reason, Trace
from casekit.serialization._problems import UNKNOWN_KEY, Refusal, join, kind_of
from casekit.serialization._scalars import DECIMAL, unstructure_decimal

__all__ = [
    "structure_code",
    "structure_count_or_money",
    "structure_event_data",
    "structure_money",
    "structure_reason",
    "structure_trace",
    "unstructure_money",
    "unstructure_reason",
    "unstructure_trace",
    "workflow_unwritable",
]


def structure_money(value: object, _: type) -> Money:
    """Read money, listing every problem with its amount and currency."""
    if type(value) is not dict:
        raise Refusal("type", 'must be an object such as {"amount": "12.50", "currency": "USD"}')
    problems: list[Problem] = []
    extra = sorted(set(value) - {"amount", "currency"})
    problems.extend(Problem(v.shown_key(k), "unknown_key", UNKNOWN_KEY) for k in extra)
    amount = value.get("amount")
    currency = value.get("currency")
    if amount is None:
        problems.append(Problem("amount", "missing", "is required"))
    elif type(amount) is not str or not DECIMAL.fullmatch(amount):
        problems.append(
            Problem(
                "amount",
                "float" if type(amount) is float else "decimal_format",
                f'must be a decimal string such as "12.50", not {kind_of(amount)}'
                if type(amount) is not str
                else 'must be a decimal string such as "12.50" or "-3"',
            )
        )
    if currency is None:
        problems.append(Problem("currency", "missing", "is required"))
    elif currency not in CURRENCY_MINOR_UNITS:
        problems.append(
            Problem("currency", "currency", "must be an ISO 4217 code in capitals such as USD")
        )
    if problems:
        raise InvalidInputError(problems)
    return Money(Decimal(typing.cast("str", amount)), typing.cast("str", currency))


def unstructure_money(value: Money) -> dict[str, str]:
    """Write money as its amount's text and its currency."""
    return {"amount": unstructure_decimal(value.amount), "currency": value.currency}


def structure_code(value: object, _: type) -> Code:
    """Read a code from its text, such as ``"CPT|99213"``."""
    if type(value) is not str:
        raise Refusal("type", f'must be a code string such as "CPT|99213", not {kind_of(value)}')
    return Code.parse(value)


def _structure_pairs(value: object, kinds: tuple[type, ...], what: str) -> tuple[Any, ...]:
    if type(value) is not dict:
        raise Refusal("type", f"must be an object of names to {what}")
    for key, item in value.items():
        if type(item) not in kinds:
            raise InvalidInputError.one(v.shown_key(key), "type", f"must be {what}")
    return tuple(sorted(value.items()))


def structure_event_data(value: object, _: type) -> EventData:
    """Read an event's data: an object of names to text, numbers, true/false or null."""
    return _structure_pairs(
        value, (str, int, bool, type(None)), "text, a number, true/false or null"
    )


def structure_reason(value: object, _: type) -> Reason:
    """Read a reason: its code and its parameters."""
    if type(value) is not dict:
        raise Refusal("type", "must be an object with a code and params")
    extra = set(value) - {"code", "params"}
    if extra:
        raise InvalidInputError(
            [Problem(v.shown_key(k), "unknown_key", UNKNOWN_KEY) for k in sorted(extra)]
        )
    if "code" not in value:
        raise InvalidInputError.one("code", "missing", "is required")
    code = value["code"]
    if type(code) is not str:
        raise InvalidInputError.one("code", "type", "must be a string")
    params = _structure_pairs(value.get("params", {}), (str, int), "text or a whole number")
    return Reason(code, params)


def unstructure_reason(value: Reason) -> dict[str, object]:
    """Write a reason as its code and an object of its parameters."""
    return {"code": value.code, "params": dict(value.params)}


def structure_count_or_money(value: object, _: type) -> int | Money:
    """Read a limit's maximum: a count of visits, days or units, or an amount of money."""
    if type(value) is int:
        return value
    if type(value) is dict:
        return structure_money(value, Money)
    raise Refusal(
        "type", 'must be a whole number, or money such as {"amount": "500", "currency": "USD"}'
    )


def workflow_unwritable(_value: Workflow[Any]) -> None:
    """Refuse to write a workflow: its guards are functions."""
    raise InvalidInputError.one(
        "$",
        "type",
        "a Workflow holds guard functions, which JSON cannot hold; write its definition with "
        "casekit.lifecycle.dump_workflow",
    )


def unstructure_trace(value: Trace) -> dict[str, Any]:
    """Write a trace and its children."""
    return {
        "rule": value.rule,
        "passed": value.passed,
        "decisive": value.decisive,
        "inputs": [list(pair) for pair in value.inputs],
        "children": [unstructure_trace(child) for child in value.children],
    }


_TRACE_KEYS: Final = frozenset({"rule", "passed", "decisive", "inputs", "children"})


def structure_trace(value: object, _: type) -> Trace:
    """Read a trace and its children."""
    if type(value) is not dict:
        raise Refusal("type", "must be an object with rule, passed, decisive, inputs, children")
    extra = sorted(map(str, set(value) - _TRACE_KEYS))
    if extra:
        raise InvalidInputError(Problem(v.shown_key(k), "unknown_key", UNKNOWN_KEY) for k in extra)
    inputs = value.get("inputs", [])
    children = value.get("children", [])
    if type(inputs) is not list or not all(type(p) is list and len(p) == 2 for p in inputs):  # noqa: PLR2004  # pairs
        raise InvalidInputError.one("inputs", "type", "must be a list of [name, text] pairs")
    if type(children) is not list:
        raise InvalidInputError.one("children", "type", "must be a list of traces")
    kids = []
    for index, child in enumerate(children):
        try:
            kids.append(structure_trace(child, Trace))
        except Refusal as exc:
            raise InvalidInputError.one(f"children[{index}]", exc.code, exc.message) from None
        except InvalidInputError as exc:
            raise InvalidInputError(
                Problem(join(f"children[{index}]", p.path), p.code, p.message) for p in exc.problems
            ) from None
    return Trace(
        value.get("rule"),  # type: ignore[arg-type]  # Trace checks every part itself
        value.get("passed"),  # type: ignore[arg-type]
        value.get("decisive", True),
        tuple(tuple(p) for p in inputs),
        tuple(kids),
    )
