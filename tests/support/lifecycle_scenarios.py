"""Small workflows and subjects shared by the lifecycle tests.

* ``pair_workflow(**guards)`` has one event, ``finish``, from ``open`` to ``done``, running the
  guards given in their order; only a guard named ``soft`` may be overridden. ``opened_under``
  opens a case under it.
* `Lamp` is a subject that is not a case, with a `Light` status, for `advance`.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs
import pendulum

from casekit.case import CareModel, Case
from casekit.lifecycle import EventContext, State, StateCategory, Transition, Workflow, open_case
from casekit.people import CaseManager, Patient, PersonName
from casekit.rules import Reason

AT = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
LATER = AT.add(hours=1)
PATIENT = Patient("pt-1", PersonName("Synthetic"), pendulum.date(1990, 1, 1))
SOFT = Reason.of("custom.soft")
HARD = Reason.of("custom.hard")


def refusing(reason: Reason) -> Any:
    """Return a guard that always refuses with *reason*."""

    def guard(_case: Case, _context: EventContext) -> tuple[Reason, ...]:
        return (reason,)

    return guard


def pair_workflow(**guards: Any) -> Workflow[Case]:
    """Two states; "finish" runs the guards in the order given; only "soft" is overridable."""
    return Workflow(
        "pair",
        (
            State("open", StateCategory.ACTIVE, initial=True),
            State("done", StateCategory.DONE, final=True),
        ),
        (
            Transition(
                "finish",
                ("open",),
                "done",
                guards=tuple(guards),
                overridable=("soft",) if "soft" in guards else (),
            ),
        ),
        guards=guards,
    )


def opened_under(workflow: Workflow[Case], **kwargs: Any) -> Case:
    """Return case c-1 opened at `AT` by cm-1 under *workflow*."""
    return open_case(
        "c-1",
        patient=PATIENT,
        manager=CaseManager("cm-1"),
        model=CareModel.CLINICAL,
        at=AT,
        by="cm-1",
        workflow=workflow,
        **kwargs,
    )


class Light(enum.StrEnum):
    """A status for a test subject."""

    RED = "red"
    GREEN = "green"


@attrs.frozen
class Lamp:
    """A test subject."""

    status: Light = Light.RED
