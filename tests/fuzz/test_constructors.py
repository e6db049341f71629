"""Fuzzing every public constructor with awkward values, then the serialisation of what it builds.

Each exported attrs class starts from a valid instance (the synthetic world of ``world.py``,
which holds one of each, or a `casekit.testing.strategies` draw), has one field replaced by a
value from `POOL` (None, huge and negative numbers, NaN, odd text, wrong containers, a naive
datetime, ...) through `attrs.evolve`, which re-runs the validators, and must be refused with a
clean `CaseKitError` or built. What is built goes through `to_json` and `from_json`, which may
refuse it cleanly, or must give back an equal value. The public verbs (open_case, apply, check,
adjudicate, check_coverage, the periods functions, Money arithmetic, the rule constructors,
load_rules) get the same values. A clean refusal names a field and shows no personal value.
Valid instances, precise Decimals the constructors accept and Money arithmetic near its limit
must round-trip or be refused outright, never returned in a form casekit cannot read back.

The 25 defects it found when it was written are fixed. A defect found later is listed in
`DEFECTS` and its cases marked ``xfail(strict=True)`` until it is fixed; a fixed case still
listed fails (XPASS), so the table never outlives its defects.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import importlib.util
import operator
import typing
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, Final, NamedTuple

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mutations import deep_list, paths, replaced, texts_of
from world import BIRTH_DATE, BIRTH_YEAR, MARK, build_world, instances

from casekit.case import CareModel, Case
from casekit.codes import CodeSet, CodeSystem
from casekit.coverage import (
    Accumulators,
    Policy,
    Service,
    ServiceLine,
    adjudicate,
    check_coverage,
)
from casekit.errors import CaseKitError
from casekit.lifecycle import Workflow, apply, check, open_case
from casekit.lifecycle.examples import example_case
from casekit.money import Money
from casekit.people import CaseManager, Licence, Patient, PersonName
from casekit.periods import (
    CalendarYear,
    DateRange,
    HolidayCalendar,
    PlanYear,
    add_business_days,
    business_days_between,
)
from casekit.rules import (
    DatedParameter,
    ParameterHistory,
    Reason,
    Rule,
    age_between,
    all_of,
    amount_at_most,
    any_of,
    code_in,
    count_below,
    date_in,
    dump_rules,
    flag,
    has_authorization,
    load_parameter_table,
    load_rules,
    load_rules_yaml,
    not_,
    predicate,
    sex_in,
)
from casekit.serialization import from_json, to_json
from casekit.testing import strategies as cks

# --- the awkward values ------------------------------------------------------------------------

PERSONAL: Final = "ZZMARKERZZ"
"""A synthetic personal value (a name or member id) that no error text may repeat."""

GRID_MARKS: Final = (MARK, PERSONAL, BIRTH_YEAR)
# A verb given 100,000 items may name item 1917 in a path, so verbs look for the whole date.
VERB_MARKS: Final = (MARK, PERSONAL, BIRTH_DATE.isoformat())


class _Text(str):
    """A str subclass: casekit keeps exact types, so it must refuse or store it cleanly."""

    __slots__ = ()


class _Number(enum.IntEnum):
    ONE = 1


POOL: Final[dict[str, object]] = {
    "none": None,
    "true": True,
    "zero": 0,
    "minus_one": -1,
    "two_pow_53": 2**53,
    "minus_two_pow_53": -(2**53),
    "ten_pow_5000": 10**5000,
    "float_1_5": 1.5,
    "float_nan": float("nan"),
    "float_inf": float("inf"),
    "decimal_nan": Decimal("NaN"),
    "decimal_huge": Decimal("1E+999999"),
    "decimal_minus_zero": Decimal("-0"),
    "empty_str": "",
    "blank_str": " ",
    "long_str": "x" * 100_000,
    "nul_str": "a\x00b",
    "lone_surrogate": "\ud800",
    "str_subclass": _Text(PERSONAL),
    "int_enum": _Number.ONE,
    "empty_list": [],
    "empty_dict": {},
    "empty_tuple": (),
    "deep_list": deep_list(5000),
    "bare_object": object(),
    "naive_datetime": pendulum.naive(2025, 3, 4, 9, 30),
    "aware_datetime": pendulum.datetime(2025, 3, 4, 9, 30, tz="UTC"),
    "stdlib_date": dt.date(2025, 3, 4),
    "bytes": b"bytes",
    "marker": PERSONAL,
    "marker_ctrl": f"{PERSONAL} Ana\x00",
}
VALUES: Final = tuple(POOL)

ALL: Final = frozenset(POOL)


class Defect(NamedTuple):
    """Cases one defect breaks: a ``Class.field`` (or verb) and the POOL keys that show it."""

    where: str
    values: frozenset[str]
    reason: str


# Each defect the fuzzing found was fixed in the release that added this file; a new one is
# listed here, as Defect("Class.field" or "verb.arg", the POOL keys that show it, why), until
# it is fixed. Strict: a fixed case that is still listed fails.
DEFECTS: Final[tuple[Defect, ...]] = ()


def _xfails(defects: Iterable[Defect]) -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for d in defects:
        assert d.values <= ALL, sorted(d.values - ALL)
        for value in d.values:
            assert (d.where, value) not in table, (d.where, value)
            table[d.where, value] = d.reason
    return table


XFAIL: Final = _xfails(DEFECTS)


def _param(where: str, value: str, *args: object) -> Any:
    reason = XFAIL.get((where, value))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(*args, value, id=f"{where}-{value}", marks=marks)


# --- the classes and their valid instances -----------------------------------------------------

MODULES: Final = (
    "casekit",
    "casekit.case",
    "casekit.people",
    "casekit.money",
    "casekit.codes",
    "casekit.periods",
    "casekit.assessment",
    "casekit.careplan",
    "casekit.coverage",
    "casekit.rules",
    "casekit.lifecycle",
    "casekit.identifiers",
    "casekit.ccm",
)


def exported_attrs_classes() -> list[type]:
    """Return every attrs class in the ``__all__`` of casekit and its main modules."""
    found: dict[type, None] = {}
    for name in MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if isinstance(obj, type) and attrs.has(obj):
                found[obj] = None
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


CLASSES: Final = exported_attrs_classes()
SEEDS: Final = instances(build_world())

# Generic classes are read with the parameter casekit itself uses (load_parameter_table).
READ_AS: Final[dict[type, Any]] = {
    DatedParameter: DatedParameter[Money],
    ParameterHistory: ParameterHistory[Money],
}


def _fields(cls: type) -> Iterator[attrs.Attribute[Any]]:
    return (f for f in attrs.fields(cls) if f.init)


# --- the checks: each returns None, or one line saying what went wrong -------------------------


def _where(err: BaseException) -> str:
    frame = err.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    if frame is None:
        return "?"
    code = frame.tb_frame.f_code
    return f"{code.co_filename.rsplit('/', 1)[-1]}:{frame.tb_lineno} {code.co_name}"


def _unexpected(step: str, err: BaseException) -> str:
    return f"{step} raised {type(err).__name__} at {_where(err)}"


def _unclean(err: CaseKitError, marks: tuple[str, ...]) -> str | None:
    """Return why *err* is not a clean refusal: a problem without a path, or a personal value."""
    problems = getattr(err, "problems", None)
    if problems is not None and (not problems or not all(p.path for p in problems)):
        return f"{type(err).__name__} has a problem without a path"
    for text in texts_of(err):
        for mark in marks:
            if mark in text:
                return f"{type(err).__name__} text shows the personal value {mark!r}"
    return None


def _round_trip(obj: object, marks: tuple[str, ...]) -> str | None:
    """Write *obj* with to_json and read it back: a clean refusal or an equal value."""
    try:
        text = to_json(obj)
    except CaseKitError as err:
        return _unclean(err, marks)
    except Exception as err:  # noqa: BLE001  # any other exception is the finding
        return _unexpected("to_json", err)
    try:
        back = from_json(text, READ_AS.get(type(obj), type(obj)))
    except CaseKitError as err:
        return _unclean(err, marks)
    except Exception as err:  # noqa: BLE001
        return _unexpected("from_json", err)
    if back != obj:
        return "to_json then from_json gave back a different value"
    return None


def _repr_shows(obj: object, marks: tuple[str, ...]) -> str | None:
    try:
        text = repr(obj)
    except Exception as err:  # noqa: BLE001
        return _unexpected("repr", err)
    shown = [m for m in marks if m in text]
    return f"repr shows {shown}" if shown else None


def probe_field(seed: object, alias: str, value: object) -> str | None:
    """Build *seed* with *alias* set to *value*; check the refusal or the built value."""
    try:
        obj = attrs.evolve(seed, **{alias: value})
    except CaseKitError as err:
        return _unclean(err, GRID_MARKS)
    except Exception as err:  # noqa: BLE001
        return _unexpected("the constructor", err)
    # The world's personal values (MARK, the 1917 birth date) are still in the other fields.
    return _round_trip(obj, GRID_MARKS) or _repr_shows(obj, (MARK, BIRTH_YEAR))


def _valid_result(result: object) -> str | None:
    """A verb's result satisfies its own class's validators and survives serialisation."""
    if attrs.has(type(result)):
        try:
            attrs.validate(result)  # type: ignore[arg-type]
        except Exception as err:  # noqa: BLE001
            return f"the result fails its own validators ({type(err).__name__})"
        if type(result) in SEEDS and type(result) is not Workflow:
            return _round_trip(result, VERB_MARKS)
    if isinstance(result, Rule):
        try:
            dump_rules(result)
        except CaseKitError as err:
            return _unclean(err, VERB_MARKS)
        except Exception as err:  # noqa: BLE001
            return _unexpected("dump_rules", err)
    return None


def probe_call(call: Callable[[], object], marks: tuple[str, ...]) -> str | None:
    """Call a verb: a clean refusal, or a result that is itself valid."""
    try:
        result = call()
    except CaseKitError as err:
        return _unclean(err, marks)
    except Exception as err:  # noqa: BLE001
        return _unexpected("the call", err)
    return _valid_result(result)


def no_problem(problem: str | None) -> None:
    """Fail with *problem*, without a traceback: formatting one for each of the ~2,000 expected
    failures (re-parsing this file each time) would cost most of the file's run time."""
    if problem is not None:
        pytest.fail(problem, pytrace=False)


