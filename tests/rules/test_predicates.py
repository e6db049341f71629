"""Worked examples for the domain predicates: what passes, what fails, and what it says."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pendulum
import pytest

from casekit.codes import Code, CodeSet, CodeSetEntry, CodeSystem
from casekit.errors import InvalidDefinitionError, InvalidInputError
from casekit.money import Money
from casekit.periods import DateRange
from casekit.rules import (
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
    load_rules,
    not_,
    predicate,
    sex_in,
)

OFFICE = CodeSet.of(CodeSystem.CPT, "99211-99215", name="office_visits")
COVID = CodeSet(
    name="covid",
    system=CodeSystem.ICD10CM,
    entries=[CodeSetEntry("U07.1", effective_from=pendulum.date(2020, 4, 1))],
)
DAY = pendulum.date(2024, 6, 1)
YEAR_2024 = DateRange.of("2024-01-01", "2024-12-31")


class Auth:
    """An authorisation on file for one code over one range."""

    def __init__(self, code: Code, period: DateRange) -> None:
        self.code = code
        self.period = period

    def authorizes(self, code: object, *, on: pendulum.Date) -> bool:
        return code == self.code and on in self.period


def test_code_in_passes_for_a_code_in_the_set() -> None:
    """CPT 99213 is an office visit."""
    assert code_in(OFFICE).evaluate({"code": Code(CodeSystem.CPT, "99213")}).passed


def test_code_in_names_the_code_and_set_when_it_fails() -> None:
    """The reason says which code is not in which set."""
    out = code_in(OFFICE).evaluate({"code": Code(CodeSystem.CPT, "27447")})

    assert out.reasons == (
        Reason.of("rules.code_not_in_set", code="CPT|27447", fact="code", set="office_visits"),
    )


def test_code_in_on_a_day_uses_the_codes_in_effect() -> None:
    """A dated code set answers for the service date."""
    rule = code_in(COVID, fact="diagnosis", on_fact="on")
    code = Code(CodeSystem.ICD10CM, "U07.1")

    assert not rule.evaluate({"diagnosis": code, "on": pendulum.date(2020, 3, 31)}).passed
    assert rule.evaluate({"diagnosis": code, "on": pendulum.date(2020, 4, 1)}).passed


def test_code_in_on_a_day_names_a_missing_fact() -> None:
    """Either the code or the day may be missing; the error names which."""
    rule = code_in(COVID, fact="diagnosis", on_fact="on")

    with pytest.raises(InvalidInputError) as error:
        rule.evaluate({"on": DAY})

    assert error.value.problems[0].path == "facts.diagnosis"


def test_code_in_on_a_day_refuses_a_datetime() -> None:
    """The day must be a date."""
    rule = code_in(COVID, fact="diagnosis", on_fact="on")

    with pytest.raises(InvalidInputError) as error:
        rule.evaluate({"diagnosis": "U07.1", "on": pendulum.datetime(2020, 4, 1)})

    assert error.value.problems[0].path == "facts.on"


def test_code_in_not_explains_that_the_code_is_in_the_set() -> None:
    """not_(code_in) fails because the code is in the excluded set."""
    out = not_(code_in(OFFICE)).evaluate({"code": Code(CodeSystem.CPT, "99213")})

    assert out.messages() == ("code CPT|99213 is in the code set office_visits",)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: code_in(frozenset()), "set_name"),
        (lambda: code_in(3, set_name="x"), "code_set"),  # type: ignore[arg-type]
        (lambda: code_in(frozenset(), set_name="x", on_fact="on"), "on_fact"),
        (lambda: code_in(OFFICE, fact="not a name"), "fact"),
        (lambda: code_in(OFFICE, on_fact="1on"), "on_fact"),
    ],
    ids=["unnamed", "not_a_container", "undated", "bad_fact", "bad_on_fact"],
)
def test_code_in_refuses_definitions_that_cannot_work(call: object, path: str) -> None:
    """A set needs a name, membership, and dates if asked on a day; facts need names."""
    with pytest.raises(InvalidDefinitionError) as error:
        call()  # type: ignore[operator]

    assert error.value.problems[0].path == path


def test_date_in_includes_both_ends() -> None:
    """The first and last days of the period are in it."""
    rule = date_in(YEAR_2024)

    assert rule.evaluate({"on": pendulum.date(2024, 1, 1)}).passed
    assert rule.evaluate({"on": pendulum.date(2024, 12, 31)}).passed
    assert not rule.evaluate({"on": pendulum.date(2025, 1, 1)}).passed


def test_date_in_reads_the_period_from_a_fact() -> None:
    """Each member's policy period can come with the facts."""
    rule = date_in(period_fact="policy_period", fact="service_date")
    facts = {"service_date": pendulum.date(2023, 12, 31), "policy_period": YEAR_2024}

    out = rule.evaluate(facts)

    assert out.messages() == ("service_date is outside policy_period",)
    assert out.trace.inputs == (
        ("service_date", "2023-12-31"),
        ("policy_period", "2024-01-01..2024-12-31"),
    )


