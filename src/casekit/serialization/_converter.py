"""casekit's one cattrs converter, and the one place every hook is registered on it.

The converter is configured when it is first used, not when this package is imported: importing
a module changes nothing outside it (DESIGN.md). `configured` teaches it every form in
one go: JSON's scalars, casekit's values, the tagged unions of records, the forms of coverage's
`Decision` and period rules, and a case as its event log, whose fast reader and writer are then
made from the finished converter.

`casekit.coverage` imports this package (its loaders call `from_dict`), so this package cannot
import coverage when it is imported. It imports coverage's type modules inside `configured`
instead, by which time both are loaded: a type that is the subject of a call exists, so its
module has been imported.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
from decimal import Decimal
from typing import Any, Final, get_args

import cattrs
import pendulum
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from casekit.case import Case, CaseEvent, EventData, Payload
from casekit.codes import Code
from casekit.lifecycle._workflow import Workflow
from casekit.money import Money
from casekit.rules import Reason, Trace
from casekit.serialization import _case, _scalars, _values
from casekit.serialization._event_log import EventLog
from casekit.serialization._kinds import TAGGED, snake, teach_kinds
from casekit.serialization._problems import store_private_as

__all__ = ["configured", "converter"]

converter: Final = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
"""casekit's one cattrs converter, bare until `configured` is first called."""

_lock: Final = threading.Lock()
_ready = False


def configured() -> cattrs.Converter:
    """Return casekit's converter, configuring it on the first call (from any thread)."""
    if not _ready:
        _configure_once()
    return converter


def _configure_once() -> None:
    global _ready  # noqa: PLW0603  # set once, under the lock
    with _lock:
        if not _ready:
            _configure(converter)
            _ready = True


_OWN_FORMS: Final[frozenset[object]] = frozenset(
    {
        Decimal,
        dt.date,
        pendulum.Date,
        Money,
        Code,
        Trace,
        Reason,
        EventData,
        int | Money,
        Workflow,
        Case,
    }
)
"""The types given hooks of their own below: the event log reads and writes them with those."""


def _configure(c: cattrs.Converter) -> None:
    # StrEnum before str in the method resolution order, so these win over the str hooks.
    c.register_unstructure_hook(enum.StrEnum, _scalars.unstructure_enum)
    c.register_structure_hook(enum.StrEnum, _scalars.structure_enum)
    c.register_structure_hook(str, _scalars.structure_str)
    c.register_structure_hook(int, _scalars.structure_int)
    c.register_structure_hook(bool, _scalars.structure_bool)
    c.register_structure_hook(Decimal, _scalars.structure_decimal)
    c.register_unstructure_hook(Decimal, _scalars.unstructure_decimal)
    for date_type in (dt.date, pendulum.Date):
        c.register_structure_hook(date_type, _scalars.structure_date)
        c.register_unstructure_hook(date_type, _scalars.unstructure_date)
    for datetime_type in (dt.datetime, pendulum.DateTime):
        c.register_structure_hook(datetime_type, _scalars.structure_datetime)
        c.register_unstructure_hook(datetime_type, _scalars.unstructure_datetime)
    c.register_structure_hook(Money, _values.structure_money)
    c.register_unstructure_hook(Money, _values.unstructure_money)
    c.register_structure_hook(Code, _values.structure_code)
    c.register_unstructure_hook(Code, str)
    c.register_structure_hook(Trace, _values.structure_trace)
    c.register_unstructure_hook(Trace, _values.unstructure_trace)
    c.register_structure_hook(Reason, _values.structure_reason)
    c.register_unstructure_hook(Reason, _values.unstructure_reason)
    # Registered before the more specific tuple-typed hooks below: cattrs tries the most
    # recently registered predicate first.
    c.register_structure_hook_factory(_scalars.is_tuple_of, _scalars.tuple_hook_factory)
    c.register_structure_hook_factory(_scalars.is_scalar_union, _scalars.scalar_union_hook)
    c.register_structure_hook_func(lambda t: t == EventData, _values.structure_event_data)
    c.register_unstructure_hook_func(lambda t: t == EventData, dict)
    c.register_structure_hook_func(lambda t: t == int | Money, _values.structure_count_or_money)
    c.register_unstructure_hook(Workflow, _values.workflow_unwritable)
    teach_kinds(c, Payload, {snake(t): t for t in get_args(Payload)}, "kind")
    _configure_coverage(c)
    c.register_structure_hook(Case, _case.structure_case)
    c.register_unstructure_hook(Case, _case.unstructure_case)
    history = tuple[CaseEvent, ...]
    log = EventLog(c, _OWN_FORMS, TAGGED)
    _case.install(
        read_fast=log.history_reader(CaseEvent),
        write_text=log.history_text_writer(CaseEvent),
        read_general=c.get_structure_hook(history),
        write_general=c.get_unstructure_hook(history),
    )


def _configure_coverage(c: cattrs.Converter) -> None:
    # Imported here, not at the top: casekit.coverage imports this package (see above).
    from casekit.coverage._benefit import PeriodRule  # noqa: PLC0415
    from casekit.coverage._decision import Decision  # noqa: PLC0415

    # A period rule travels tagged by its kind: calendar_year, plan_year, lifetime,
    # spell_of_illness.
    teach_kinds(c, PeriodRule, {snake(t): t for t in get_args(PeriodRule)}, "kind")
    # A decision travels with its trace built (key "trace"); the lazy record stays inside.
    base = make_dict_unstructure_fn(Decision, c, _explain=override(omit=True))

    def unstructure_decision(d: Decision) -> dict[str, Any]:
        return {**base(d), "trace": c.unstructure(d.trace, Trace)}

    c.register_unstructure_hook(Decision, unstructure_decision)
    store_private_as("_explain", "trace")
    c.register_structure_hook(
        Decision,
        make_dict_structure_fn(
            Decision,
            c,
            _cattrs_forbid_extra_keys=True,
            _explain=override(rename="trace", struct_hook=c.get_structure_hook(Trace)),
        ),
    )
