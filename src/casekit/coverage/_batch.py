"""adjudicate_many: streaming adjudication of many members' lines, one member's run at a time."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from functools import partial
from typing import Any, Final, Generic, TypeVar

from casekit import limits
from casekit.coverage._accumulators import Accumulators
from casekit.coverage._adjudicate import adjudicate_within
from casekit.coverage._decision import Adjudication
from casekit.coverage._policy import Authorization, Policy, ServiceLine
from casekit.errors import InvalidInputError, Problem

__all__ = ["BatchAdjudication", "adjudicate_many"]

M = TypeVar("M", bound=Hashable)

RUN: Final = 10_000
"""The most lines of one member adjudicated together by default: a run's memory bound."""

_LINE_PATH: Final = re.compile(r"^lines\[(\d+)\]")


class BatchAdjudication(Generic[M]):
    """The results of `adjudicate_many`: an iterator of ``(member, Adjudication)`` pairs,
    one per run of a member's lines, and the accumulators of every member once exhausted.

    Each `Adjudication` holds the run's decisions, in adjudication order (service date, then
    line number), and the member's accumulators after them. `accumulators` maps every member
    given in *accumulators* or seen in the lines to its accumulators after the runs yielded
    so far: after the last run, the final ones.

    The iterator is single-use and not thread-safe, like any generator.
    """

    __slots__ = ("_accumulators", "_runs")

    def __init__(
        self,
        policy_for: Callable[[M], Policy],
        lines: Iterable[tuple[M, ServiceLine]],
        accumulators: Mapping[M, Accumulators],
        authorizations_for: Callable[[M], Iterable[Authorization]] | None,
        run: int,
    ) -> None:
        self._accumulators: dict[M, Accumulators] = dict(accumulators)
        self._runs = _adjudicated(
            policy_for,
            iter(lines),
            self._accumulators,
            authorizations_for,
            run,
            units_per_line=limits.budget().units_per_line,  # the budget at the call
        )

    def __iter__(self) -> BatchAdjudication[M]:
        return self

    def __next__(self) -> tuple[M, Adjudication]:
        return next(self._runs)

    def __repr__(self) -> str:
        return f"<BatchAdjudication: {len(self._accumulators)} members' accumulators>"

    @property
    def accumulators(self) -> dict[M, Accumulators]:
        """Every member's accumulators after the runs yielded so far (a new dict)."""
        return dict(self._accumulators)


def adjudicate_many(
    policy_for: Callable[[M], Policy],
    lines: Iterable[tuple[M, ServiceLine]],
    *,
    accumulators: Mapping[M, Accumulators],
    authorizations_for: Callable[[M], Iterable[Authorization]] | None = None,
    run: int = RUN,
) -> BatchAdjudication[M]:
    """Adjudicate many members' lines as they stream in, and yield each member's decisions.

    *lines* is any iterable of ``(member, line)`` pairs: *member* is the application's
    hashable key for whoever owns one set of accumulators (a member id, say; it never
    appears in a message), and *line* a `ServiceLine`. ``policy_for(member)`` returns that
    member's `Policy` (a function, or a dict's ``__getitem__``); a `LookupError` from it
    means the member is unknown. ``authorizations_for(member)``, if given, returns the
    member's authorisations. *accumulators* maps members to the accumulators they start
    from; a member it lacks starts from empty accumulators in its plan's currency.

    Consecutive pairs of one member form a run, of at most *run* lines. Each run is one
    `adjudicate` call with the accumulators the member's previous run left, so a member's
    runs give exactly the decisions and accumulators of one `adjudicate` call over all its
    lines, provided each run's lines come after its previous runs' in adjudicate's order
    (service date, then line number). That holds whenever each member's lines arrive
    together (in any order among themselves, up to *run* lines), or in that order (members
    interleaved freely, as a feed sorted by service date is). A line that would come before
    one already adjudicated is refused rather than given a different result. Memory is
    bounded by one run's lines plus one accumulators and one line key per member, never by
    the number of lines.

    Results stream: nothing is read until the first pair is asked for. A bad line raises
    when its run is reached, after the runs before it were yielded; the member's
    accumulators stay those of its last run yielded. The ``units_per_line`` budget of
    `casekit.limits` is read when `adjudicate_many` is called and holds for every run,
    however late the results are iterated.

    Raises:
        InvalidInputError: at ``policy_for``, ``authorizations_for``, ``accumulators`` or
            ``run`` if it is not a callable, a mapping to `Accumulators` or a whole number
            ≥ 1; at ``lines`` if it is not iterable; while iterating, at ``lines[i]`` for
            the i-th pair if it is not a (member, ServiceLine) pair, its member is not
            hashable or has no policy (``unknown_member``), or it comes before a line of the
            same member already adjudicated (``out_of_order``); at ``lines[i].<field>`` for
            what `adjudicate` refuses, such as a line number repeated in a run or units
            past the budget (``too_large`` at ``lines[i].units``).

    Examples:
        >>> import pendulum
        >>> from casekit.coverage import Benefit, Plan, Policy, ServiceLine, Tier, TierTerms
        >>> from casekit.codes import Code, CodeSystem
        >>> from casekit.periods import DateRange
        >>> from casekit.money import Money
        >>> usd = lambda s: Money.of(s, "USD")
        >>> plan = Plan("basic", tiers=[TierTerms(Tier.IN, deductible=usd("100"))],
        ...             benefits=[Benefit("all")])
        >>> year = DateRange.of("2025-01-01", "2025-12-31")
        >>> policies = {m: Policy(plan, year, member_id=m) for m in ("A-1", "B-2")}
        >>> visit = lambda n, day: ServiceLine(n, Code(CodeSystem.CPT, "99213"),
        ...                                    pendulum.date(2025, 3, day), usd("150"))
        >>> lines = [("A-1", visit(2, 9)), ("A-1", visit(1, 2)), ("B-2", visit(1, 5))]
        >>> results = adjudicate_many(policies.__getitem__, lines, accumulators={})
        >>> for member, run in results:
        ...     print(member, [(d.line_number, str(d.deductible)) for d in run.decisions])
        A-1 [(1, '100.00 USD'), (2, '0.00 USD')]
        B-2 [(1, '100.00 USD')]
        >>> sorted(results.accumulators)
        ['A-1', 'B-2']
    """
    if not callable(policy_for):
        raise InvalidInputError.one("policy_for", "type", "must be a callable: member -> Policy")
    if authorizations_for is not None and not callable(authorizations_for):
        raise InvalidInputError.one(
            "authorizations_for", "type", "must be None or a callable: member -> authorisations"
        )
    starts: object = accumulators  # checked as the caller may pass anything
    if not isinstance(starts, Mapping) or not all(
        isinstance(a, Accumulators) for a in starts.values()
    ):
        raise InvalidInputError.one(
            "accumulators", "type", "must be a mapping of members to Accumulators"
        )
    if type(run) is not int or run < 1:
        raise InvalidInputError.one("run", "positive_int", "must be a whole number ≥ 1")
    given: object = lines  # checked as the caller may pass anything
    if isinstance(given, (str, bytes, bytearray)) or not isinstance(given, Iterable):
        raise InvalidInputError.one(
            "lines", "type", "must be an iterable of (member, ServiceLine) pairs"
        )
    return BatchAdjudication(policy_for, lines, accumulators, authorizations_for, run)