def test_date_in_says_the_literal_period_when_it_holds_under_not() -> None:
    """not_(date_in) fails because the day is within the period."""
    out = not_(date_in(YEAR_2024)).evaluate({"on": DAY})

    assert out.messages() == ("on is within 2024-01-01..2024-12-31",)


def test_date_in_accepts_a_plain_standard_library_date() -> None:
    """A datetime.date works as well as a pendulum Date."""
    import datetime as dt

    assert date_in(YEAR_2024).evaluate({"on": dt.date(2024, 3, 1)}).passed


@pytest.mark.parametrize(
    "facts",
    [
        {"on": "2024-06-01"},
        {"on": pendulum.datetime(2024, 6, 1)},
    ],
)
def test_date_in_refuses_anything_but_a_date(facts: dict[str, object]) -> None:
    """Text and datetimes are refused at facts.on."""
    with pytest.raises(InvalidInputError) as error:
        date_in(YEAR_2024).evaluate(facts)

    assert error.value.problems[0].path == "facts.on"


@pytest.mark.parametrize(
    ("facts", "path"),
    [
        ({"on": "x", "p": YEAR_2024}, "facts.on"),
        ({"on": DAY, "p": (1, 2)}, "facts.p"),
        ({"on": DAY}, "facts.p"),
    ],
)
def test_date_in_with_a_period_fact_checks_both_facts(facts: dict[str, object], path: str) -> None:
    """Both the day and the period must be there and be the right kind."""
    with pytest.raises(InvalidInputError) as error:
        date_in(period_fact="p").evaluate(facts)

    assert error.value.problems[0].path == path


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({}, "period"),
        ({"period": YEAR_2024, "period_fact": "p"}, "period"),
        ({"period": ("2024-01-01", "2024-12-31")}, "period"),
        ({"period_fact": "p q"}, "period_fact"),
    ],
)
def test_date_in_needs_exactly_one_period(kwargs: dict[str, object], path: str) -> None:
    """Give a DateRange or a fact name holding one, not both, not neither."""
    with pytest.raises(InvalidDefinitionError) as error:
        date_in(**kwargs)  # type: ignore[arg-type]

    assert error.value.problems[0].path == path


@pytest.mark.parametrize(
    ("age", "message"),
    [
        (17, "age is under the minimum age of 18"),
        (65, "age is over the maximum age of 64"),
    ],
)
def test_age_between_says_which_bound_was_missed(age: int, message: str) -> None:
    """Too young and too old are different reasons."""
    out = age_between(at_least=18, at_most=64).evaluate({"age": age})

    assert out.messages() == (message,)


