"""A guarded, audited case transition: casekit against transitions, python-statemachine, automat
and a hand-written baseline, in one run.

Run: ``python benchmarks/lifecycle.py`` (peers: ``pip install 'transitions>=0.9,<0.10'
'python-statemachine>=3,<4' automat``). automat is measured through both its APIs:
``TypeMachine`` (its fastest) and ``MethodicalMachine``. The last line gives casekit's ratio to
the hand-written floor: a frozen attrs case replaced with a new state and one appended event.

Every contender does the same work per transition: find the transition for (state, event),
run a guard that reads the case (the care plan has a goal and an intervention), and record an
audit entry (event, from, to, time, actor). casekit and the baseline return a *new* immutable
case each time; the peers mutate their model in place (they have no other mode), which favours
them. The peers run a two-step cycle (approve, revise) and report per transition.

Instructions: ``python benchmarks/lifecycle.py --count NAME N`` runs N transitions of one
contender (NAME: apply, floor, typed, methodical) and nothing else, for a count that does not
depend on the machine's load. Run it under ``valgrind --tool=callgrind`` with N and with 0,
``PYTHONHASHSEED=0`` both times, and divide the difference by N: the instructions one
transition takes.

Memory: the marginal bytes of one more live case after one transition, all cases sharing one
workflow (tracemalloc). For casekit that includes the Case, its two events, its ids and the
opening record; the patient and manager objects are shared (the engine's own cost), and a second
figure gives each case its own synthetic patient.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any, NamedTuple

import _timing  # the benchmarks folder is on sys.path when run as a script
import attrs
import pendulum

from casekit.case import CareModel
from casekit.lifecycle import STANDARD, apply, open_case
from casekit.lifecycle.examples import example_case
from casekit.people import CaseManager, Patient, PersonName

AT = pendulum.datetime(2025, 3, 20, 9, tz="UTC")
N_MEMORY = 2000
ROUNDS = 6


def measure(fn: Callable[[], object], *, seconds: float = 1.5) -> float:
    """Return calls per second of *fn* (see _timing.measure)."""
    return _timing.measure(fn, seconds=seconds)


def per_case(make: Callable[[int], object]) -> float:
    """Return the marginal bytes of one more live object built by *make*."""
    make(0)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = [make(i) for i in range(1, N_MEMORY + 1)]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return (after - before) / N_MEMORY


# casekit ------------------------------------------------------------------------------------


def casekit_transition() -> Callable[[], object]:
    case = example_case("planning")  # has an actionable care plan; approve_plan is guarded
    at = case.history[-1].at.add(hours=1)

    def run() -> object:
        return apply(case, "approve_plan", at=at, by="cm-1")

    new = run()
    assert new.state == "implementing"
    assert new.history[-1].name == "approve_plan"
    return run


PATIENT = Patient("pt-1", PersonName("Synthetic"), pendulum.date(1961, 4, 2))
MANAGER = CaseManager("cm-1")


def casekit_case(i: int, *, own_patient: bool = False) -> object:
    patient = (
        Patient(f"pt-{i}", PersonName("Synthetic"), pendulum.date(1961, 4, 2))
        if own_patient
        else PATIENT
    )
    case = open_case(
        f"case-{i}", patient=patient, manager=MANAGER, model=CareModel.CLINICAL, at=AT, by="cm-1"
    )
    return apply(case, "start_screening", at=AT, by="cm-1")


# hand-written baseline ----------------------------------------------------------------------


@attrs.frozen
class BaseCase:
    id: str
    state: str
    plan_ok: bool
    history: tuple[tuple[str, str, str, object, str], ...]


def _plan_ok(case: BaseCase) -> bool:
    return case.plan_ok


BASE_TABLE = {("planning", "approve_plan"): ("implementing", _plan_ok)}


def baseline_apply(case: BaseCase, event: str, at: object, by: str) -> BaseCase:
    target, guard = BASE_TABLE[case.state, event]
    if not guard(case):
        raise ValueError(event)
    entry = (event, case.state, target, at, by)
    return BaseCase(case.id, target, case.plan_ok, (*case.history, entry))


def baseline_transition() -> Callable[[], object]:
    case = BaseCase("case-1", "planning", plan_ok=True, history=())

    def run() -> object:
        return baseline_apply(case, "approve_plan", AT, "cm-1")

    return run


def baseline_case(i: int) -> object:
    case = BaseCase(
        f"case-{i}", "planning", plan_ok=True, history=(("opened", "", "planning", AT, "cm-1"),)
    )
    return baseline_apply(case, "approve_plan", AT, "cm-1")


# transitions --------------------------------------------------------------------------------


class Audit(NamedTuple):
    event: str
    source: str
    target: str
    at: object
    by: str


class TransitionsModel:
    def __init__(self) -> None:
        self.plan_ok = True
        self.log: list[Audit] = []

    def guard(self, *_: Any, **__: Any) -> bool:
        return self.plan_ok

    def audit(self, event: Any) -> None:
        self.log.append(
            Audit(event.event.name, event.transition.source, event.transition.dest, AT, "cm-1")
        )


def transitions_machine() -> TransitionsModel:
    from transitions import Machine

    model = TransitionsModel()
    Machine(
        model=model,
        states=["planning", "implementing", "closed"],
        transitions=[
            {"trigger": "approve_plan", "source": "planning", "dest": "implementing",
             "conditions": "guard", "after": "audit"},
            {"trigger": "revise_plan", "source": "implementing", "dest": "planning",
             "conditions": "guard", "after": "audit"},
            {"trigger": "close", "source": ["planning", "implementing"], "dest": "closed"},
        ],
        initial="planning",
        auto_transitions=False,
        send_event=True,
    )  # fmt: skip
    return model


def transitions_transition() -> Callable[[], object]:
    model: Any = transitions_machine()

    def run() -> object:
        model.approve_plan()
        return model.revise_plan()

    return run


# python-statemachine ------------------------------------------------------------------------


def statemachine_class() -> type:
    from statemachine import State, StateMachine

    class CaseMachine(StateMachine):  # type: ignore[misc]
        planning = State(initial=True)
        implementing = State()
        closed = State(final=True)
        approve_plan = planning.to(implementing, cond="guard", after="audit")
        revise_plan = implementing.to(planning, cond="guard", after="audit")
        close = planning.to(closed) | implementing.to(closed)

        def __init__(self) -> None:
            self.plan_ok = True
            self.log: list[Audit] = []
            super().__init__()

        def guard(self) -> bool:
            return self.plan_ok

        def audit(self, event: str, source: Any, target: Any) -> None:
            self.log.append(Audit(event, source.id, target.id, AT, "cm-1"))

    return CaseMachine


def statemachine_transition() -> Callable[[], object]:
    sm = statemachine_class()()

    def run() -> object:
        sm.send("approve_plan")
        return sm.send("revise_plan")

    return run


# automat ------------------------------------------------------------------------------------


def automat_class() -> type:  # noqa: C901  # one class body: automat declares by decorated methods
    from automat import MethodicalMachine

    class AutomatCase:
        _m = MethodicalMachine()

        def __init__(self) -> None:
            self.plan_ok = True
            self.log: list[Audit] = []

        @_m.state(initial=True)
        def planning(self) -> None:
            """Writing the plan."""

        @_m.state()
        def implementing(self) -> None:
            """Carrying it out."""

        @_m.input()
        def _approve(self) -> None:
            """Approve the plan."""

        @_m.input()
        def _revise(self) -> None:
            """Revise the plan."""

        @_m.output()
        def _audit_approve(self) -> None:
            self.log.append(Audit("approve_plan", "planning", "implementing", AT, "cm-1"))

        @_m.output()
        def _audit_revise(self) -> None:
            self.log.append(Audit("revise_plan", "implementing", "planning", AT, "cm-1"))

        planning.upon(_approve, enter=implementing, outputs=[_audit_approve])
        implementing.upon(_revise, enter=planning, outputs=[_audit_revise])

        # automat has no guards: the guard runs before the input, as its docs advise.
        def approve_plan(self) -> None:
            if self.plan_ok:
                self._approve()

        def revise_plan(self) -> None:
            if self.plan_ok:
                self._revise()

    return AutomatCase


def automat_transition() -> Callable[[], object]:
    obj = automat_class()()

    def run() -> object:
        obj.approve_plan()
        obj.revise_plan()
        return obj

    return run


def automat_typed_class() -> Callable[[], Any]:
    from typing import Protocol

    from automat import TypeMachineBuilder

    class Inputs(Protocol):
        def approve_plan(self) -> None: ...
        def revise_plan(self) -> None: ...

    class Core:
        def __init__(self) -> None:
            self.plan_ok = True
            self.log: list[Audit] = []

    builder = TypeMachineBuilder(Inputs, Core)
    planning = builder.state("planning")
    implementing = builder.state("implementing")

    # automat has no guards: the behaviour checks first, and refuses by raising.
    @planning.upon(Inputs.approve_plan).to(implementing)
    def approve(_inputs: Inputs, core: Core) -> None:
        if not core.plan_ok:
            raise ValueError("approve_plan")
        core.log.append(Audit("approve_plan", "planning", "implementing", AT, "cm-1"))

    @implementing.upon(Inputs.revise_plan).to(planning)
    def revise(_inputs: Inputs, core: Core) -> None:
        if not core.plan_ok:
            raise ValueError("revise_plan")
        core.log.append(Audit("revise_plan", "implementing", "planning", AT, "cm-1"))

    machine = builder.build()
    return lambda: machine(Core())


def automat_typed_transition() -> Callable[[], object]:
    obj = automat_typed_class()()

    def run() -> object:
        obj.approve_plan()
        obj.revise_plan()
        return obj

    return run


def speed() -> set[str]:
    """Print transitions per second side by side; return the peers that are installed."""
    contenders: list[tuple[str, Callable[[], Callable[[], object]], int]] = [
        ("casekit.lifecycle.apply", casekit_transition, 1),
        ("hand-written baseline", baseline_transition, 1),
    ]
    for name, maker in (
        ("transitions 0.9", transitions_transition),
        ("python-statemachine 3", statemachine_transition),
        ("automat TypeMachine", automat_typed_transition),
        ("automat MethodicalMachine", automat_transition),
    ):
        try:
            maker()
        except ImportError:
            print(f"{name}: not installed, skipped")
            continue
        contenders.append((name, maker, 2))
    # Rounds interleave the contenders, and each keeps its best round: on a busy machine this
    # compares them under the same load rather than at different moments.
    runs = [(name, maker(), per_call) for name, maker, per_call in contenders]
    rates: dict[str, float] = dict.fromkeys((name for name, _, _ in runs), 0.0)
    for _ in range(ROUNDS):
        for name, run, per_call in runs:
            rates[name] = max(rates[name], measure(run, seconds=0.4) * per_call)
    ours = rates["casekit.lifecycle.apply"]
    print(f"\n{'guarded, audited transition':34} {'ops/s':>12} {'us/op':>8} {'casekit is':>12}")
    for name, rate in rates.items():
        print(f"{name:34} {rate:12,.0f} {1e6 / rate:8.2f} {ours / rate:11.2f}x")
    floor = rates["hand-written baseline"]
    print(f"casekit's apply takes {floor / ours:.2f}x the time of the hand-written floor")
    return set(rates)


def one_transitions(_: int) -> object:
    model: Any = transitions_machine()
    model.approve_plan()
    return model


def memory(installed: set[str]) -> None:
    """Print the marginal bytes per live case."""
    print(f"\n{'memory per live case (1 transition)':40} {'bytes':>8}")
    rows: list[tuple[str, Callable[[int], object]]] = [
        ("casekit (shared patient/manager)", casekit_case),
        ("casekit (own synthetic patient)", lambda i: casekit_case(i, own_patient=True)),
        ("hand-written baseline", baseline_case),
    ]
    if "transitions 0.9" in installed:
        rows.append(("transitions 0.9 (Machine per model)", one_transitions))
    if "python-statemachine 3" in installed:
        sm_class = statemachine_class()

        def one_statemachine(_: int) -> object:
            sm = sm_class()
            sm.send("approve_plan")
            return sm

        rows.append(("python-statemachine 3", one_statemachine))
    if "automat TypeMachine" in installed:
        typed = automat_typed_class()

        def one_typed(_: int) -> object:
            obj = typed()
            obj.approve_plan()
            return obj

        rows.append(("automat TypeMachine", one_typed))
    if "automat MethodicalMachine" in installed:
        automat = automat_class()

        def one_automat(_: int) -> object:
            obj = automat()
            obj.approve_plan()
            return obj

        rows.append(("automat MethodicalMachine", one_automat))
    for name, make in rows:
        print(f"{name:40} {per_case(make):8,.0f}")


COUNTED: dict[str, tuple[Callable[[], Callable[[], object]], int]] = {
    "apply": (casekit_transition, 1),
    "floor": (baseline_transition, 1),
    "typed": (automat_typed_transition, 2),
    "methodical": (automat_transition, 2),
}
"""The contenders --count runs, with the transitions one call makes."""


def count(name: str, n: int) -> None:
    """Run *n* transitions of contender *name* after a warm-up (see the module docstring)."""
    maker, per_call = COUNTED[name]
    run = maker()
    for _ in range(100):
        run()
    for _ in range(n // per_call):
        run()


def main() -> None:
    warnings.simplefilter("ignore")
    if sys.argv[1:2] == ["--count"]:
        count(sys.argv[2], int(sys.argv[3]))
        return
    print(f"Python {sys.version.split()[0]}; workflow {STANDARD.id!r}")
    memory(speed())


if __name__ == "__main__":
    main()
