"""Tools for testing care and coverage rules built on casekit.

* `casekit.testing.strategies`: Hypothesis strategies for every casekit type (needs the
  ``testing`` extra: ``pip install 'casekit[testing]'``);
* `casekit.testing.assertions`: ``assert_allowed``, ``assert_refused``, ``assert_decision``,
  ``assert_covered``, whose failures give the reasons and the trace;
* `workflow_test`: a Hypothesis stateful test for any workflow (needs the extra too);
* `casekit.testing.examples`: River's synthetic plan, policy, claim and case;
* the pytest plugin (``casekit_*`` fixtures, rule tests in ``test_*.casekit.yaml`` files),
  loaded by pytest automatically.

Nothing here is imported by casekit itself, and this package imports Hypothesis only when a
tool that needs it is used.

Examples:
    >>> from casekit.testing import assert_refused, workflow_test
    >>> callable(assert_refused), callable(workflow_test)
    (True, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casekit.testing.assertions import (
        assert_allowed,
        assert_covered,
        assert_decision,
        assert_refused,
    )
    from casekit.testing.stateful import workflow_test

__all__ = ["assert_allowed", "assert_covered", "assert_decision", "assert_refused", "workflow_test"]


def __getattr__(name: str) -> Any:
    # Lazy: the pytest plugin imports this package before pytest may rewrite the assertions
    # module, and workflow_test needs Hypothesis.
    if name == "workflow_test":
        from casekit.testing.stateful import workflow_test  # noqa: PLC0415  # only when asked

        return workflow_test
    if name in __all__:
        from casekit.testing import assertions  # noqa: PLC0415  # only when asked

        return getattr(assertions, name)
    raise AttributeError(f"module 'casekit.testing' has no attribute {name!r}")