@pytest.mark.parametrize(
    ("kwargs", "ages"),
    [
        ({"at_least": 18, "at_most": 64}, "18 to 64"),
        ({"at_least": 18}, "at least 18"),
        ({"at_most": 2}, "at most 2"),
    ],
)
def test_age_between_under_not_says_the_allowed_ages(kwargs: dict[str, Any], ages: str) -> None:
    """not_(age_between) fails because the age is within the range."""
    out = not_(age_between(**kwargs)).evaluate({"age": 2 if "at_least" not in kwargs else 30})

    assert out.messages() == (f"age is within the allowed ages ({ages})",)


def test_age_is_private_in_traces_unless_asked() -> None:
    """Ages show as [private] by default."""
    private = age_between(at_least=18).evaluate({"age": 40}).trace
    shown = age_between(at_most=64, private=False).evaluate({"age": 40}).trace

    assert private.inputs == (("age", "[private]"),)
    assert shown.inputs == (("age", "40"),)
    assert shown.rule == "age_between(age, ..64)"


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({}, "at_least"),
        ({"at_least": -1}, "at_least"),
        ({"at_least": True}, "at_least"),
        ({"at_least": 65, "at_most": 18}, "at_most"),
        ({"at_least": 1, "private": "yes"}, "private"),
    ],
)
def test_age_between_refuses_impossible_ranges(kwargs: dict[str, object], path: str) -> None:
    """Bounds are whole numbers ≥ 0, at least one given, in order."""
    with pytest.raises(InvalidDefinitionError) as error:
        age_between(**kwargs)  # type: ignore[arg-type]

    assert error.value.problems[0].path == path


def test_age_between_refuses_a_non_integer_age() -> None:
    """An age must be whole years."""
    with pytest.raises(InvalidInputError):
        age_between(at_least=1).evaluate({"age": 1.5})


def test_sex_in_checks_the_administrative_sex() -> None:
    """A female-only service refuses other sexes, and a StrEnum works as its code."""
    from casekit.people import AdministrativeSex

    rule = sex_in(["female"])

    assert rule.evaluate({"sex": AdministrativeSex.FEMALE}).passed
    assert rule.evaluate({"sex": "male"}).messages() == ("sex is not one of: female",)
    assert not_(sex_in("male")).evaluate({"sex": "male"}).messages() == ("sex is one of: male",)


def test_sex_in_refuses_unknown_codes_and_non_text_facts() -> None:
    """Only FHIR's administrative-gender codes are allowed, and the fact must be text."""
    with pytest.raises(InvalidDefinitionError):
        sex_in(["F"])
    with pytest.raises(InvalidDefinitionError):
        sex_in([])
    with pytest.raises(InvalidInputError):
        sex_in(["female"]).evaluate({"sex": 1})


def test_count_below_fails_at_the_limit() -> None:
    """Twenty visits used of twenty allowed is no visits left."""
    rule = count_below(20, fact="visits_used")

    assert rule.evaluate({"visits_used": 19}).passed
    assert rule.evaluate({"visits_used": 20}).messages() == (
        "visits_used has reached its limit of 20",
    )


def test_count_below_refuses_bad_limits_and_counts() -> None:
    """Limits are whole numbers ≥ 0; counts are ints, not bools."""
    with pytest.raises(InvalidDefinitionError):
        count_below(-1, fact="n")
    with pytest.raises(InvalidDefinitionError):
        count_below(True, fact="n")
    with pytest.raises(InvalidInputError):
        count_below(3, fact="n").evaluate({"n": True})


def test_amount_at_most_allows_the_limit_itself() -> None:
    """An amount equal to the limit passes."""
    rule = amount_at_most(Money.of("500", "USD"))

    assert rule.evaluate({"amount": Money.of("500.00", "USD")}).passed
    assert not_(rule).evaluate({"amount": Money.of("1", "USD")}).messages() == (
        "amount is within the limit of 500 USD",
    )


