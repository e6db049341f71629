"""The hook casekit's pytest plugin adds: name your own workflows for rule-test files."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Mapping

    from casekit.case import Case
    from casekit.lifecycle import Workflow


@pytest.hookspec
def pytest_casekit_workflows() -> Mapping[str, Workflow[Case]]:  # type: ignore[empty-body]  # a specification
    """Return workflows by name, for rule-test files to name in ``workflow:``.

    Define it in a ``conftest.py``::

        def pytest_casekit_workflows():
            return {"adult-services": ADULT_SERVICES}
    """