# --- 1-3: constructors, then serialisation -----------------------------------------------------


def test_every_exported_class_has_a_valid_instance():
    """The world holds a valid instance of every exported attrs class, so each is fuzzed."""
    assert [c.__qualname__ for c in CLASSES if c not in SEEDS] == []
    assert {"Case", "Money", "Plan", "Policy", "Workflow", "Decision"} <= {
        c.__qualname__ for c in CLASSES
    }


SEED_DEFECTS: Final[dict[str, str]] = {}


@pytest.mark.parametrize(
    "cls",
    [
        pytest.param(
            c,
            id=c.__qualname__,
            marks=[pytest.mark.xfail(strict=True, reason=SEED_DEFECTS[c.__qualname__])]
            if c.__qualname__ in SEED_DEFECTS
            else [],
        )
        for c in CLASSES
    ],
)
def test_valid_instances_round_trip_exactly(cls: type):
    """Every valid instance reads back equal from its JSON document; a workflow, whose guards
    are functions, is refused by to_json with the way to write it (dump_workflow)."""
    for seed in SEEDS[cls]:
        if cls is Workflow:
            with pytest.raises(CaseKitError, match="dump_workflow"):
                to_json(seed)
            continue
        text = to_json(seed)
        assert from_json(text, READ_AS.get(cls, cls)) == seed