def test_amount_at_most_refuses_another_currency() -> None:
    """Euros are not compared with dollars."""
    with pytest.raises(InvalidInputError) as error:
        amount_at_most(Money.of("500", "USD")).evaluate({"amount": Money.of("1", "EUR")})

    assert str(error.value.problems[0]) == "facts.amount: must be Money in USD"


def test_amount_at_most_needs_money_as_its_limit() -> None:
    """A bare number is not a limit."""
    with pytest.raises(InvalidDefinitionError):
        amount_at_most(500)  # type: ignore[arg-type]


def test_has_authorization_finds_an_authorisation_for_the_code_and_day() -> None:
    """An authorisation for the code over a period that holds the day covers the service."""
    therapy = Code(CodeSystem.CPT, "97110")
    auth = Auth(therapy, YEAR_2024)
    rule = has_authorization()

    assert rule.evaluate({"authorizations": (auth,), "code": therapy, "on": DAY}).passed
    other = rule.evaluate({"authorizations": [auth], "code": OFFICE, "on": DAY})
    assert other.messages() == ("no prior authorisation in authorizations covers this service",)
    assert other.trace.inputs[0] == ("authorizations", "<1 items>")
    assert not_(rule).evaluate(
        {"authorizations": (auth,), "code": therapy, "on": DAY}
    ).messages() == ("a prior authorisation in authorizations covers this service",)


@pytest.mark.parametrize(
    ("facts", "path"),
    [
        ({"authorizations": "A1", "code": "x", "on": DAY}, "facts.authorizations"),
        ({"authorizations": ("A1",), "code": "x", "on": DAY}, "facts.authorizations"),
        ({"authorizations": (), "code": "x", "on": "2024-06-01"}, "facts.on"),
        ({"authorizations": (), "on": DAY}, "facts.code"),
    ],
)
def test_has_authorization_checks_its_facts(facts: dict[str, object], path: str) -> None:
    """The authorisations must be a collection of Authorizing, the day a date."""
    with pytest.raises(InvalidInputError) as error:
        has_authorization().evaluate(facts)

    assert error.value.problems[0].path == path


def test_flag_refuses_anything_but_a_bool() -> None:
    """1 and "yes" are not True."""
    with pytest.raises(InvalidInputError) as error:
        flag("referred").evaluate({"referred": 1})

    assert str(error.value.problems[0]) == "facts.referred: must be true or false"


def test_predicate_passes_fact_values_in_order() -> None:
    """A custom leaf gets the facts it reads, positionally."""
    rule = predicate(
        "within budget",
        lambda spent, budget: spent <= budget,
        reads=["spent", "budget"],
        reason=Reason.of("custom.over_budget"),
        held_reason=Reason.of("custom.within_budget"),
    )

    assert rule.evaluate({"spent": 3, "budget": 5}).passed
    assert rule.evaluate({"spent": 6, "budget": 5}).reasons == (Reason.of("custom.over_budget"),)
    assert not_(rule).evaluate({"spent": 3, "budget": 5}).reasons == (
        Reason.of("custom.within_budget"),
    )
    assert rule.evaluate({"spent": 3, "budget": 5}).trace.inputs == (
        ("spent", "3"),
        ("budget", "5"),
    )


def test_predicate_held_reason_defaults_to_naming_the_rule() -> None:
    """Without a held_reason, not_ says the rule held."""
    rule = predicate("adult", lambda age: age >= 18, reads=["age"], reason=Reason("x"))

    assert not_(rule).evaluate({"age": 30}).messages() == ("adult held",)


def test_private_predicates_hide_their_inputs() -> None:
    """private=True hides every fact the predicate read."""
    rule = predicate("p", lambda _a, _b: True, reads=["a", "b"], reason=Reason("x"), private=True)

    assert rule.evaluate({"a": 1, "b": 2}).trace.inputs == (("a", "[private]"), ("b", "[private]"))


