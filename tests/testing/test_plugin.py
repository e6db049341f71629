"""The pytest plugin in fresh pytest runs: fixtures, markers, assertion helpers, rule files."""

from __future__ import annotations

import shutil
import sys
import textwrap
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def test_the_plugin_loads_and_its_fixtures_work(pytester):
    """The casekit_* fixtures give a fixed time, the standard workflow and River's data."""
    pytester.makepyfile(
        """
        from casekit.coverage import Accumulators, adjudicate

        def test_fixtures(casekit_at, casekit_standard_workflow, casekit_patient,
                          casekit_manager, casekit_case, casekit_plan, casekit_policy,
                          casekit_lines, casekit_authorization, casekit_case_in):
            assert casekit_at.utcoffset() is not None
            assert casekit_standard_workflow.id == "standard"
            assert casekit_case.patient == casekit_patient
            assert casekit_case.manager == casekit_manager
            assert casekit_policy.plan == casekit_plan
            result = adjudicate(casekit_policy, casekit_lines, accumulators=Accumulators.empty(),
                                authorizations=[casekit_authorization])
            assert len(result.decisions) == 4
            assert casekit_case_in("monitoring").state == "monitoring"
        """
    )

    result = pytester.runpytest("-p", "no:cacheprovider")

    result.assert_outcomes(passed=1)