@pytest.mark.slow  # the matrix: every field of every class times every awkward value
@pytest.mark.parametrize(
    ("cls", "alias", "value"),
    [
        _param(f"{cls.__qualname__}.{f.name}", value, cls, f.alias)
        for cls in CLASSES
        for f in _fields(cls)
        for value in VALUES
    ],
)
def test_one_awkward_field_is_refused_cleanly_or_round_trips(cls: type, alias: str, value: str):
    """A valid instance with one field set to an awkward value: refused cleanly, or serialisable."""
    no_problem(probe_field(SEEDS[cls][0], alias, POOL[value]))


def _decimal_fields() -> Iterator[tuple[type, attrs.Attribute[Any]]]:
    for cls in CLASSES:
        hints = typing.get_type_hints(cls)
        for f in _fields(cls):
            hint = hints.get(f.name)
            if hint is Decimal or Decimal in typing.get_args(hint):
                yield cls, f


# Valid Decimals the constructors accept, outside POOL: to_json writes them with format "f",
# and from_json reads up to 60 decimal places.
PRECISE: Final[dict[str, tuple[Decimal, str | None]]] = {
    "12_places": (Decimal("0.123456789012"), None),
    "13_places": (Decimal("0.1234567890123"), None),
    "1E-13": (Decimal("1E-13"), None),
    "0E-30": (Decimal("0E-30"), None),
    "60_places": (Decimal("0." + "0" * 59 + "1"), None),
}


