"""Leaf rules: `predicate` for your own tests, and the predicates the care domain needs.

Each leaf reads named facts, is compiled once into a closure, and gives a stable reason code
both when it fails and when it holds (the latter explains a failed `not_`). A fact that is
missing or of the wrong type raises `InvalidInputError` naming ``facts.<name>``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

import attrs

from casekit._reason import Reason
from casekit._validate import MAX_SAFE_INTEGER, TOO_LARGE
from casekit.errors import InvalidDefinitionError, InvalidInputError, Problem
from casekit.money import Money
from casekit.periods import DateRange
from casekit.rules._rule import Facts, Record, _Node
from casekit.rules._trace import PRIVATE, Trace, _text, make_trace

if TYPE_CHECKING:
    from casekit.rules._rule import Rule

Run = Callable[[Facts], Record]

SEXES: Final = frozenset({"male", "female", "other", "unknown"})
"""The administrative sex codes `sex_in` accepts (FHIR ``administrative-gender``)."""

_DATES: Final = frozenset({dt.date})


@runtime_checkable
class Authorizing(Protocol):
    """**Protocol:** an authorisation on file that may cover a service.

    `has_authorization` asks each item of its fact whether it ``authorizes`` the service's
    code on the service date (and, for the coverage module, has units left).

    Examples:
        >>> class OnFile:
        ...     def authorizes(self, code, *, on):
        ...         return code == "CPT|97110"
        >>> isinstance(OnFile(), Authorizing)
        True
    """

    def authorizes(self, code: Any, *, on: dt.date) -> bool:
        """Return whether this authorisation covers *code* on the day *on*."""
        ...


def missing_fact(fact: str) -> InvalidInputError:
    """Return the error for a fact a rule needs but the facts lack."""
    return InvalidInputError(
        [Problem(f"facts.{fact}", "missing", "is required by the rule; add it to the facts")]
    )


def wrong_fact(fact: str, expected: str) -> InvalidInputError:
    """Return the error for a fact of the wrong type (the value is never shown)."""
    return InvalidInputError([Problem(f"facts.{fact}", "type", f"must be {expected}")])


def _fact_name(value: object, field: str) -> str:
    if type(value) is not str or not value or not value.isidentifier():
        raise InvalidDefinitionError.one(
            field, "fact_name", "must be a fact name: letters, digits and _, not starting a digit"
        )
    return value


def _is_date(value: object) -> bool:
    return type(value) in _DATES or (
        isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    )


@attrs.frozen
class _Leaf(_Node):
    """A leaf: its trace shows the facts it read; its reasons come from `_reason`.

    The fields here are compiled by each leaf's ``__attrs_post_init__`` and take no part in
    equality, which compares what the leaf was built from.
    """

    name: str = attrs.field(init=False, eq=False, repr=False)
    _reads: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    _run: Run = attrs.field(init=False, eq=False, repr=False)
    _private: bool = attrs.field(init=False, eq=False, repr=False)

    def _trace(self, record: Record, decisive: bool) -> Trace:  # noqa: FBT001  # private
        reads = self._reads
        if self._private:
            inputs = tuple([(name, PRIVATE) for name in reads])
        elif len(reads) == 1:
            inputs = ((reads[0], _text(record[1][0])),)
        else:
            inputs = tuple([(name, _text(value)) for name, value in zip(reads, record[1])])  # noqa: B905  # same length by construction
        return make_trace(self.name, record[0], decisive, inputs, ())

    def _failed(self, record: Record) -> tuple[Reason, ...]:
        return (self._reason(record, held=False),)

    def _held(self, record: Record) -> tuple[Reason, ...]:
        return (self._reason(record, held=True),)

    def _reason(self, record: Record, *, held: bool) -> Reason:
        raise NotImplementedError


def _setup(node: _Node, name: str, reads: tuple[str, ...], run: Run, *, private: bool) -> None:
    object.__setattr__(node, "name", name)
    object.__setattr__(node, "_reads", reads)
    object.__setattr__(node, "_run", run)
    object.__setattr__(node, "_private", private)


@attrs.frozen
class Predicate(_Leaf):
    """A leaf built by `predicate` from a plain function of some facts."""

    label: str
    test: Callable[..., bool] = attrs.field(eq=False)
    reads: tuple[str, ...]
    reason: Reason
    held_reason: Reason | None = None
    private: bool = False

    def __attrs_post_init__(self) -> None:
        test, reads = self.test, self.reads
        label = self.label

        def run(facts: Facts) -> Record:
            try:
                values = tuple([facts[name] for name in reads])
            except KeyError as missing:
                raise missing_fact(str(missing.args[0])) from None
            passed = test(*values)
            if type(passed) is not bool:
                raise InvalidDefinitionError.one(
                    label, "not_bool", "the predicate's test must return True or False"
                )
            return (passed, values)

        _setup(self, label, reads, run, private=self.private)

    def _reason(self, record: Record, *, held: bool) -> Reason:  # noqa: ARG002  # same shape
        if not held:
            return self.reason
        return self.held_reason or Reason("rules.rule_held", (("rule", self.label),))


def predicate(
    name: str,
    test: Callable[..., bool],
    *,
    reads: Sequence[str],
    reason: Reason,
    held_reason: Reason | None = None,
    private: bool = False,
) -> Rule:
    """Return a leaf rule that passes when ``test(*values of reads)`` is True.

    Args:
        name: the rule's name in traces.
        test: a pure function of the facts named in *reads*, in that order, returning a bool.
        reads: the fact names the test takes: a list or other iterable, not text.
        reason: why the rule failed.
        held_reason: why it held, shown when a `not_` around it fails (default
            ``rules.rule_held`` naming the rule).
        private: show the facts as ``[private]`` in traces (personal data).

    Examples:
        >>> from casekit.rules import Reason, predicate
        >>> adult = predicate("adult", lambda age: age >= 18, reads=["age"],
        ...                   reason=Reason.of("rules.age_below_min", fact="age", min=18))
        >>> adult.evaluate({"age": 16}).messages()
        ('age is under the minimum age of 18',)
        >>> print(adult.evaluate({"age": 16}).trace.render())
        ✗ adult  age=16
    """
    if type(name) is not str or not name.strip():
        raise InvalidDefinitionError.one("name", "type", "must be non-empty text")
    if not callable(test):
        raise InvalidDefinitionError.one("test", "type", "must be a function returning a bool")
    if isinstance(reads, str) or not isinstance(reads, Iterable):
        raise InvalidDefinitionError.one("reads", "type", "must be a list of fact names")
    names = tuple(_fact_name(r, f"reads[{i}]") for i, r in enumerate(reads))
    for field, value in (("reason", reason), ("held_reason", held_reason)):
        if not isinstance(value, Reason) and not (field == "held_reason" and value is None):
            raise InvalidDefinitionError.one(field, "type", "must be a Reason")
    return Predicate(name, test, names, reason, held_reason, private)


@attrs.frozen
class CodeIn(_Leaf):
    """A leaf built by `code_in`."""

    set_name: str
    code_set: Container[Any] = attrs.field(eq=False)
    fact: str = "code"
    on_fact: str | None = None
    private: bool = False

    def __attrs_post_init__(self) -> None:
        fact, on_fact, code_set = self.fact, self.on_fact, self.code_set
        if on_fact is None:

            def run(facts: Facts) -> Record:
                try:
                    code = facts[fact]
                except KeyError:
                    raise missing_fact(fact) from None
                try:
                    found = code in code_set
                except TypeError:  # such as a list, which a set cannot hold
                    raise wrong_fact(fact, "a code the code set can hold") from None
                return (found, (code,))

            reads: tuple[str, ...] = (fact,)
        else:
            contains = code_set.contains  # type: ignore[attr-defined]  # checked by code_in

            def run(facts: Facts) -> Record:
                try:
                    code = facts[fact]
                    on = facts[on_fact]
                except KeyError as missing:
                    raise missing_fact(str(missing.args[0])) from None
                if not _is_date(on):
                    raise wrong_fact(on_fact, "a date")
                return (contains(code, on=on), (code, on))

            reads = (fact, on_fact)
        _setup(self, f"code_in({fact}, {self.set_name})", reads, run, private=self.private)

    def _reason(self, record: Record, *, held: bool) -> Reason:
        code = "rules.code_in_set" if held else "rules.code_not_in_set"
        shown = PRIVATE if self.private else _text(record[1][0])
        params = (("code", shown), ("fact", self.fact), ("set", self.set_name))
        return Reason(code, params)


def code_in(
    code_set: Container[Any],
    *,
    fact: str = "code",
    on_fact: str | None = None,
    set_name: str | None = None,
    private: bool = False,
) -> Rule:
    """Return a rule that passes when the code in fact *fact* is in *code_set*.

    With *on_fact*, membership is asked on that day (``code_set.contains(code, on=day)``),
    for a `casekit.codes.CodeSet` whose codes have effective dates. *set_name* is how
    traces, reasons and the data form refer to the set; it defaults to ``code_set.name``.
    With *private*, traces and reasons show ``[private]`` instead of the code: use it for a
    code that says something about the person, such as a diagnosis.

    Examples:
        >>> from casekit.codes import Code, CodeSet, CodeSystem
        >>> from casekit.rules import code_in
        >>> visits = CodeSet.of(CodeSystem.CPT, "99211-99215", name="office_visits")
        >>> rule = code_in(visits)
        >>> rule.evaluate({"code": Code(CodeSystem.CPT, "99213")}).passed
        True
        >>> rule.evaluate({"code": Code(CodeSystem.CPT, "27447")}).messages()
        ('code CPT|27447 is not in the code set office_visits',)
        >>> code_in(frozenset({"A", "B"}), set_name="letters").evaluate({"code": "C"}).passed
        False
    """
    if set_name is None:
        set_name = getattr(code_set, "name", None)
    if type(set_name) is not str or not set_name.strip():
        raise InvalidDefinitionError.one(
            "set_name", "type", "name the code set: give set_name or a CodeSet with a name"
        )
    if not isinstance(code_set, Container):
        raise InvalidDefinitionError.one("code_set", "type", "must support `code in code_set`")
    if on_fact is not None:
        _fact_name(on_fact, "on_fact")
        if not callable(getattr(code_set, "contains", None)):
            raise InvalidDefinitionError.one(
                "on_fact", "not_dated", "the code set needs contains(code, on=day) to use on_fact"
            )
    return CodeIn(set_name, code_set, _fact_name(fact, "fact"), on_fact, _flag(private, "private"))


@attrs.frozen
class DateIn(_Leaf):
    """A leaf built by `date_in`."""

    period: DateRange | None = None
    fact: str = "on"
    period_fact: str | None = None
    private: bool = False

    def __attrs_post_init__(self) -> None:
        fact, period_fact = self.fact, self.period_fact
        if self.period is not None:
            start, end = self.period.start, self.period.end

            def run(facts: Facts) -> Record:
                try:
                    on: Any = facts[fact]
                except KeyError:
                    raise missing_fact(fact) from None
                if type(on) not in _DATES and not _is_date(on):
                    raise wrong_fact(fact, "a date")
                return (start <= on <= end, (on,))

            reads: tuple[str, ...] = (fact,)
            shown = _text(self.period)
        else:
            pf: str = period_fact  # type: ignore[assignment]  # one of the two, by date_in

            def run(facts: Facts) -> Record:
                try:
                    on: Any = facts[fact]
                    period = facts[pf]
                except KeyError as missing:
                    raise missing_fact(str(missing.args[0])) from None
                if type(on) not in _DATES and not _is_date(on):
                    raise wrong_fact(fact, "a date")
                if type(period) is not DateRange:
                    raise wrong_fact(pf, "a DateRange")
                return (period.start <= on <= period.end, (on, period))

            reads = (fact, pf)
            shown = pf
        _setup(self, f"date_in({fact}, {shown})", reads, run, private=self.private)

    def _reason(self, record: Record, *, held: bool) -> Reason:  # noqa: ARG002  # same shape
        code = "rules.date_in_range" if held else "rules.date_outside_range"
        period = _text(self.period) if self.period is not None else str(self.period_fact)
        return Reason(code, (("fact", self.fact), ("period", period)))


def date_in(
    period: DateRange | None = None,
    *,
    fact: str = "on",
    period_fact: str | None = None,
    private: bool = False,
) -> Rule:
    """Return a rule that passes when the date in *fact* falls in a range (ends included).

    Give the range itself as *period*, or the name of a fact holding a `DateRange` as
    *period_fact* (such as each member's policy period); exactly one of the two. With
    *private*, traces show ``[private]`` instead of the date (and the period, when it is a
    fact): use it for a date about the person, such as a diagnosis date.

    Examples:
        >>> import pendulum
        >>> from casekit.periods import DateRange
        >>> from casekit.rules import date_in
        >>> year = date_in(DateRange.of("2024-01-01", "2024-12-31"))
        >>> year.evaluate({"on": pendulum.date(2024, 12, 31)}).passed
        True
        >>> rule = date_in(period_fact="coverage")
        >>> coverage = DateRange.of("2024-01-01", "2024-12-31")
        >>> rule.evaluate({"on": pendulum.date(2025, 1, 1), "coverage": coverage}).messages()
        ('on is outside coverage',)
    """
    if (period is None) == (period_fact is None):
        raise InvalidDefinitionError.one(
            "period", "one_of", "give either a period or a period_fact, not both or neither"
        )
    if period is not None and type(period) is not DateRange:
        raise InvalidDefinitionError.one("period", "type", "must be a DateRange")
    if period_fact is not None:
        _fact_name(period_fact, "period_fact")
    return DateIn(period, _fact_name(fact, "fact"), period_fact, _flag(private, "private"))


def _bound(value: object, field: str) -> int | None:
    if value is not None and (type(value) is not int or value < 0):
        raise InvalidDefinitionError.one(field, "type", "must be a whole number ≥ 0 or None")
    if value is not None and value > MAX_SAFE_INTEGER:
        raise InvalidDefinitionError.one(field, "too_large", TOO_LARGE)
    return value


@attrs.frozen
class AgeBetween(_Leaf):
    """A leaf built by `age_between`."""

    at_least: int | None = None
    at_most: int | None = None
    fact: str = "age"
    private: bool = True

    def __attrs_post_init__(self) -> None:
        fact = self.fact
        low = -1 if self.at_least is None else self.at_least
        high = 1 << 62 if self.at_most is None else self.at_most

        def run(facts: Facts) -> Record:
            try:
                age = facts[fact]
            except KeyError:
                raise missing_fact(fact) from None
            if type(age) is not int:
                raise wrong_fact(fact, "a whole number of years")
            return (low <= age <= high, (age,))

        shown = f"{_blank(self.at_least)}..{_blank(self.at_most)}"
        _setup(self, f"age_between({fact}, {shown})", (fact,), run, private=self.private)

    def _reason(self, record: Record, *, held: bool) -> Reason:
        if held:
            return Reason("rules.age_in_range", (("ages", self._ages()), ("fact", self.fact)))
        if self.at_least is not None and record[1][0] < self.at_least:
            return Reason("rules.age_below_min", (("fact", self.fact), ("min", self.at_least)))
        return Reason("rules.age_above_max", (("fact", self.fact), ("max", self.at_most or 0)))

    def _ages(self) -> str:
        if self.at_least is None:
            return f"at most {self.at_most}"
        if self.at_most is None:
            return f"at least {self.at_least}"
        return f"{self.at_least} to {self.at_most}"


def _blank(bound: int | None) -> str:
    return "" if bound is None else str(bound)


def age_between(
    *,
    at_least: int | None = None,
    at_most: int | None = None,
    fact: str = "age",
    private: bool = True,
) -> Rule:
    """Return a rule that passes when the age in *fact* is *at_least* to *at_most* (inclusive).

    Ages are personal data, so traces show ``[private]`` unless *private* is False.

    Examples:
        >>> from casekit.rules import age_between
        >>> adult = age_between(at_least=18)
        >>> adult.evaluate({"age": 17}).messages()
        ('age is under the minimum age of 18',)
        >>> print(adult.evaluate({"age": 17}).trace.render())
        ✗ age_between(age, 18..)  age=[private]
    """
    low, high = _bound(at_least, "at_least"), _bound(at_most, "at_most")
    if low is None and high is None:
        raise InvalidDefinitionError.one("at_least", "missing", "give at_least, at_most or both")
    if low is not None and high is not None and low > high:
        raise InvalidDefinitionError.one("at_most", "range_order", "must be at least at_least")
    return AgeBetween(low, high, _fact_name(fact, "fact"), _flag(private, "private"))


def _flag(value: object, field: str) -> bool:
    if type(value) is not bool:
        raise InvalidDefinitionError.one(field, "type", "must be true or false")
    return value


@attrs.frozen
class SexIn(_Leaf):
    """A leaf built by `sex_in`."""

    allowed: tuple[str, ...]
    fact: str = "sex"
    private: bool = True

    def __attrs_post_init__(self) -> None:
        fact, allowed = self.fact, frozenset(self.allowed)

        def run(facts: Facts) -> Record:
            try:
                sex = facts[fact]
            except KeyError:
                raise missing_fact(fact) from None
            if not isinstance(sex, str):
                raise wrong_fact(fact, "an administrative sex code")
            return (sex in allowed, (sex,))

        name = f"sex_in({fact}, {'|'.join(self.allowed)})"
        _setup(self, name, (fact,), run, private=self.private)

    def _reason(self, record: Record, *, held: bool) -> Reason:  # noqa: ARG002  # same shape
        code = "rules.sex_allowed" if held else "rules.sex_not_allowed"
        return Reason(code, (("allowed", ", ".join(self.allowed)), ("fact", self.fact)))


def sex_in(allowed: Iterable[str], *, fact: str = "sex", private: bool = True) -> Rule:
    """Return a rule that passes when the administrative sex in *fact* is one of *allowed*.

    Codes are FHIR's: ``male``, ``female``, ``other``, ``unknown``. Traces show
    ``[private]`` unless *private* is False.

    Examples:
        >>> from casekit.rules import sex_in
        >>> sex_in(["female"]).evaluate({"sex": "male"}).messages()
        ('sex is not one of: female',)
    """
    given: object = allowed
    if isinstance(given, str):
        given = (given,)
    elif not isinstance(given, Iterable):
        raise InvalidDefinitionError.one(
            "allowed", "type", "must be a list of male, female, other, unknown"
        )
    values: list[str] = []
    for i, value in enumerate(given):
        if not isinstance(value, str):
            raise InvalidDefinitionError.one(
                f"allowed[{i}]", "type", "must be text: male, female, other or unknown"
            )
        values.append(value)
    if not values or not all(s in SEXES for s in values):
        raise InvalidDefinitionError.one(
            "allowed", "sex", "must be one or more of male, female, other, unknown"
        )
    return SexIn(tuple(sorted(set(values))), _fact_name(fact, "fact"), _flag(private, "private"))


@attrs.frozen
class CountBelow(_Leaf):
    """A leaf built by `count_below`."""

    limit: int
    fact: str

    def __attrs_post_init__(self) -> None:
        fact, limit = self.fact, self.limit

        def run(facts: Facts) -> Record:
            try:
                used = facts[fact]
            except KeyError:
                raise missing_fact(fact) from None
            if type(used) is not int:
                raise wrong_fact(fact, "a whole number")
            return (used < limit, (used,))

        _setup(self, f"count_below({fact}, {limit})", (fact,), run, private=False)

    def _reason(self, record: Record, *, held: bool) -> Reason:  # noqa: ARG002  # same shape
        code = "rules.count_below_limit" if held else "rules.count_at_limit"
        return Reason(code, (("fact", self.fact), ("limit", self.limit)))


def count_below(limit: int, *, fact: str) -> Rule:
    """Return a rule that passes when the count in *fact* is below *limit* (visits used < 20).

    Examples:
        >>> from casekit.rules import count_below
        >>> rule = count_below(20, fact="visits_used")
        >>> rule.evaluate({"visits_used": 19}).passed, rule.evaluate({"visits_used": 20}).passed
        (True, False)
    """
    if type(limit) is not int or limit < 0:
        raise InvalidDefinitionError.one("limit", "type", "must be a whole number ≥ 0")
    if limit > MAX_SAFE_INTEGER:
        raise InvalidDefinitionError.one("limit", "too_large", TOO_LARGE)
    return CountBelow(limit, _fact_name(fact, "fact"))


@attrs.frozen
class AmountAtMost(_Leaf):
    """A leaf built by `amount_at_most`."""

    limit: Money
    fact: str = "amount"

    def __attrs_post_init__(self) -> None:
        fact, amount, currency = self.fact, self.limit.amount, self.limit.currency

        def run(facts: Facts) -> Record:
            try:
                money = facts[fact]
            except KeyError:
                raise missing_fact(fact) from None
            if type(money) is not Money or money.currency != currency:
                raise wrong_fact(fact, f"Money in {currency}")
            return (money.amount <= amount, (money,))

        _setup(self, f"amount_at_most({fact}, {self.limit})", (fact,), run, private=False)

    def _reason(self, record: Record, *, held: bool) -> Reason:  # noqa: ARG002  # same shape
        code = "rules.amount_within_limit" if held else "rules.amount_over_limit"
        return Reason(code, (("fact", self.fact), ("limit", str(self.limit))))


def amount_at_most(limit: Money, *, fact: str = "amount") -> Rule:
    """Return a rule that passes when the money in *fact* is at most *limit* (same currency).

    Examples:
        >>> from casekit.money import Money
        >>> from casekit.rules import amount_at_most
        >>> rule = amount_at_most(Money.of("500", "USD"), fact="charge")
        >>> rule.evaluate({"charge": Money.of("500.01", "USD")}).messages()
        ('charge is over the limit of 500 USD',)
    """
    if type(limit) is not Money:
        raise InvalidDefinitionError.one("limit", "type", "must be Money")
    return AmountAtMost(limit, _fact_name(fact, "fact"))


@attrs.frozen
class HasAuthorization(_Leaf):
    """A leaf built by `has_authorization`."""

    fact: str = "authorizations"
    code_fact: str = "code"
    on_fact: str = "on"

    def __attrs_post_init__(self) -> None:
        fact, code_fact, on_fact = self.fact, self.code_fact, self.on_fact

        def run(facts: Facts) -> Record:
            try:
                auths = facts[fact]
                code = facts[code_fact]
                on = facts[on_fact]
            except KeyError as missing:
                raise missing_fact(str(missing.args[0])) from None
            if type(auths) is not tuple and not isinstance(auths, (tuple, list, frozenset)):
                raise wrong_fact(fact, "a tuple of authorisations")
            if type(on) not in _DATES and not _is_date(on):
                raise wrong_fact(on_fact, "a date")
            try:
                found = any(a.authorizes(code, on=on) for a in auths)
            except AttributeError:
                raise wrong_fact(fact, "a tuple of authorisations") from None
            return (found, (auths, code, on))

        _setup(self, f"has_authorization({fact})", (fact, code_fact, on_fact), run, private=False)

    def _reason(self, record: Record, *, held: bool) -> Reason:  # noqa: ARG002  # same shape
        code = "rules.authorization_present" if held else "rules.authorization_missing"
        return Reason(code, (("fact", self.fact),))


def has_authorization(
    *, fact: str = "authorizations", code_fact: str = "code", on_fact: str = "on"
) -> Rule:
    """Return a rule that passes when an authorisation in *fact* covers the service.

    Each item must be `Authorizing`: ``item.authorizes(code, on=day)``.

    Examples:
        >>> import pendulum
        >>> from casekit.rules import has_authorization
        >>> class OnFile:
        ...     def authorizes(self, code, *, on):
        ...         return code == "CPT|97110"
        >>> rule = has_authorization()
        >>> day = pendulum.date(2024, 5, 1)
        >>> rule.evaluate({"authorizations": (OnFile(),), "code": "CPT|97110", "on": day}).passed
        True
        >>> rule.evaluate({"authorizations": (), "code": "CPT|97110", "on": day}).messages()
        ('no prior authorisation in authorizations covers this service',)
    """
    return HasAuthorization(
        _fact_name(fact, "fact"), _fact_name(code_fact, "code_fact"), _fact_name(on_fact, "on_fact")
    )


@attrs.frozen
class Flag(_Leaf):
    """A leaf built by `flag`."""

    fact: str

    def __attrs_post_init__(self) -> None:
        fact = self.fact

        def run(facts: Facts) -> Record:
            try:
                value = facts[fact]
            except KeyError:
                raise missing_fact(fact) from None
            if value is True:
                return (True, (True,))
            if value is False:
                return (False, (False,))
            raise wrong_fact(fact, "true or false")

        _setup(self, f"flag({fact})", (fact,), run, private=False)

    def _reason(self, record: Record, *, held: bool) -> Reason:  # noqa: ARG002  # same shape
        return Reason("rules.flag_set" if held else "rules.flag_not_set", (("fact", self.fact),))


def flag(fact: str) -> Rule:
    """Return a rule that passes when the fact *fact* is True (a yes/no fact).

    Examples:
        >>> from casekit.rules import flag
        >>> flag("referral_on_file").evaluate({"referral_on_file": False}).messages()
        ('referral_on_file is not set',)
    """
    return Flag(_fact_name(fact, "fact"))


__all__ = [
    "SEXES",
    "AgeBetween",
    "AmountAtMost",
    "Authorizing",
    "CodeIn",
    "CountBelow",
    "DateIn",
    "Flag",
    "HasAuthorization",
    "Predicate",
    "SexIn",
    "age_between",
    "amount_at_most",
    "code_in",
    "count_below",
    "date_in",
    "flag",
    "has_authorization",
    "missing_fact",
    "predicate",
    "wrong_fact",
]
