"""Round trips of a case to JSON text and back: casekit, a default cattrs converter, pydantic v2.

Run: ``python benchmarks/serialization.py`` (peers come with ``pip install -e '.[bench]'``).

The case holds a patient, 5 assessments, 10 referrals and 20 contacts: 36 events in its history,
each record carried once (casekit's form is the event log). Every contender writes and reads
that same document shape. casekit's numbers include its strict checks (unknown keys, naive
datetimes, float money) and rebuilding the case from its history.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Literal

import cattrs
import pendulum
from cattrs.strategies import configure_tagged_union

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import _timing  # the benchmarks folder is not a package
from _cases import benchmark_case  # the benchmarks folder is not a package

from casekit.case import Case, CaseEvent, EventData, Payload, rebuild
from casekit.codes import Code
from casekit.serialization import from_json, to_json
from casekit.serialization._kinds import snake


def measure(fn: Callable[[], object], *, seconds: float = 2.0) -> float:
    """Return calls per second of *fn* (see _timing.measure)."""
    return _timing.measure(fn, seconds=seconds)


def default_cattrs() -> Callable[[], object]:
    """cattrs' stock Converter, taught only what it cannot know (pendulum, Decimal, Code)."""
    c = cattrs.Converter()
    c.register_structure_hook(pendulum.DateTime, lambda v, _: pendulum.parse(v))
    c.register_structure_hook(dt.datetime, lambda v, _: pendulum.parse(v))
    c.register_unstructure_hook(dt.datetime, lambda v: v.isoformat())
    c.register_structure_hook(dt.date, lambda v, _: pendulum.parse(v).date())
    c.register_unstructure_hook(dt.date, lambda v: v.isoformat())
    c.register_structure_hook(Decimal, lambda v, _: Decimal(v))
    c.register_unstructure_hook(Decimal, str)
    c.register_structure_hook(Code, lambda v, _: Code.parse(v))
    c.register_unstructure_hook(Code, str)
    c.register_structure_hook_func(lambda t: t == EventData, lambda v, _: tuple(sorted(v.items())))
    c.register_unstructure_hook_func(lambda t: t == EventData, dict)
    configure_tagged_union(Payload, c, tag_name="kind", tag_generator=snake)
    case = benchmark_case()
    history_type = tuple[CaseEvent, ...]
    c.register_structure_hook_func(
        lambda t: t == Payload | None, lambda v, _: None if v is None else c.structure(v, Payload)
    )
    c.register_unstructure_hook_func(
        lambda t: t == Payload | None, lambda v: None if v is None else c.unstructure(v, Payload)
    )

    def round_trip() -> Case:
        text = json.dumps({"id": case.id, "history": c.unstructure(case.history, history_type)})
        data = json.loads(text)
        return rebuild(c.structure(data["history"], history_type))

    assert round_trip() == case
    return round_trip


def pydantic_models() -> Callable[[], object] | None:
    """pydantic v2 models of the same document shape."""
    try:
        from pydantic import BaseModel, ConfigDict, Field  # optional peer
    except ImportError:
        return None

    class M(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    class Name(M):
        family: str
        given: tuple[str, ...] = ()
        prefix: tuple[str, ...] = ()

    class CP(M):
        system: str
        value: str
        use: str | None = None

    class Ident(M):
        system: str
        value: str

    class Pat(M):
        id: str
        name: Name
        birth_date: dt.date
        sex: str
        language: str
        contact_points: tuple[CP, ...]
        identifiers: tuple[Ident, ...]

    class Lic(M):
        credential: str
        status: str
        expires_on: dt.date | None

    class Mgr(M):
        id: str
        credentials: tuple[str, ...]
        licences: tuple[Lic, ...]
        case_management_share: Decimal

    class Team(M):
        members: tuple[dict[str, str], ...]

    class Opening(M):
        kind: Literal["opening"]
        case_id: str
        patient: Pat
        manager: Mgr
        model: str
        workflow: str
        team: Team
        fingerprint: str | None

    class NeedM(M):
        domain: str
        priority: str
        description: str
        id: str | None

    class StrengthM(M):
        source: str
        description: str
        id: str | None

    class AssessmentM(M):
        kind: Literal["assessment"]
        id: str
        at: dt.datetime
        by: str
        needs: tuple[NeedM, ...]
        strengths: tuple[StrengthM, ...]
        risk: str | None
        tools: tuple[str, ...]

    class ReferralM(M):
        kind: Literal["referral"]
        id: str
        to: str
        requested_at: dt.datetime
        service: str | None
        reason: str
        status: str
        goal_ids: tuple[str, ...]
        need_ids: tuple[str, ...]

    class ContactM(M):
        kind: Literal["contact"]
        id: str
        mode: str
        at: dt.datetime
        duration_minutes: int
        by: str
        with_whom: tuple[str, ...]

    class Event(M):
        seq: int
        event_id: str
        name: str
        from_state: str | None
        to_state: str
        at: dt.datetime
        recorded_at: dt.datetime
        by: str
        data: dict[str, str | int | bool | None]
        payload: (
            Annotated[Opening | AssessmentM | ReferralM | ContactM, Field(discriminator="kind")]
            | None
        )
        override_reason: str | None

    class CaseDoc(M):
        schema_version: int
        id: str
        history: tuple[Event, ...]

    text = to_json(benchmark_case())
    model = CaseDoc.model_validate_json(text)

    def round_trip() -> object:
        return CaseDoc.model_validate_json(model.model_dump_json())

    round_trip()
    return round_trip


def main() -> None:
    case = benchmark_case()
    text = to_json(case)
    assert from_json(text, Case) == case

    def casekit_round_trip() -> Case:
        return from_json(to_json(case), Case)

    results = {
        "casekit": measure(casekit_round_trip),
        "cattrs (default Converter)": measure(default_cattrs()),
    }
    pyd = pydantic_models()
    if pyd is not None:
        results["pydantic v2"] = measure(pyd)
    print(f"document: {len(text):,} characters, {len(case.history)} events")
    base = results["casekit"]
    for name, rate in results.items():
        print(f"{name:28} {rate:9,.0f} round trips/s   casekit is {base / rate:5.2f}x its speed")


if __name__ == "__main__":
    main()