@pytest.mark.parametrize(
    ("cls", "alias", "amount"),
    [
        pytest.param(
            cls,
            f.alias,
            amount,
            id=f"{cls.__qualname__}.{f.name}-{name}",
            marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else [],
        )
        for cls, f in _decimal_fields()
        for name, (amount, reason) in PRECISE.items()
    ],
)
def test_precise_decimals_the_constructors_accept_round_trip(
    cls: type, alias: str, amount: Decimal
):
    """A Decimal field holding a value its constructor accepts reads back equal from JSON."""
    obj = attrs.evolve(SEEDS[cls][0], **{alias: amount})
    no_problem(_round_trip(obj, GRID_MARKS))
    assert from_json(to_json(obj), READ_AS.get(cls, cls)) == obj


STRATEGIES: Final[dict[str, st.SearchStrategy[Any]]] = {
    "money": cks.money(),
    "person_names": cks.person_names(mark=PERSONAL),
    "identifiers": cks.identifiers(mark=PERSONAL),
    "patients": cks.patients(mark=PERSONAL, birth_dates=st.just(BIRTH_DATE)),
    "case_managers": cks.case_managers(),
    "assessments": cks.assessments(),
    "contacts": cks.contacts(),
    "codes": cks.codes(),
    "date_ranges": cks.date_ranges(),
    "reasons": cks.reasons(),
    "cases": cks.cases(max_records=2),
}
EXAMPLES: Final = max(25, settings().max_examples // 2)
FUZZ: Final = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
)


@FUZZ
@given(data=st.data())
def test_drawn_instances_with_one_awkward_field(data: st.DataObject):
    """The same property from drawn valid instances; the defect table's cases are left out."""
    name = data.draw(st.sampled_from(sorted(STRATEGIES)), label="strategy")
    obj = data.draw(STRATEGIES[name], label="instance")
    assert _round_trip(obj, GRID_MARKS) is None
    field = data.draw(st.sampled_from(list(_fields(type(obj)))), label="field")
    value = data.draw(st.sampled_from(VALUES), label="value")
    assume((f"{type(obj).__qualname__}.{field.name}", value) not in XFAIL)
    assert probe_field(obj, field.alias, POOL[value]) is None


# --- 4: the verbs ------------------------------------------------------------------------------

AT: Final = pendulum.datetime(2025, 3, 3, 9, tz="UTC")
ON: Final = pendulum.date(2025, 3, 24)
USD: Final = Money.of("10.00", "USD")
CALENDAR: Final = HolidayCalendar(holidays=(pendulum.date(2025, 7, 4),))
JAN: Final = DateRange.of("2025-01-01", "2025-01-31")
KEY: Final = ("member:00", "deductible", "in", "2025")
CASE: Final = example_case("monitoring")
LAST: Final = CASE.history[-1].at
CLOSE: Final = {"closure_reason": "goals_met"}
POLICY: Final[Policy] = SEEDS[Policy][0]  # type: ignore[assignment]
SERVICE: Final[Service] = SEEDS[Service][0]  # type: ignore[assignment]
LINE: Final[ServiceLine] = SEEDS[ServiceLine][0]  # type: ignore[assignment]
PATIENT: Final[Patient] = SEEDS[Patient][0]  # type: ignore[assignment]
LICENCE: Final[Licence] = SEEDS[Licence][0]  # type: ignore[assignment]
OPEN: Final[dict[str, Any]] = {
    "patient": Patient("pt-1", PersonName(PERSONAL), BIRTH_DATE),
    "manager": CaseManager("cm-1"),
    "model": CareModel.CLINICAL,
    "at": AT,
    "by": "cm-1",
}
TABLE: Final[dict[str, Any]] = {"_unit": "USD", "2024": {"deductible": "1632"}}
REASON: Final = Reason("coverage.not_covered_excluded")


def _open(**changes: Any) -> Case:
    return open_case(changes.pop("case_id", "case-1"), **{**OPEN, **changes})


def _truthy(_facts: object) -> bool:
    return True


Verb = Callable[[Any], object]