def pair_of(i: int, item: object) -> tuple[Any, ServiceLine]:
    """Return the i-th item of *lines* as a (member, line) pair, or refuse it: the one check
    `adjudicate_many` and `casekit.distributed.adjudicate_partition` share."""
    if type(item) is tuple and len(item) == 2 and type(item[1]) is ServiceLine:  # noqa: PLR2004  # a pair
        member = item[0]
        try:
            hash(member)
        except TypeError:
            raise InvalidInputError.one(
                f"lines[{i}]", "unhashable_member", "must name its member by a hashable key"
            ) from None
        return member, item[1]
    raise InvalidInputError.one(f"lines[{i}]", "type", "must be a (member, ServiceLine) pair")


def _adjudicated(
    policy_for: Callable[[M], Policy],
    pairs: Iterator[tuple[M, ServiceLine]],
    accumulators: dict[M, Accumulators],
    authorizations_for: Callable[[M], Iterable[Authorization]] | None,
    run: int,
    *,
    units_per_line: int,
) -> Iterator[tuple[M, Adjudication]]:
    """Yield each run's member and adjudication, updating *accumulators* as it goes."""
    last: dict[M, tuple[dt.date, int]] = {}  # each member's last line adjudicated, in order
    decide = partial(
        _run,
        policy_for,
        accumulators=accumulators,
        authorizations_for=authorizations_for,
        last=last,
        units_per_line=units_per_line,
    )
    member: Any = None  # set with the first line of each run
    lines: list[ServiceLine] = []
    at: list[int] = []  # each line's index in the input
    for i, item in enumerate(pairs):
        who, line = pair_of(i, item)
        if lines and (who != member or len(lines) == run):
            yield decide(member, lines, at)
            lines, at = [], []
        member = who
        lines.append(line)
        at.append(i)
    if lines:
        yield decide(member, lines, at)


def _run(  # noqa: PLR0917  # private: one run's parts, passed along
    policy_for: Callable[[M], Policy],
    member: M,
    lines: list[ServiceLine],
    at: list[int],
    accumulators: dict[M, Accumulators],
    authorizations_for: Callable[[M], Iterable[Authorization]] | None,
    last: dict[M, tuple[dt.date, int]],
    *,
    units_per_line: int,
) -> tuple[M, Adjudication]:
    """Adjudicate one run of *member*'s lines, after checking it follows the member's last."""
    try:
        policy = policy_for(member)
    except LookupError:
        raise InvalidInputError.one(
            f"lines[{at[0]}]", "unknown_member", "names a member policy_for has no policy for"
        ) from None
    if not isinstance(policy, Policy):
        raise InvalidInputError.one("policy_for", "type", "must return a Policy for each member")
    keys = [(line.service_date, line.line_number) for line in lines]
    previous = last.get(member)
    if previous is not None:
        for j, key in enumerate(keys):
            if key <= previous:
                raise InvalidInputError.one(
                    f"lines[{at[j]}]",
                    "out_of_order",
                    "comes before a line of the same member already adjudicated: give each "
                    "member's lines together, or in order of service date and line number",
                )
    start = accumulators.get(member)
    if start is None:
        start = Accumulators.empty(policy.plan.currency)
    auths = () if authorizations_for is None else authorizations_for(member)
    try:
        result = adjudicate_within(policy, lines, start, auths, units_per_line=units_per_line)
    except InvalidInputError as exc:
        raise InvalidInputError(
            Problem(_LINE_PATH.sub(lambda m: f"lines[{at[int(m[1])]}]", p.path, 1), *p[1:])
            for p in exc.problems
        ) from None
    accumulators[member] = result.accumulators
    last[member] = max(keys)
    return member, result
