"""Adjudication beyond one process: member-keyed partitions, on Dask (the ``dask`` extra) or
any engine that maps a function over partitions, such as Spark.

Each member's lines go to one partition, and each partition adjudicates each of its members
in one `casekit.coverage.adjudicate_many` run: one `casekit.coverage.adjudicate` call per
member, with the accumulators that member starts from. The results are those of the
single-process run by construction. casekit's core never imports this module, and this
module never imports Dask itself: `adjudicate_bag` works on the bag it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

from casekit.coverage import (
    Accumulators,
    Adjudication,
    Authorization,
    Policy,
    ServiceLine,
    adjudicate_many,
)
from casekit.coverage._batch import pair_of

if TYPE_CHECKING:
    import dask.bag

__all__ = ["adjudicate_bag", "adjudicate_partition"]

M = TypeVar("M", bound=Hashable)

_MEMBER = itemgetter(0)


def adjudicate_partition(
    policy_for: Callable[[M], Policy],
    lines: Iterable[tuple[M, ServiceLine]],
    *,
    accumulators: Mapping[M, Accumulators],
    authorizations_for: Callable[[M], Iterable[Authorization]] | None = None,
) -> list[tuple[M, Adjudication]]:
    """Return ``(member, Adjudication)`` for each member in one partition of member-keyed lines.

    *lines* are ``(member, ServiceLine)`` pairs holding every line of each member they name
    (a partition keyed by member), in any order; the arguments are those of
    `casekit.coverage.adjudicate_many`. Each member's lines are adjudicated together, in
    one `adjudicate` call: the results do not depend on the order of the pairs, nor on how
    members are spread over partitions. This is the function an engine maps over its
    partitions (Dask's ``map_partitions``, Spark's ``mapPartitions``); memory is the
    partition's lines.

    Raises:
        InvalidInputError: at ``lines[i]`` for an item that is not a (member, ServiceLine)
            pair; otherwise as `casekit.coverage.adjudicate_many` does, with ``lines[i]``
            then counting the member's lines only.

    Examples:
        >>> import pendulum
        >>> from casekit.coverage import Benefit, Plan, Policy, ServiceLine, Tier, TierTerms
        >>> from casekit.codes import Code, CodeSystem
        >>> from casekit.periods import DateRange
        >>> from casekit.money import Money
        >>> plan = Plan("basic", tiers=[TierTerms(Tier.IN, deductible=Money.of("100", "USD"))],
        ...             benefits=[Benefit("all")])
        >>> year = DateRange.of("2025-01-01", "2025-12-31")
        >>> policies = {m: Policy(plan, year, member_id=m) for m in ("A-1", "B-2")}
        >>> visit = lambda n, day: ServiceLine(n, Code(CodeSystem.CPT, "99213"),
        ...                                    pendulum.date(2025, 3, day), Money.of("80", "USD"))
        >>> pairs = [("A-1", visit(2, 9)), ("B-2", visit(1, 5)), ("A-1", visit(1, 2))]
        >>> for member, result in adjudicate_partition(policies.__getitem__, pairs,
        ...                                            accumulators={}):
        ...     print(member, [str(d.deductible) for d in result.decisions])
        A-1 ['80.00 USD', '20.00 USD']
        B-2 ['80.00 USD']
    """
    by_member: dict[M, list[tuple[M, ServiceLine]]] = {}
    for i, item in enumerate(lines):
        member, line = pair_of(i, item)
        by_member.setdefault(member, []).append((member, line))
    found: list[tuple[M, Adjudication]] = []
    for pairs in by_member.values():
        found.extend(
            adjudicate_many(
                policy_for,
                pairs,
                accumulators=accumulators,
                authorizations_for=authorizations_for,
                run=len(pairs),
            )
        )
    return found


def _grouped_partition(
    groups: Iterable[tuple[Any, list[tuple[Any, ServiceLine]]]],
    policy_for: Callable[[Any], Policy],
    accumulators: Mapping[Any, Accumulators],
    authorizations_for: Callable[[Any], Iterable[Authorization]] | None,
) -> list[tuple[Any, Adjudication]]:
    """Adjudicate one partition of a bag grouped by member: (member, pairs) per member."""
    return adjudicate_partition(
        policy_for,
        (pair for _, pairs in groups for pair in pairs),
        accumulators=accumulators,
        authorizations_for=authorizations_for,
    )


def adjudicate_bag(
    policy_for: Callable[[M], Policy],
    lines: dask.bag.Bag,
    *,
    accumulators: Mapping[M, Accumulators],
    authorizations_for: Callable[[M], Iterable[Authorization]] | None = None,
    partitions: int | None = None,
) -> dask.bag.Bag:
    """Return a Dask bag of ``(member, Adjudication)``, one per member of a bag of lines.

    *lines* is a bag of ``(member, ServiceLine)`` pairs, partitioned any way: it is first
    shuffled so that each member's lines share one partition (*partitions* of them, by
    default as many as *lines* has), then `adjudicate_partition` runs on each. The other
    arguments are those of `casekit.coverage.adjudicate_many`, and are sent to the workers:
    *policy_for* and *authorizations_for* must pickle (cloudpickle, which Dask uses,
    carries lambdas and closures). Each member's decisions and final accumulators are those
    of the single-process run; members with no lines are not in the result. Nothing runs
    until the bag is computed.
    """
    bag: Any = lines  # dask's Bag methods are untyped
    count = bag.npartitions if partitions is None else partitions
    grouped = bag.groupby(_MEMBER, npartitions=count, shuffle="tasks")
    result: dask.bag.Bag = grouped.map_partitions(
        _grouped_partition, policy_for, accumulators, authorizations_for
    )
    return result