VERBS: Final[dict[str, Verb]] = {
    # lifecycle
    "open_case.case_id": lambda v: _open(case_id=v),
    "open_case.patient": lambda v: _open(patient=v),
    "open_case.manager": lambda v: _open(manager=v),
    "open_case.model": lambda v: _open(model=v),
    "open_case.at": lambda v: _open(at=v),
    "open_case.by": lambda v: _open(by=v),
    "open_case.workflow": lambda v: _open(workflow=v),
    "open_case.team": lambda v: _open(team=v),
    "open_case.event_id": lambda v: _open(event_id=v),
    "open_case.recorded_at": lambda v: _open(recorded_at=v),
    "apply.case": lambda v: apply(v, "close", at=LAST, by="cm-1", data=CLOSE),
    "apply.event": lambda v: apply(CASE, v, at=LAST, by="cm-1"),
    "apply.at": lambda v: apply(CASE, "close", at=v, by="cm-1", data=CLOSE),
    "apply.by": lambda v: apply(CASE, "close", at=LAST, by=v, data=CLOSE),
    "apply.data": lambda v: apply(CASE, "close", at=LAST, by="cm-1", data=v),
    "apply.data_value": lambda v: apply(
        CASE, "close", at=LAST, by="cm-1", data={"closure_reason": v}
    ),
    "apply.event_id": lambda v: apply(CASE, "close", at=LAST, by="cm-1", data=CLOSE, event_id=v),
    "apply.override_reason": lambda v: apply(CASE, "close", at=LAST, by="cm-1", override_reason=v),
    "apply.recorded_at": lambda v: apply(
        CASE, "close", at=LAST, by="cm-1", data=CLOSE, recorded_at=v
    ),
    "apply.workflow": lambda v: apply(CASE, "close", at=LAST, by="cm-1", data=CLOSE, workflow=v),
    "check.case": lambda v: check(v, "close", at=LAST, by="cm-1"),
    "check.event": lambda v: check(CASE, v, at=LAST, by="cm-1"),
    "check.at": lambda v: check(CASE, "close", at=v, by="cm-1"),
    "check.by": lambda v: check(CASE, "close", at=LAST, by=v),
    "check.data": lambda v: check(CASE, "close", at=LAST, by="cm-1", data=v),
    "check.event_id": lambda v: check(CASE, "close", at=LAST, by="cm-1", event_id=v),
    "check.override_reason": lambda v: check(CASE, "close", at=LAST, by="cm-1", override_reason=v),
    "check.workflow": lambda v: check(CASE, "close", at=LAST, by="cm-1", workflow=v),
    # coverage
    "adjudicate.policy": lambda v: adjudicate(v, [LINE], accumulators=Accumulators.empty()),
    "adjudicate.lines": lambda v: adjudicate(POLICY, v, accumulators=Accumulators.empty()),
    "adjudicate.lines[0]": lambda v: adjudicate(POLICY, [v], accumulators=Accumulators.empty()),
    "adjudicate.accumulators": lambda v: adjudicate(POLICY, [LINE], accumulators=v),
    "adjudicate.authorizations": lambda v: adjudicate(
        POLICY, [LINE], accumulators=Accumulators.empty(), authorizations=v
    ),
    "adjudicate.authorizations[0]": lambda v: adjudicate(
        POLICY, [LINE], accumulators=Accumulators.empty(), authorizations=[v]
    ),
    "check_coverage.policy": lambda v: check_coverage(v, SERVICE, on=ON),
    "check_coverage.service": lambda v: check_coverage(POLICY, v, on=ON),
    "check_coverage.on": lambda v: check_coverage(POLICY, SERVICE, on=v),
    "check_coverage.accumulators": lambda v: check_coverage(POLICY, SERVICE, on=ON, accumulators=v),
    "check_coverage.authorizations": lambda v: check_coverage(
        POLICY, SERVICE, on=ON, authorizations=v
    ),
    "check_coverage.authorizations[0]": lambda v: check_coverage(
        POLICY, SERVICE, on=ON, authorizations=[v]
    ),
    "Accumulators.empty": Accumulators.empty,
    "Accumulators.add.key": lambda v: Accumulators.empty().add(v, Decimal(1)),
    "Accumulators.add.amount": lambda v: Accumulators.empty().add(KEY, v),
    # periods
    "add_business_days.start": lambda v: add_business_days(v, 3, calendar=CALENDAR),
    "add_business_days.n": lambda v: add_business_days(ON, v, calendar=CALENDAR),
    "add_business_days.calendar": lambda v: add_business_days(ON, 3, calendar=v),
    "business_days_between.start": lambda v: business_days_between(v, ON, calendar=CALENDAR),
    "business_days_between.end": lambda v: business_days_between(ON, v, calendar=CALENDAR),
    "business_days_between.calendar": lambda v: business_days_between(ON, ON, calendar=v),
    "DateRange.of.start": lambda v: DateRange.of(v, "2025-12-31"),
    "DateRange.of.end": lambda v: DateRange.of("2025-01-01", v),
    "DateRange.starting": DateRange.starting,
    "DateRange.contains": JAN.contains,
    "DateRange.overlaps": JAN.overlaps,
    "DateRange.intersection": JAN.intersection,
    "CalendarYear.period_containing": lambda v: CalendarYear().period_containing(v),
    "PlanYear.period_containing": lambda v: PlanYear(7, 1).period_containing(v),
    "HolidayCalendar.is_business_day": CALENDAR.is_business_day,
    "Patient.age_on": PATIENT.age_on,
    "Licence.is_current_on": LICENCE.is_current_on,
    # money
    "Money.of.amount": lambda v: Money.of(v, "USD"),
    "Money.of.currency": lambda v: Money.of("1.00", v),
    "Money.zero": Money.zero,
    "Money.add": lambda v: USD + v,
    "Money.sub": lambda v: USD - v,
    "Money.mul": lambda v: USD * v,
    "Money.rmul": lambda v: v * USD,
    "Money.lt": lambda v: operator.lt(USD, v),
    "Money.min": USD.min,
    "Money.max": USD.max,
    "Money.with_amount": USD.with_amount,
    "Money.rounded": lambda v: Money.of(v, "USD").rounded(),
    # rules
    "age_between.at_least": lambda v: age_between(at_least=v, at_most=64),
    "age_between.at_most": lambda v: age_between(at_least=18, at_most=v),
    "age_between.fact": lambda v: age_between(at_least=18, fact=v),
    "count_below.limit": lambda v: count_below(v, fact="visits_used"),
    "count_below.fact": lambda v: count_below(20, fact=v),
    "code_in.code_set": lambda v: code_in(v, set_name="office_visits"),
    "code_in.fact": lambda v: code_in(frozenset({"CPT|99213"}), fact=v, set_name="s"),
    "code_in.set_name": lambda v: code_in(frozenset({"CPT|99213"}), set_name=v),
    "date_in.period": date_in,
    "date_in.fact": lambda v: date_in(JAN, fact=v),
    "date_in.period_fact": lambda v: date_in(period_fact=v),
    "amount_at_most.limit": amount_at_most,
    "amount_at_most.fact": lambda v: amount_at_most(USD, fact=v),
    "flag.fact": flag,
    "sex_in.allowed": sex_in,
    "sex_in.allowed[0]": lambda v: sex_in([v]),
    "has_authorization.fact": lambda v: has_authorization(fact=v),
    "predicate.name": lambda v: predicate(v, _truthy, reads=("a",), reason=REASON),
    "predicate.test": lambda v: predicate("p", v, reads=("a",), reason=REASON),
    "predicate.reads": lambda v: predicate("p", _truthy, reads=v, reason=REASON),
    "predicate.reason": lambda v: predicate("p", _truthy, reads=("a",), reason=v),
    "all_of.rules[0]": all_of,
    "all_of.name": lambda v: all_of(flag("f"), name=v),
    "any_of.rules[0]": any_of,
    "not_.rule": not_,
    "load_rules.data": load_rules,
    "load_rules.code_sets": lambda v: load_rules({"flag": {"fact": "f"}}, code_sets=v),
    "load_rules.rules": lambda v: load_rules({"flag": {"fact": "f"}}, rules=v),
    "load_rules_yaml.text": load_rules_yaml,
    "load_parameter_table.table": lambda v: load_parameter_table(v, name="t"),
    "load_parameter_table.name": lambda v: load_parameter_table(TABLE, name=v),
    "Reason.of.code": Reason.of,
    "Reason.message.locale": REASON.message,
    "Rule.evaluate.facts": lambda v: count_below(3, fact="visits").evaluate(v),
    "Rule.evaluate.count_below": lambda v: count_below(3, fact="n").evaluate({"n": v}),
    "Rule.evaluate.code_in": lambda v: code_in(frozenset({"CPT|1"}), set_name="s").evaluate(
        {"code": v}
    ),
    "Rule.evaluate.date_in": lambda v: date_in(JAN).evaluate({"on": v}),
    "Rule.evaluate.age_between": lambda v: age_between(at_least=18).evaluate({"age": v}),
    "Rule.evaluate.amount_at_most": lambda v: amount_at_most(USD).evaluate({"amount": v}),
    "Rule.evaluate.flag": lambda v: flag("f").evaluate({"f": v}),
    "Rule.evaluate.sex_in": lambda v: sex_in(["female"]).evaluate({"sex": v}),
}
# An event name is workflow vocabulary, not a personal value: a refusal may name it.
NAMES_EVENT: Final = frozenset({"apply.event", "check.event"})