def test_predicate_must_return_a_bool() -> None:
    """A test returning 1 is a broken definition, found when it runs."""
    rule = predicate("p", lambda _a: 1, reads=["a"], reason=Reason("x"))  # type: ignore[arg-type, return-value]

    with pytest.raises(InvalidDefinitionError) as error:
        rule.evaluate({"a": 0})

    assert error.value.problems[0].code == "not_bool"


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"name": ""}, "name"),
        ({"test": "x"}, "test"),
        ({"reads": ["1a"]}, "reads[0]"),
        ({"reason": "x"}, "reason"),
        ({"held_reason": "x"}, "held_reason"),
    ],
)
def test_predicate_refuses_bad_definitions(kwargs: dict[str, object], path: str) -> None:
    """Each argument is checked and named."""
    args: dict[str, object] = {
        "name": "p",
        "test": lambda _a: True,
        "reads": ["a"],
        "reason": Reason("x"),
    } | kwargs
    name, test = args.pop("name"), args.pop("test")

    with pytest.raises(InvalidDefinitionError) as error:
        predicate(name, test, **args)  # type: ignore[arg-type]

    assert error.value.problems[0].path == path


@pytest.mark.parametrize(
    "rule",
    [
        code_in(OFFICE),
        date_in(YEAR_2024),
        age_between(at_least=1),
        sex_in(["male"]),
        count_below(1, fact="n"),
        amount_at_most(Money.of("1", "USD")),
        has_authorization(),
        flag("f"),
        predicate("p", lambda _a: True, reads=["a"], reason=Reason("x")),
    ],
)
def test_every_leaf_names_the_missing_fact(rule: Rule) -> None:
    """An empty set of facts is refused with a path under facts."""
    with pytest.raises(InvalidInputError) as error:
        rule.evaluate({})

    assert error.value.problems[0].path.startswith("facts.")


_SCREENING_DX = CodeSet.of(CodeSystem.ICD10CM, "Z12.31", name="screening_dx")
_I10 = Code(CodeSystem.ICD10CM, "I10")
_YEAR_2024 = DateRange.of("2024-01-01", "2024-12-31")
_REQUIRED = "is required by the rule; add it to the facts"


def test_a_private_code_is_hidden_in_traces_and_reasons() -> None:
    """A diagnosis read by a private code_in shows as [private], in the trace and the reason."""
    shown = code_in(_SCREENING_DX, fact="diagnosis").evaluate({"diagnosis": _I10})
    hidden = code_in(_SCREENING_DX, fact="diagnosis", private=True).evaluate({"diagnosis": _I10})

    assert shown.trace.inputs == (("diagnosis", "ICD-10-CM|I10"),)
    assert hidden.trace.inputs == (("diagnosis", "[private]"),)
    assert hidden.reasons[0].params == (
        ("code", "[private]"),
        ("fact", "diagnosis"),
        ("set", "screening_dx"),
    )
    assert "I10" not in " ".join((*hidden.messages(), hidden.trace.render()))


def test_a_private_date_is_hidden_in_traces() -> None:
    """A private date_in shows neither the date nor a period read from the facts."""
    period = DateRange.of("2024-01-01", "2024-12-31")
    day = pendulum.date(2023, 5, 17)

    fixed = date_in(period, fact="diagnosed_on", private=True).evaluate({"diagnosed_on": day})
    from_fact = date_in(fact="diagnosed_on", period_fact="window", private=True).evaluate(
        {"diagnosed_on": day, "window": period}
    )

    assert fixed.trace.inputs == (("diagnosed_on", "[private]"),)
    assert from_fact.trace.inputs == (("diagnosed_on", "[private]"), ("window", "[private]"))
    assert "2023-05-17" not in fixed.trace.render() + from_fact.trace.render()


