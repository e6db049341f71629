"""casekit.limits: one budget, read where the work starts, changed per thread or task."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit import limits
from casekit.errors import InvalidInputError
from casekit.testing import strategies as cks


def _tree_size(value: object) -> int:
    """Count nodes the plain way, expanding everything (fine for a small tree)."""
    if isinstance(value, dict):
        return 1 + sum(1 + _tree_size(v) for v in value.values())
    if isinstance(value, list | tuple):
        return 1 + sum(_tree_size(v) for v in value)
    return 1


@given(cks.json_values())
def test_a_tree_counts_one_node_per_container_key_and_scalar(value: Any) -> None:
    """Without shared parts the count is the plain recursive count."""
    size = _tree_size(value)

    assert limits.expanded_size(value, limit=10**9) == size


@given(cks.json_values(), st.integers(min_value=1, max_value=30))
def test_a_shared_part_counts_at_every_place_it_appears(part: Any, times: int) -> None:
    """A list of one part repeated is 1 + times * the part's size, however it is shared."""
    shared = [part] * times
    copied = [_copy(part) for _ in range(times)]

    expected = 1 + times * _tree_size(part)

    assert limits.expanded_size(shared, limit=10**9) == expected
    assert limits.expanded_size(copied, limit=10**9) == expected


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


@given(cks.json_values(), st.integers(min_value=0, max_value=50))
def test_the_count_stops_one_past_the_limit(value: Any, limit: int) -> None:
    """Past the limit the answer is limit + 1, whatever the true size."""
    size = _tree_size(value)

    assert limits.expanded_size(value, limit=limit) == min(size, limit + 1)


def test_a_part_that_contains_itself_is_past_any_limit() -> None:
    """A cycle describes an endless document."""
    loop: list[Any] = []
    loop.append({"again": loop})

    assert limits.expanded_size(loop, limit=10**9) == 10**9 + 1


def test_depth_is_no_problem_for_the_count() -> None:
    """The walk keeps its own stack: 200,000 nested lists are counted, not a RecursionError."""
    nested: list[Any] = []
    for _ in range(200_000):
        nested = [nested]

    assert limits.expanded_size(nested, limit=10**6) == 200_001


def test_using_changes_the_budget_for_the_block_only_and_nests() -> None:
    """Blocks nest; each restores the budget it found."""
    with limits.using(nodes=10) as outer:
        with limits.using(problems=3) as inner:
            assert inner == limits.Budget(nodes=10, problems=3)
        assert limits.current() is outer

    assert limits.current() == limits.DEFAULT


def test_a_budget_set_in_one_thread_is_not_seen_in_another() -> None:
    """Two threads load under their own budgets at once."""
    seen: dict[str, int] = {}
    inside = threading.Barrier(2)

    def work(name: str, nodes: int) -> None:
        with limits.using(nodes=nodes):
            inside.wait()
            seen[name] = limits.current().nodes

    threads = [threading.Thread(target=work, args=(n, k)) for n, k in (("a", 10), ("b", 20))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert seen == {"a": 10, "b": 20}
    assert limits.current().nodes == limits.DEFAULT.nodes


@pytest.mark.parametrize(
    ("make", "paths"),
    [
        (lambda: limits.Budget(nodes=0, problems=1.5), ["nodes", "problems"]),  # type: ignore[arg-type]
        (lambda: limits.Budget(events_per_log=True), ["events_per_log"]),
    ],
)
def test_a_budget_must_be_whole_numbers_of_at_least_one(make: Any, paths: list[str]) -> None:
    """Zero, fractions and booleans are refused, each at its field."""
    with pytest.raises(InvalidInputError) as caught:
        make()

    assert [p.path for p in caught.value.problems] == paths


def test_using_refuses_something_that_is_not_a_budget() -> None:
    """A mapping is not a Budget: give the fields as keywords."""
    with pytest.raises(InvalidInputError) as caught, limits.using({"nodes": 3}):  # type: ignore[arg-type]
        pass

    assert caught.value.problems[0].path == "budget"


# --- events per log ---------------------------------------------------------------------------


def _monitoring_case():  # type: ignore[no-untyped-def]
    from casekit.lifecycle.examples import example_case

    return example_case("monitoring")


def test_a_log_past_the_events_budget_is_refused_by_every_reader() -> None:
    """rebuild, replay and from_json refuse a log longer than events_per_log, naming it."""
    from casekit.case import Case, rebuild
    from casekit.lifecycle import STANDARD, replay
    from casekit.serialization import from_json, to_json

    case = _monitoring_case()
    n = len(case.history)
    text = to_json(case)
    with limits.using(events_per_log=n - 1):
        for read, path in [
            (lambda: rebuild(case.history), "history"),
            (lambda: replay(case.history, workflow=STANDARD), "events"),
            (lambda: from_json(text, Case), "history"),
        ]:
            with pytest.raises(InvalidInputError) as caught:
                read()
            assert [(p.path, p.code) for p in caught.value.problems] == [(path, "too_large")]
    with limits.using(events_per_log=n):  # exactly the budget is taken
        assert rebuild(case.history) == replay(case.history, workflow=STANDARD) == case
        assert from_json(text, Case) == case


def test_replay_reads_an_endless_log_only_to_the_budget() -> None:
    """An endless iterable of events is refused after budget + 1 events, not read forever."""
    import itertools

    from casekit.lifecycle import STANDARD, replay

    first = _monitoring_case().history[0]
    taken = 0

    def endless():  # type: ignore[no-untyped-def]
        nonlocal taken
        for _ in itertools.count():
            taken += 1
            yield first

    with limits.using(events_per_log=50), pytest.raises(InvalidInputError) as caught:
        replay(endless(), workflow=STANDARD)
    assert caught.value.problems[0].code == "too_large"
    assert taken == 51


def test_the_verbs_refuse_to_append_past_the_events_budget() -> None:
    """apply and the record verbs refuse the event that would pass events_per_log, and the
    case they were given is unchanged; at the budget they append."""
    from casekit.case import Contact, ContactMode, record_contact
    from casekit.lifecycle import apply

    case = _monitoring_case()
    n = len(case.history)
    at = case.history[-1].at
    call = Contact("ct-1", ContactMode.PHONE, at, 10, "cm-1")
    with limits.using(events_per_log=n):
        for verb in [
            lambda: apply(case, "reassess", at=at, by="cm-1"),
            lambda: record_contact(case, call, at=at, by="cm-1"),
        ]:
            with pytest.raises(InvalidInputError) as caught:
                verb()
            assert [(p.path, p.code) for p in caught.value.problems] == [("history", "too_large")]
        assert len(case.history) == n and case.contacts == ()
    with limits.using(events_per_log=n + 1):
        assert len(record_contact(case, call, at=at, by="cm-1").history) == n + 1
        assert len(apply(case, "reassess", at=at, by="cm-1").history) == n + 1


def test_the_fewest_events_ever_in_force_only_goes_down_and_changes_no_answer() -> None:
    """The floor apply compares with first follows the smallest events_per_log entered, from
    any thread, and a case past it is still judged by the budget in force."""
    from casekit.lifecycle import apply

    case = _monitoring_case()
    at = case.history[-1].at
    lows = [7, 5, 9, 6]
    threads = [
        threading.Thread(target=lambda n=n: limits.using(events_per_log=n).__enter__())
        for n in lows
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert limits.fewest_events <= min(lows) < len(case.history)
    assert len(apply(case, "reassess", at=at, by="cm-1").history) == len(case.history) + 1
    with limits.using(events_per_log=len(case.history)), pytest.raises(InvalidInputError):
        apply(case, "reassess", at=at, by="cm-1")