@pytest.mark.parametrize(
    ("verb", "value"),
    [_param(verb, value, verb) for verb in VERBS for value in VALUES],
)
def test_verb_refuses_an_awkward_argument_cleanly(verb: str, value: str):
    """Each verb given an awkward argument: a clean refusal, or a valid result."""
    marks = tuple(m for m in VERB_MARKS if m != PERSONAL) if verb in NAMES_EVENT else VERB_MARKS
    no_problem(probe_call(lambda: VERBS[verb](POOL[value]), marks))


@FUZZ
@given(money=cks.money(), value=st.sampled_from(VALUES), op=st.sampled_from(["+", "-", "*", "<"]))
def test_money_arithmetic_on_drawn_amounts(money: Money, value: str, op: str):
    """Money arithmetic with any valid amount and an awkward operand; table cases left out."""
    verb = {"+": "Money.add", "-": "Money.sub", "*": "Money.mul", "<": "Money.lt"}[op]
    assume((verb, value) not in XFAIL)
    run: dict[str, Callable[[object], object]] = {
        "+": lambda v: money + v,  # type: ignore[operator]
        "-": lambda v: money - v,  # type: ignore[operator]
        "*": lambda v: money * v,  # type: ignore[operator]
        "<": lambda v: money < v,  # type: ignore[operator]
    }
    assert probe_call(lambda: run[op](POOL[value]), VERB_MARKS) is None