@pytest.mark.parametrize(
    "document",
    [
        {"code_in": {"fact": "diagnosis", "set": "screening_dx", "private": True}},
        {"date_in": {"fact": "diagnosed_on", "start": "2024-01-01", "private": True}},
        {"date_in": {"fact": "diagnosed_on", "period_fact": "window", "private": True}},
    ],
)
def test_private_codes_and_dates_load_and_dump_unchanged(document: dict[str, Any]) -> None:
    """The data form carries private; loading then dumping gives the document back."""
    rule = load_rules(document, code_sets={"screening_dx": _SCREENING_DX})

    assert dump_rules(rule) == document


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: code_in(_SCREENING_DX, private=1), id="code_in"),  # type: ignore[arg-type]  # the error under test
        pytest.param(
            lambda: date_in(_YEAR_2024, private="yes"),  # type: ignore[arg-type]  # the error under test
            id="date_in",
        ),
    ],
)
def test_private_must_be_true_or_false(make: Any) -> None:
    """Anything but a bool for private is a definition error at private."""
    with pytest.raises(InvalidDefinitionError) as error:
        make()

    assert error.value.problems == (("private", "type", "must be true or false"),)


@pytest.mark.parametrize(
    ("day", "passed"),
    [
        (pendulum.date(2023, 12, 31), False),
        (pendulum.date(2024, 1, 1), True),
        (pendulum.date(2024, 12, 31), True),
        (pendulum.date(2025, 1, 1), False),
    ],
)
def test_a_period_read_from_the_facts_includes_both_ends(
    day: pendulum.Date, *, passed: bool
) -> None:
    """date_in(period_fact=...) holds on the first and the last day of the period given."""
    rule = date_in(period_fact="coverage")

    assert rule.evaluate({"on": day, "coverage": _YEAR_2024}).passed is passed


@pytest.mark.parametrize(
    ("make", "facts", "problem"),
    [
        pytest.param(
            lambda: date_in(_YEAR_2024),
            {},
            ("facts.on", "missing", _REQUIRED),
            id="date missing",
        ),
        pytest.param(
            lambda: date_in(_YEAR_2024),
            {"on": "2024-05-01"},
            ("facts.on", "type", "must be a date"),
            id="date not a date",
        ),
        pytest.param(
            lambda: date_in(period_fact="coverage"),
            {"on": "2024-05-01", "coverage": _YEAR_2024},
            ("facts.on", "type", "must be a date"),
            id="date not a date, period from facts",
        ),
        pytest.param(
            lambda: date_in(period_fact="coverage"),
            {"on": DAY, "coverage": ("2024-01-01", "2024-12-31")},
            ("facts.coverage", "type", "must be a DateRange"),
            id="period not a DateRange",
        ),
        pytest.param(
            lambda: code_in(OFFICE),
            {},
            ("facts.code", "missing", _REQUIRED),
            id="code missing",
        ),
    ],
)
def test_a_missing_or_mistyped_fact_is_refused_at_its_path(
    make: Callable[[], Rule], facts: dict[str, object], problem: tuple[str, str, str]
) -> None:
    """The fact's path, the problem and what it must be; never its value.

    Each rule is built inside the test, so that mutation testing sees its construction.
    """
    rule = make()
    with pytest.raises(InvalidInputError) as error:
        rule.evaluate(facts)

    assert error.value.problems == (problem,)


def test_a_fixed_period_is_named_in_the_trace() -> None:
    """The node names the fact and the period it was checked against."""
    trace = date_in(_YEAR_2024, fact="seen_on").evaluate({"seen_on": DAY}).trace

    assert trace.rule == "date_in(seen_on, 2024-01-01..2024-12-31)"