def test_the_case_factory_refuses_a_state_the_workflow_cannot_reach(pytester):
    """casekit_case_in raises ValueError naming an unreachable state."""
    pytester.makepyfile(
        """
        import pytest

        def test_unreachable(casekit_case_in):
            with pytest.raises(ValueError, match="'nowhere' is not a state"):
                casekit_case_in("nowhere")
        """
    )

    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_marker_is_registered(pytester):
    """casekit_rules is a known marker, so --strict-markers accepts it."""
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.casekit_rules
        def test_marked():
            pass
        """
    )

    result = pytester.runpytest("--strict-markers", "-p", "no:cacheprovider")
    markers = pytester.runpytest("--markers")

    result.assert_outcomes(passed=1)
    markers.stdout.fnmatch_lines(["*casekit_rules: a rule test read from*"])


def test_a_failing_helper_prints_the_reasons(pytester):
    """assert_allowed's failure names the event, the state and each reason's sentence."""
    pytester.makepyfile(
        """
        from casekit.testing import assert_allowed, assert_decision
        from casekit.coverage import Accumulators, adjudicate

        def test_close(casekit_case_in, casekit_at):
            case = casekit_case_in("monitoring")
            assert_allowed(case, "close", at=case.history[-1].at)

        def test_decision(casekit_policy, casekit_lines):
            result = adjudicate(casekit_policy, casekit_lines, accumulators=Accumulators.empty())
            assert_decision(result.decisions[0], status="covered", patient_pays="30.00 USD")
        """
    )

    result = pytester.runpytest("-p", "no:cacheprovider")

    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*'close' is refused in state 'monitoring':*",
            "*lifecycle.closure_reason_missing: give a closure_reason*",
            "*line 1 is not as expected:*",
            "*status: expected covered, got denied*",
            "*patient_pays: expected 30.00 USD, got 0.00 USD*",
            "*coverage.authorization_absent*",
            "*trace:*",
        ]
    )


def _river_files(pytester: pytest.Pytester) -> None:
    shutil.copy(HERE / "river-plan.yaml", pytester.path / "river-plan.yaml")


def test_rule_files_are_collected_one_item_per_case(pytester):
    """A test_*.casekit.yaml file gives one passing test per named case."""
    _river_files(pytester)
    shutil.copy(HERE / "test_river.casekit.yaml", pytester.path / "test_river.casekit.yaml")

    result = pytester.runpytest("-v", "-p", "no:cacheprovider")

    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(
        ["*test_river.casekit.yaml::authorised therapy costs River the 30 dollar copay PASSED*"]
    )


def test_a_failing_rule_file_shows_the_differences_and_the_trace(pytester):
    """A case whose expectations differ fails with each field, the reasons and the trace."""
    _river_files(pytester)
    pytester.path.joinpath("test_wrong.casekit.yaml").write_text(
        textwrap.dedent(
            """
            coverage:
              - name: therapy is free
                plan: {file: river-plan.yaml}
                policy: {coverage_period: {start: "2025-01-01", end: "2025-12-31"}, member_id: M-1}
                lines:
                  - {code: "CPT|97110", service_date: "2025-03-24", billed: "180.00 USD"}
                expect:
                  - {line: 1, status: covered, patient_pays: "0.00 USD"}
            workflow:
              - name: closing is always allowed
                start: monitoring
                steps:
                  - {event: close, state: closed}
            """
        ),
        encoding="utf-8",
    )

    result = pytester.runpytest("-p", "no:cacheprovider")

    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*coverage case 'therapy is free' failed:*",
            "*status: expected covered, got denied*",
            "*coverage.authorization_absent*",
            "*trace:*",
            "*workflow case 'closing is always allowed' failed:*",
            "*expected it to be allowed; refused because:*",
            "*lifecycle.closure_reason_missing*",
        ]
    )


def test_a_malformed_rule_file_is_a_collection_error_with_its_path(pytester):
    """A broken file names itself and the place in it, with no traceback."""
    pytester.path.joinpath("test_broken.casekit.json").write_text(
        '{"workflow": [{"name": "x", "steps": [{"event": "close", "whenever": 1}]}]}',
        encoding="utf-8",
    )

    result = pytester.runpytest("-p", "no:cacheprovider")

    result.assert_outcomes(errors=1)
    where = "test_broken.casekit.json: workflow?0?.steps?0?.whenever"
    result.stdout.fnmatch_lines([f"*malformed casekit rule file *{where}: is not a known field*"])
    assert "Traceback" not in result.stdout.str()


def test_other_files_are_left_alone(pytester):
    """Only test_*.casekit.yaml/.yml/.json files are collected as rule tests."""
    pytester.path.joinpath("river.casekit.yaml").write_text("not: [valid", encoding="utf-8")
    pytester.path.joinpath("test_notes.yaml").write_text("not: [valid", encoding="utf-8")
    pytester.makepyfile("def test_one():\n    pass\n")

    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_plugin_loads_and_casekit_imports_without_hypothesis(pytester, monkeypatch):
    """With Hypothesis blocked, the plugin still loads, fixtures and rule files still work."""
    _river_files(pytester)
    shutil.copy(HERE / "test_river.casekit.yaml", pytester.path / "test_river.casekit.yaml")
    pytester.makepyfile(
        """
        import sys

        def test_without_hypothesis(casekit_case, casekit_at):
            import casekit
            import casekit.testing
            from casekit.testing import assert_refused
            assert sys.modules["hypothesis"] is None
            assert_refused(casekit_case, "close", at=casekit_at)
        """
    )
    # Entry points are not autoloaded here (Hypothesis's own plugin would import it, and pytest
    # walks every installed plugin's modules); casekit's plugin is loaded by name instead.
    script = (
        "import sys; sys.modules['hypothesis'] = None; import pytest; "
        "sys.exit(pytest.main(['-p', 'casekit.testing.pytest_plugin', '-p', 'no:cacheprovider',"
        " '-q']))"
    )

    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")

    result = pytester.run(sys.executable, "-c", script)

    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["*5 passed*"])


def test_unexpected_errors_keep_pytests_own_report(pytester):
    """An error that is not a rule-file problem or a rule difference is reported as usual."""
    _river_files(pytester)
    pytester.makeconftest(
        """
        import casekit.testing._rule_files as rule_files

        def broken(path, workflows):
            if path.name.startswith("test_boom"):
                raise RuntimeError("boom while reading")
            return real(path, workflows)

        real = rule_files.read_rule_file
        rule_files.read_rule_file = broken
        """
    )
    pytester.path.joinpath("test_boom.casekit.json").write_text("{}", encoding="utf-8")
    pytester.path.joinpath("test_euro.casekit.json").write_text(
        '{"coverage": [{"name": "euros", "plan": {"file": "river-plan.yaml"},'
        ' "policy": {"coverage_period": {"start": "2025-01-01", "end": "2025-12-31"},'
        ' "member_id": "M-1"}, "lines": [{"code": "CPT|99213", "service_date": "2025-03-24",'
        ' "billed": "100.00 EUR"}]}]}',
        encoding="utf-8",
    )

    result = pytester.runpytest("-p", "no:cacheprovider", "--continue-on-collection-errors")

    result.assert_outcomes(failed=1, errors=1)
    result.stdout.fnmatch_lines(["*RuntimeError: boom while reading*", "*InvalidInputError*"])


def test_conftest_names_workflows_for_rule_files(pytester):
    """A pytest_casekit_workflows hook in conftest.py lets rule files name a workflow."""
    pytester.makeconftest(
        """
        from casekit.lifecycle import standard_workflow

        def pytest_casekit_workflows():
            return {"adult-services": standard_workflow(workflow_id="adult-services")}
        """
    )
    pytester.path.joinpath("test_adults.casekit.yaml").write_text(
        "workflow:\n"
        "  - name: adults start with screening\n"
        "    workflow: adult-services\n"
        "    steps:\n"
        "      - {event: start_screening, state: screening}\n",
        encoding="utf-8",
    )

    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
