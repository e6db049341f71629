"""How fast could a pure-Python round trip of the benchmark case be? A floor, not a contender.

Run: ``python benchmarks/serialization_floor.py`` (no extras needed).

`serialization.py` times casekit's round trip. This script times, in the same process, what any
reader built on the standard library's ``json`` and these attrs classes must pay even if it
checked nothing at all:

- ``json.loads`` of the text with no hook (so no duplicate-key check);
- building every event and record: ``object.__new__`` and one slot store per field, with the
  values already in hand (no lookups, no checks, no enumerations, no codes);
- one pendulum ``DateTime`` per distinct timestamp, from ``datetime.fromisoformat``'s fields;
- rebuilding the case from its history, as ``from_json`` must (the document is the event log).

and, to write, what any writer pays even if the document's dicts cost nothing:

- ``datetime.isoformat`` of each distinct timestamp;
- ``json.dumps`` of the finished document (compact, as `to_json` writes it).

It compares the sum with the 250 us a round trip may take at 4,000 round trips per second, and
shows beside it the cheapest known form of one check casekit may not skip: refusing duplicate
keys, as a hook on ``json.loads`` (no compiled parser reports them).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any

import attrs
import pendulum

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import _timing  # the benchmarks folder is not a package
from _cases import benchmark_case  # the benchmarks folder is not a package

from casekit.case import Case, rebuild
from casekit.serialization import from_json, to_dict, to_json
from casekit.serialization._json import reject_constant, unique_keys

TARGET_US = 1e6 / 4000


def us(fn: Callable[[], object]) -> float:
    """Return microseconds per call of *fn*."""
    return 1e6 / _timing.measure(fn, seconds=1.0)


def _objects(value: object, found: list[object]) -> None:
    """Collect every attrs instance below *value*, children first."""
    if isinstance(value, tuple):
        for item in value:
            _objects(item, found)
    elif attrs.has(type(value)) and not isinstance(value, dt.datetime):
        for a in attrs.fields(type(value)):
            _objects(getattr(value, a.name), found)
        found.append(value)


def main() -> None:
    case = benchmark_case()
    text = to_json(case)
    assert from_json(text, Case) == case

    found: list[object] = []
    _objects(case.history, found)
    plans = []
    for obj in found:
        cls = type(obj)
        names = [a.name for a in attrs.fields(cls)]
        setters = [cls.__dict__[n].__set__ for n in names]
        plans.append((cls, list(zip(setters, [getattr(obj, n) for n in names], strict=True))))
    stamps = sorted({t.isoformat() for t in _datetimes(case.history)})

    new = object.__new__
    fromiso = dt.datetime.fromisoformat
    datetime = pendulum.DateTime

    def build() -> None:
        for cls, fields in plans:
            obj = new(cls)
            for setter, value in fields:
                setter(obj, value)

    def stamp() -> None:
        for s in stamps:
            d = fromiso(s)
            datetime(
                d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, tzinfo=d.tzinfo
            )

    document = {"schema_version": 1, **to_dict(case)}
    times = [pendulum.parse(s) for s in stamps]

    def dumps() -> str:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))

    def checked_loads() -> object:
        return json.loads(text, parse_constant=reject_constant, object_pairs_hook=unique_keys)

    parts = {
        "json.loads, no duplicate-key check": us(lambda: json.loads(text)),
        f"{len(plans)} objects built, no checks": us(build),
        f"{len(stamps)} timestamps made": us(stamp),
        "the case rebuilt from its history": us(lambda: rebuild(case.history)),
        f"{len(stamps)} timestamps written": us(lambda: [t.isoformat() for t in times]),
        "json.dumps of the finished document": us(dumps),
    }
    duplicate_check = us(checked_loads) - parts["json.loads, no duplicate-key check"]
    whole = us(lambda: from_json(to_json(case), Case))
    floor = sum(parts.values())
    for name, cost in parts.items():
        print(f"{name:40} {cost:7.1f} us")
    print(f"{'floor of a round trip, no checks':40} {floor:7.1f} us   ({1e6 / floor:,.0f}/s)")
    print(f"{'  + the duplicate-key check alone':40} {duplicate_check:7.1f} us")
    print(f"{'casekit round trip':40} {whole:7.1f} us   ({1e6 / whole:,.0f}/s)")
    print(f"{'4,000 round trips/s allows':40} {TARGET_US:7.1f} us")


def _datetimes(value: Any) -> list[dt.datetime]:
    if isinstance(value, dt.datetime):
        return [value]
    if isinstance(value, tuple):
        return [d for item in value for d in _datetimes(item)]
    if attrs.has(type(value)):
        return [d for a in attrs.fields(type(value)) for d in _datetimes(getattr(value, a.name))]
    return []


if __name__ == "__main__":
    main()