_MISTYPED: list[Any] = [
    pytest.param(
        lambda: age_between(at_least=18, fact="years"),
        {},
        ("facts.years", "missing", _REQUIRED),
        id="age missing",
    ),
    pytest.param(
        lambda: age_between(at_least=18, fact="years"),
        {"years": 40.5},
        ("facts.years", "type", "must be a whole number of years"),
        id="age not whole",
    ),
    pytest.param(
        lambda: sex_in(["female"], fact="s"),
        {},
        ("facts.s", "missing", _REQUIRED),
        id="sex missing",
    ),
    pytest.param(
        lambda: sex_in(["female"], fact="s"),
        {"s": 1},
        ("facts.s", "type", "must be an administrative sex code"),
        id="sex not a code",
    ),
    pytest.param(
        lambda: count_below(3, fact="used"),
        {},
        ("facts.used", "missing", _REQUIRED),
        id="count missing",
    ),
    pytest.param(
        lambda: count_below(3, fact="used"),
        {"used": "2"},
        ("facts.used", "type", "must be a whole number"),
        id="count not whole",
    ),
    pytest.param(
        lambda: has_authorization(fact="auths"),
        {"auths": "PA-1", "code": "X", "on": DAY},
        ("facts.auths", "type", "must be a tuple of authorisations"),
        id="authorisations not a tuple",
    ),
    pytest.param(
        lambda: has_authorization(fact="auths"),
        {"auths": (object(),), "code": "X", "on": DAY},
        ("facts.auths", "type", "must be a tuple of authorisations"),
        id="an item cannot authorise",
    ),
    pytest.param(
        lambda: has_authorization(fact="auths", on_fact="day"),
        {"auths": (), "code": "X", "day": "2024-06-01"},
        ("facts.day", "type", "must be a date"),
        id="day not a date",
    ),
]


@pytest.mark.parametrize(("make", "facts", "problem"), _MISTYPED)
def test_each_predicate_refuses_a_missing_or_mistyped_fact_at_its_path(
    make: Callable[[], Rule], facts: dict[str, object], problem: tuple[str, str, str]
) -> None:
    """Every leaf names the fact and what it must be, built and run inside the test."""
    rule = make()

    with pytest.raises(InvalidInputError) as error:
        rule.evaluate(facts)

    assert error.value.problems == (problem,)


def test_leaves_name_themselves_and_show_or_hide_their_facts() -> None:
    """Node names carry the fact and the bound; counts are shown, sexes hidden by default."""
    count = count_below(3, fact="used").evaluate({"used": 2}).trace
    sex = sex_in(["male", "female"], fact="s").evaluate({"s": "female"}).trace
    shown = sex_in(["female"], fact="s", private=False).evaluate({"s": "female"}).trace

    assert (count.rule, count.inputs) == ("count_below(used, 3)", (("used", "2"),))
    assert (sex.rule, sex.inputs) == ("sex_in(s, female|male)", (("s", "[private]"),))
    assert shown.inputs == (("s", "female"),)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        pytest.param(lambda: sex_in(["female"], fact="1x"), "fact", id="fact"),
        pytest.param(lambda: sex_in(["female"], private="no"), "private", id="private"),  # type: ignore[arg-type]  # the error under test
    ],
)
def test_sex_in_checks_its_fact_name_and_flag(make: Callable[[], Rule], problem: str) -> None:
    """A bad fact name or privacy flag is a definition error at that argument."""
    with pytest.raises(InvalidDefinitionError) as error:
        make()

    assert [p.path for p in error.value.problems] == [problem]


@pytest.mark.parametrize(("age", "passed"), [(0, True), (200, True)])
def test_an_open_age_range_holds_at_its_extremes(age: int, *, passed: bool) -> None:
    """Without a lower bound age 0 is allowed; without an upper bound any age is."""
    assert age_between(at_most=200).evaluate({"age": age}).passed is passed
    assert age_between(at_least=0).evaluate({"age": age}).passed is passed


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: date_in(_YEAR_2024, fact="1x"), id="date_in"),
        pytest.param(lambda: count_below(3, fact="1x"), id="count_below"),
        pytest.param(lambda: amount_at_most(Money.of("5", "USD"), fact="1x"), id="amount_at_most"),
        pytest.param(lambda: flag("1x"), id="flag"),
        pytest.param(lambda: age_between(at_least=1, fact="1x"), id="age_between"),
    ],
)
def test_a_bad_fact_name_is_refused_at_fact(make: Callable[[], Rule]) -> None:
    """Fact names are identifiers; the problem is at ``fact`` with the rule for names."""
    with pytest.raises(InvalidDefinitionError) as error:
        make()

    assert error.value.problems == (
        ("fact", "fact_name", "must be a fact name: letters, digits and _, not starting a digit"),
    )


