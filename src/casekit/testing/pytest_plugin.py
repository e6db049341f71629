"""casekit's pytest plugin: ``casekit_*`` fixtures, assertion rewriting, rule tests as data.

pytest loads it through the ``pytest11`` entry point ``casekit``. At module level it imports
only pytest and casekit (Hypothesis is never imported here), so it costs other test runs
almost nothing. It offers:

* fixtures: ``casekit_at`` (a fixed, timezone-aware time), ``casekit_standard_workflow``,
  ``casekit_patient``, ``casekit_manager``, ``casekit_case`` (River's new case),
  ``casekit_case_in`` (a factory: a case in any reachable state), ``casekit_plan``,
  ``casekit_policy``, ``casekit_lines`` and ``casekit_authorization`` (River's);
* assertion rewriting for `casekit.testing.assertions`;
* collection of ``test_*.casekit.yaml``, ``.casekit.yml`` and ``.casekit.json`` rule files,
  one test item per named case (see `casekit.testing._rule_files`);
* the marker ``casekit_rules``, set on every rule-file item;
* the hook ``pytest_casekit_workflows()``: a conftest returns ``{name: workflow}`` for the
  workflows rule files name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pytest

pytest.register_assert_rewrite("casekit.testing.assertions")

from casekit.case import Case  # noqa: E402  # after the rewrite hook, as pytest requires
from casekit.lifecycle import STANDARD, Workflow  # noqa: E402
from casekit.testing import examples  # noqa: E402

if TYPE_CHECKING:
    from casekit.coverage import Authorization, Plan, Policy, ServiceLine
    from casekit.people import CaseManager, Patient
    from casekit.testing._rule_files import RuleCase

_SUFFIXES: Final = (".casekit.yaml", ".casekit.yml", ".casekit.json")


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    """Add the ``pytest_casekit_workflows`` hook."""
    from casekit.testing import _hookspecs  # noqa: PLC0415  # only the specification

    pluginmanager.add_hookspecs(_hookspecs)


def pytest_configure(config: pytest.Config) -> None:
    """Register the plugin's marker."""
    config.addinivalue_line(
        "markers", "casekit_rules: a rule test read from a test_*.casekit.yaml or .json file"
    )


@pytest.fixture
def casekit_at() -> dt.datetime:
    """A fixed, timezone-aware time: Monday 3 March 2025, 09:00 UTC."""
    return examples.AT


@pytest.fixture
def casekit_standard_workflow() -> Workflow[Case]:
    """The standard case-management workflow."""
    return STANDARD


@pytest.fixture
def casekit_patient() -> Patient:
    """River, a synthetic patient."""
    return examples.river()


@pytest.fixture
def casekit_manager() -> CaseManager:
    """River's nurse case manager, ``cm-ana``."""
    return examples.river_manager()


@pytest.fixture
def casekit_case() -> Case:
    """River's case, just opened under the standard workflow at ``casekit_at``."""
    return examples.river_case()


@pytest.fixture
def casekit_case_in() -> Callable[..., Case]:
    """A factory: ``casekit_case_in("monitoring", workflow=...)`` is a case in that state.

    The case is reached through a valid history (the records and data guards ask for are
    supplied); it raises ``ValueError`` for a state the workflow cannot reach.
    """
    return examples.case_in


@pytest.fixture
def casekit_plan() -> Plan:
    """River's silver plan (`casekit.testing.examples.river_plan`)."""
    return examples.river_plan()


@pytest.fixture
def casekit_policy() -> Policy:
    """River's 2025 enrolment in the silver plan."""
    return examples.river_policy()


@pytest.fixture
def casekit_lines() -> tuple[ServiceLine, ...]:
    """River's four claim lines."""
    return examples.river_lines()


@pytest.fixture
def casekit_authorization() -> Authorization:
    """River's prior authorisation ``PA-778`` for therapy."""
    return examples.river_authorization()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect ``test_*.casekit.yaml`` / ``.yml`` / ``.json`` files as rule tests."""
    name = file_path.name
    if name.startswith("test_") and name.endswith(_SUFFIXES):
        return RuleFile.from_parent(parent, path=file_path)
    return None


class RuleFile(pytest.File):
    """A rule-test file: one item per named case."""

    def collect(self) -> list[pytest.Item]:
        """Read the file's cases; a malformed file is one clear collection error."""
        from casekit.testing._rule_files import read_rule_file  # noqa: PLC0415  # on demand

        workflows: dict[str, Workflow[Case]] = {}
        for found in self.config.hook.pytest_casekit_workflows():
            workflows.update(found)
        return [
            RuleItem.from_parent(self, name=case.name, case=case)
            for case in read_rule_file(self.path, workflows)
        ]

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]  # as pytest.Collector
        """Show a malformed file's path and problem, without a traceback."""
        from casekit.testing._rule_files import RuleFileError  # noqa: PLC0415  # on demand

        if isinstance(excinfo.value, RuleFileError):
            return f"malformed casekit rule file {excinfo.value}"
        return super().repr_failure(excinfo)


class RuleItem(pytest.Item):
    """One named case of a rule-test file."""

    def __init__(self, *, case: RuleCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.add_marker(pytest.mark.casekit_rules)

    def runtest(self) -> None:
        """Run the case: adjudicate or apply the events, and compare with the file."""
        self.case.run()

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        """Show the differences field by field, with the reasons and the trace."""
        from casekit.testing._rule_files import RuleTestError  # noqa: PLC0415  # on demand

        if isinstance(excinfo.value, RuleTestError):
            return f"{self.case.kind} case {self.name!r} failed:\n{excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Name the file and the case in reports."""
        return self.path, None, f"{self.case.kind} case: {self.name}"
