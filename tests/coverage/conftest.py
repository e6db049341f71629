"""Compile each coverage test's plans afresh."""

from collections.abc import Iterator

import pytest

from casekit.coverage import _compiled


@pytest.fixture(autouse=True)
def _fresh_compiled_plans() -> Iterator[None]:
    """Empty the cache of compiled plans around each test.

    Plans are compiled once per plan object and kept. A plan built when a test module is
    imported would otherwise be compiled by whichever test used it first, and every later
    test would read that compiled form: the tests would depend on their order, and mutation
    testing (which forks each mutant's run from a process that has already run the tests)
    would never compile such a plan with the mutant in place.
    """
    _compiled._COMPILED.clear()
    yield
    _compiled._COMPILED.clear()