def test_an_amount_limit_names_itself_shows_the_amount_and_needs_its_fact() -> None:
    """amount_at_most shows the amount read, and a missing amount is a problem at its path."""
    rule = amount_at_most(Money.of("500", "USD"), fact="charge")
    trace = rule.evaluate({"charge": Money.of("20", "USD")}).trace

    assert (trace.rule, trace.inputs) == (
        "amount_at_most(charge, 500 USD)",
        (("charge", "20 USD"),),
    )
    with pytest.raises(InvalidInputError) as error:
        amount_at_most(Money.of("500", "USD"), fact="charge").evaluate({})
    assert error.value.problems == (("facts.charge", "missing", _REQUIRED),)


@pytest.mark.parametrize("combine", [all_of, any_of], ids=["all_of", "any_of"])
def test_a_combinator_needs_at_least_one_rule(combine: Callable[..., Rule]) -> None:
    """An empty all_of or any_of is a definition error named after the combinator."""
    with pytest.raises(InvalidDefinitionError) as error:
        combine()

    assert error.value.problems == ((combine.__name__, "empty", "needs at least one rule"),)


@pytest.mark.parametrize("first_failing", [0, 1, 2], ids=["first", "second", "third"])
@pytest.mark.parametrize("width", [3, 4])
def test_all_of_fails_when_any_child_fails_whatever_the_width(
    first_failing: int, width: int
) -> None:
    """all_of over three or four rules fails when any one of them fails."""
    facts = {f"f{i}": i != first_failing for i in range(width)}

    out = all_of(*(flag(f"f{i}") for i in range(width))).evaluate(facts)

    assert out.passed is False
    assert [r.code for r in out.reasons] == ["rules.flag_not_set"]


def test_a_predicate_names_the_missing_fact() -> None:
    """A predicate's missing fact is reported by name, built and run inside the test."""
    rule = predicate("p", lambda _a, _b: True, reads=["a", "b"], reason=Reason("x"))

    with pytest.raises(InvalidInputError) as error:
        rule.evaluate({"a": 1})

    assert error.value.problems == (("facts.b", "missing", _REQUIRED),)


class _NamedOnly:
    """Has a name but no evaluate: not a rule."""

    name = "impostor"


@pytest.mark.parametrize(
    ("make", "path"),
    [
        pytest.param(lambda: not_(5), "not", id="not_"),  # type: ignore[arg-type]  # the error under test
        pytest.param(lambda: all_of(_NamedOnly(), flag("a")), "all_of[0]", id="all_of"),  # type: ignore[arg-type]  # the error under test
    ],
)
def test_a_combinator_refuses_what_is_not_a_rule(make: Callable[[], Rule], path: str) -> None:
    """Only objects with a name and an evaluate method are rules."""
    with pytest.raises(InvalidDefinitionError) as error:
        make()

    assert error.value.problems == (
        (path, "not_a_rule", "must be a Rule: an object with a name and an evaluate method"),
    )


@pytest.mark.parametrize("fact", [5, "", "1x"])
def test_a_fact_name_that_is_not_an_identifier_is_refused(fact: Any) -> None:
    """Numbers, empty text and non-identifiers are all refused at ``fact``, never raised raw."""
    with pytest.raises(InvalidDefinitionError) as error:
        flag(fact)

    assert [p.path for p in error.value.problems] == ["fact"]
