"""Compile each coverage test's plans afresh, with an empty cache of reasons."""

from collections.abc import Iterator

import pytest

from casekit.coverage import _adjudicate, _compiled


@pytest.fixture(autouse=True)
def _fresh_compiled_plans() -> Iterator[None]:
    """Empty the caches of compiled plans and of reasons around each test.

    Plans are compiled once per plan object and kept. A plan built when a test module is
    imported would otherwise be compiled by whichever test used it first, and every later
    test would read that compiled form: the tests would depend on their order, and mutation
    testing (which forks each mutant's run from a process that has already run the tests)
    would never compile such a plan with the mutant in place. Adjudication's cache of
    reasons stops storing once it is full, as it is after a whole run, so a mutant in how
    it stores them would never be stored either.
    """
    _compiled._COMPILED.clear()
    _adjudicate._REASONS.clear()
    yield
    _compiled._COMPILED.clear()
    _adjudicate._REASONS.clear()