BIG: Final = Money.of("999999999999999999", "USD")  # the largest amount Money() accepts


@pytest.mark.parametrize(
    "compute",
    [
        pytest.param(lambda: BIG + BIG, id="add"),
        pytest.param(lambda: -BIG - BIG, id="sub"),
        pytest.param(lambda: BIG * 2, id="mul"),
        pytest.param(lambda: USD * 2**53 * 2**53, id="mul-int"),
    ],
)
def test_money_arithmetic_stays_within_money_limits(compute: Callable[[], Money]):
    """A sum or product Money() itself would refuse is refused as too large, not returned."""
    no_problem(probe_call(compute, VERB_MARKS))


RULES_DOC: Final[dict[str, Any]] = {
    "all_of": [
        {"code_in": {"fact": "code", "set": "office_visits"}},
        {"date_in": {"fact": "on", "start": "2024-01-01", "end": "2024-12-31"}},
        {"date_in": {"fact": "on", "period_fact": "policy_period"}},
        {"age_between": {"fact": "age", "at_least": 18, "at_most": 64, "private": True}},
        {"sex_in": {"fact": "sex", "values": ["female"]}},
        {"count_below": {"fact": "visits_used", "limit": 20}},
        {"amount_at_most": {"fact": "amount", "limit": "500.00", "currency": "USD"}},
        {"has_authorization": {"fact": "authorizations", "code_fact": "code", "on_fact": "on"}},
        {"any_of": [{"not": {"flag": {"fact": "excluded"}}, "name": "x"}, {"ref": "registered"}]},
    ],
    "name": "covered",
}
CODE_SETS: Final = {
    "office_visits": CodeSet.of(CodeSystem.CPT, "99202-99215", name="office_visits")
}
RULES: Final = {"registered": flag("referred")}


def test_rule_documents_with_one_awkward_node_load_or_are_refused_cleanly():
    """Every node of a full rule document, replaced by every awkward value (1,550 documents)."""
    found = []
    for where in paths(RULES_DOC):
        for name, value in POOL.items():
            doc = replaced(RULES_DOC, where, value)
            problem = probe_call(
                lambda doc=doc: load_rules(doc, code_sets=CODE_SETS, rules=RULES), VERB_MARKS
            )
            if problem:
                found.append((where, name, problem))

    assert found == []
