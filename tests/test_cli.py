"""The command line: each command, bad files, pipes and interruptions, never a traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from coverage_helpers import line, policy_for, simple_plan

from casekit import cli
from casekit.coverage import Accumulators, ServiceLine, adjudicate
from casekit.lifecycle import STANDARD, dump_workflow, to_mermaid
from casekit.serialization import from_json, to_dict, to_json

POLICY = policy_for(simple_plan(deductible="100.00", coinsurance="0.2", oop="1000.00"))
LINES = [line(n, "150.00") for n in range(1, 6)]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "policy.json").write_text(to_json(POLICY), encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        "".join(json.dumps(to_dict(x)) + "\n" for x in LINES), encoding="utf-8"
    )
    (tmp_path / "workflow.json").write_text(json.dumps(dump_workflow(STANDARD)), encoding="utf-8")
    return tmp_path


def test_workflow_check_accepts_a_valid_definition_and_stands_in_its_guards(files):
    """The standard workflow as data checks out; its named guards need no Python."""
    status, out, err = run("workflow", "check", str(files / "workflow.json"))

    assert (status, err) == (0, "")
    assert f"workflow 'standard', {len(STANDARD.states)} states" in out


def test_workflow_check_lists_every_problem_with_its_path(tmp_path):
    """A misspelt key and a missing name: both reported, with the file's name, status 2."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "x", "states": [{"nmae": "new"}], "transitions": []}))

    status, out, err = run("workflow", "check", str(bad))

    assert (status, out) == (2, "")
    assert f"{bad}: states[0].nmae: is not a known field" in err
    assert f"{bad}: states[0].name: is required" in err


def test_workflow_check_reads_yaml(tmp_path):
    """A .yaml file is read as YAML."""
    file = tmp_path / "triage.yaml"
    file.write_text(
        "id: triage\nstates:\n  - {name: new, initial: true}\n  - {name: done, final: true}\n"
        "transitions:\n  - {event: finish, sources: [new], target: done}\n"
    )

    assert run("workflow", "check", str(file))[0] == 0


@pytest.mark.parametrize(
    ("text", "says"),
    [("{not json", "is not valid JSON"), (": - :\n\t- [", "is not valid YAML")],
)
def test_unreadable_files_get_a_clean_message(tmp_path, text, says):
    """Malformed JSON or YAML: one line naming the file, never a traceback."""
    file = tmp_path / ("w.yaml" if "YAML" in says else "w.json")
    file.write_text(text)

    status, _, err = run("workflow", "check", str(file))

    assert status == 2
    assert says in err
    assert "Traceback" not in err


def test_a_missing_file_is_a_clean_error(tmp_path):
    """A file that is not there is named, with the kind of failure."""
    status, _, err = run("workflow", "check", str(tmp_path / "nowhere.json"))

    assert status == 2
    assert "cannot be read (FileNotFoundError)" in err


def test_workflow_diagram_draws_mermaid_and_dot(files):
    """The diagram command prints what to_mermaid and to_dot return."""
    assert run("workflow", "diagram", "standard")[1] == to_mermaid(STANDARD) + "\n"
    assert run("workflow", "diagram", str(files / "workflow.json"), "--format", "dot")[
        1
    ].startswith('digraph "standard"')


def test_coverage_check_answers_for_a_service(files):
    """A covered service answers covered, as JSON, exit status 0."""
    status, out, _ = run(
        "coverage", "check", "--policy", str(files / "policy.json"),
        "--service", "CPT|99213", "--on", "2025-02-15", "--network", "in",
    )  # fmt: skip

    assert status == 0
    assert json.loads(out)["covered"] == "covered"


def test_coverage_check_refuses_a_bad_service_code(files):
    """A code that does not parse is a usage error naming the option."""
    status, _, err = run(
        "coverage", "check", "--policy", str(files / "policy.json"),
        "--service", "not a code", "--on", "2025-02-15",
    )  # fmt: skip

    assert status == 2
    assert "--service/--on" in err


def test_coverage_check_is_conditional_when_the_network_is_unknown(files):
    """Without --network the answer depends on it: conditional, still exit status 0."""
    status, out, _ = run(
        "coverage", "check", "--policy", str(files / "policy.json"),
        "--service", "CPT|99213", "--on", "2025-02-15",
        "--diagnosis", "ICD-10-CM|J45.909", "--units", "2", "--place-of-service", "11",
    )  # fmt: skip

    assert status == 0
    assert json.loads(out)["covered"] == "conditional"


@pytest.mark.parametrize("batch", [2, 5, 10_000])
def test_coverage_adjudicate_streams_what_adjudicate_decides(files, monkeypatch, batch):
    """Decisions and final accumulators are adjudicate's over the same lines, in any batch size."""
    monkeypatch.setattr(cli, "BATCH", batch)
    out_file = files / "decisions.jsonl"

    status, out, err = run(
        "coverage", "adjudicate", "--policy", str(files / "policy.json"),
        "--lines", str(files / "lines.jsonl"), "--out", str(out_file),
    )  # fmt: skip

    expected = adjudicate(POLICY, LINES, accumulators=Accumulators.empty("USD"))
    written = [json.loads(row) for row in out_file.read_text().splitlines()]
    assert (status, out, err) == (0, "", "")
    assert written == [to_dict(d) for d in expected.decisions]
    final = (files / "decisions.jsonl.accumulators.json").read_text()
    assert from_json(final, Accumulators) == expected.accumulators


def test_coverage_adjudicate_names_the_bad_line(files):
    """A bad line is refused by its line number and the field's path."""
    lines = files / "lines.jsonl"
    rows = lines.read_text().splitlines()
    rows[2] = json.dumps({**json.loads(rows[2]), "units": -1})
    lines.write_text("\n".join(rows) + "\n")

    status, _, err = run(
        "coverage", "adjudicate", "--policy", str(files / "policy.json"), "--lines", str(lines)
    )

    assert status == 2
    assert f"{lines}:3: units:" in err


def test_coverage_explain_prints_reasons_and_trace(files):
    """explain reads adjudicate's output and prints the trace of the chosen line."""
    decisions = files / "d.jsonl"
    run(
        "coverage", "adjudicate", "--policy", str(files / "policy.json"),
        "--lines", str(files / "lines.jsonl"), "--out", str(decisions),
    )  # fmt: skip

    status, out, _ = run("coverage", "explain", str(decisions), "--line", "2")

    assert status == 0
    assert out.startswith("line 2: covered\n")
    assert "✓" in out or "✗" in out
    assert run("coverage", "explain", str(decisions), "--line", "99")[0] == 1


def test_the_demo_runs_from_the_command_line():
    """casekit demo prints the story."""
    status, out, _ = run("demo")

    assert status == 0
    assert "read back equal: True" in out


def test_an_interruption_ends_with_a_message_and_status_130(files, monkeypatch):
    """Ctrl-C during a run: a one-line message, exit status 130."""

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_coverage_adjudicate", interrupted)

    status, _, err = run(
        "coverage", "adjudicate", "--policy", str(files / "policy.json"),
        "--lines", str(files / "lines.jsonl"),
    )  # fmt: skip

    assert (status, err) == (130, "casekit: interrupted\n")


def test_a_closed_pipe_ends_quietly(files):
    """casekit ... | head: the reader leaves early, and casekit stops without a traceback."""
    many = files / "many.jsonl"
    many.write_text("".join(json.dumps(to_dict(line(n, "10.00"))) + "\n" for n in range(1, 3001)))
    command = [
        sys.executable, "-m", "casekit.cli", "coverage", "adjudicate",
        "--policy", str(files / "policy.json"), "--lines", str(many),
    ]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:  # noqa: S603  # our own command
        assert proc.stdout is not None
        proc.stdout.readline()
        proc.stdout.close()
        _, err = proc.communicate(timeout=120)

    assert b"Traceback" not in err
    assert proc.returncode == 0


def test_a_progress_bar_shows_on_a_terminal_for_a_large_input(files, monkeypatch):
    """On a terminal, with many lines, tqdm draws to standard error; in a pipe, nothing."""
    many = files / "many.jsonl"
    many.write_text("".join(json.dumps(to_dict(line(n, "10.00"))) + "\n" for n in range(1, 13)))
    monkeypatch.setattr(cli, "PROGRESS_FROM", 10)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Terminal()
    argv = ["coverage", "adjudicate", "--policy", str(files / "policy.json"), "--lines", str(many)]
    assert cli.main(argv, out=io.StringIO(), err=err) == 0
    assert "12/12" in err.getvalue()
    piped = io.StringIO()
    assert cli.main(argv, out=io.StringIO(), err=piped) == 0
    assert piped.getvalue() == ""


def test_yaml_without_pyyaml_names_the_extra(tmp_path, monkeypatch):
    """Without PyYAML, a YAML file is refused with the extra to install."""
    monkeypatch.setitem(sys.modules, "yaml", None)
    file = tmp_path / "w.yaml"
    file.write_text("id: x\n")

    status, _, err = run("workflow", "check", str(file))

    assert status == 2
    assert "pip install 'casekit[yaml]'" in err


def test_a_bad_policy_file_lists_its_problems(tmp_path, files):
    """A policy document with a misspelt field is refused with the field's path."""
    bad = tmp_path / "bad-policy.json"
    bad.write_text(json.dumps({**to_dict(POLICY), "plna": 1}))

    status, _, err = run(
        "coverage", "adjudicate", "--policy", str(bad), "--lines", str(files / "lines.jsonl")
    )

    assert status == 2
    assert f"{bad}: plna: is not a known field" in err


def test_adjudicate_starts_from_the_accumulators_given(files):
    """--accumulators carries usage in; --accumulators-out writes where it is told."""
    first = adjudicate(POLICY, LINES[:2], accumulators=Accumulators.empty("USD"))
    (files / "acc.json").write_text(to_json(first.accumulators))
    rest = files / "rest.jsonl"
    rest.write_text("\n".join(json.dumps(to_dict(x)) for x in LINES[2:]) + "\n\n")
    final = files / "final.json"

    status, out, _ = run(
        "coverage", "adjudicate", "--policy", str(files / "policy.json"), "--lines", str(rest),
        "--accumulators", str(files / "acc.json"), "--accumulators-out", str(final),
    )  # fmt: skip

    whole = adjudicate(POLICY, LINES, accumulators=Accumulators.empty("USD"))
    assert status == 0
    assert [json.loads(r) for r in out.splitlines()] == [to_dict(d) for d in whole.decisions[2:]]
    assert from_json(final.read_text(), Accumulators) == whole.accumulators


def test_accumulators_in_another_currency_are_a_clean_error(files):
    """A casekit refusal from adjudicate itself is reported as one line, status 2."""
    (files / "eur.json").write_text(to_json(Accumulators.empty("EUR")))

    status, _, err = run(
        "coverage", "adjudicate", "--policy", str(files / "policy.json"),
        "--lines", str(files / "lines.jsonl"), "--accumulators", str(files / "eur.json"),
    )  # fmt: skip

    assert status == 2
    assert err.startswith("casekit: ")
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["adjudicate", "explain"])
def test_a_line_that_is_not_json_is_named_by_its_number(files, command):
    """Line 2 of a JSON Lines file is not JSON: the message names file:2."""
    broken = files / "broken.jsonl"
    first = json.dumps(to_dict(LINES[0])) if command == "adjudicate" else ""
    broken.write_text(first + "\n{oops\n")
    argv = (
        ["coverage", "adjudicate", "--policy", str(files / "policy.json"), "--lines", str(broken)]
        if command == "adjudicate"
        else ["coverage", "explain", str(broken)]
    )

    status, _, err = run(*argv)

    assert status == 2
    assert f"{broken}:2: is not valid JSON" in err


def test_explain_skips_blank_lines_and_names_a_document_that_is_no_decision(files):
    """Blank lines are skipped; a line that is not a decision is refused by number."""
    decisions = files / "d.jsonl"
    decisions.write_text("\n" + json.dumps({"line_number": "x"}) + "\n")

    status, _, err = run("coverage", "explain", str(decisions))

    assert status == 2
    assert f"{decisions}:2:" in err


def test_a_missing_lines_file_is_a_clean_error(files):
    """The lines file is named when it cannot be opened."""
    status, _, err = run(
        "coverage", "adjudicate", "--policy", str(files / "policy.json"),
        "--lines", str(files / "none.jsonl"),
    )  # fmt: skip

    assert status == 2
    assert "none.jsonl: cannot be read (FileNotFoundError)" in err


def test_no_progress_bar_without_tqdm_or_below_the_threshold(files, monkeypatch):
    """A terminal alone is not enough: tqdm must be installed and the input large."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    argv = [
        "coverage", "adjudicate", "--policy", str(files / "policy.json"),
        "--lines", str(files / "lines.jsonl"),
    ]  # fmt: skip
    small = Terminal()
    assert cli.main(argv, out=io.StringIO(), err=small) == 0
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setattr(cli, "PROGRESS_FROM", 1)
    missing = Terminal()
    assert cli.main(argv, out=io.StringIO(), err=missing) == 0
    assert small.getvalue() == missing.getvalue() == ""


@pytest.mark.parametrize("as_stdout", [True, False])
def test_a_closed_pipe_in_process_returns_quietly(tmp_path, monkeypatch, as_stdout):
    """Standard output closed by its reader: status 0, nothing on standard error, and stdout
    pointed at nothing so that the flush at exit does not fail again."""
    target = (tmp_path / "stdout").open("w")

    class Closed(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError

        def fileno(self) -> int:
            return target.fileno()

    closed = Closed()
    if as_stdout:
        monkeypatch.setattr(sys, "stdout", closed)
    err = io.StringIO()
    status = cli.main(["workflow", "diagram", "standard"], out=closed, err=err)
    target.close()

    assert (status, err.getvalue()) == (0, "")


def test_stood_in_guards_pass():
    """The guards a check stands in for the application's own never refuse."""
    assert cli._standin(object(), object()) == ()


def test_a_yaml_alias_bomb_is_refused_by_the_node_budget(tmp_path):
    """A few hundred bytes of aliases describing millions of nodes: refused by count."""
    rows = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(rows) + "\n")

    status, _, err = run("workflow", "check", str(bomb))

    assert status == 2
    assert f"{bomb}: $:" in err


def test_a_line_out_of_order_beyond_one_batch_is_named_by_its_number(files, monkeypatch):
    """Lines further apart than a batch must be in order; one that is not is refused by number."""
    monkeypatch.setattr(cli, "BATCH", 2)
    backwards = files / "backwards.jsonl"
    backwards.write_text("".join(json.dumps(to_dict(x)) + "\n" for x in reversed(LINES)))

    status, _, err = run(
        "coverage", "adjudicate", "--policy", str(files / "policy.json"), "--lines", str(backwards)
    )

    assert status == 2
    assert err.startswith(f"casekit: {backwards}:3: comes before a line")


def test_a_repeated_line_number_is_named_by_its_line_in_the_file(files):
    """adjudicate's own refusals name the file's line and the field."""
    twice = files / "twice.jsonl"
    twice.write_text("\n".join(json.dumps(to_dict(x)) for x in [*LINES, LINES[0]]) + "\n")

    status, _, err = run(
        "coverage", "adjudicate", "--policy", str(files / "policy.json"), "--lines", str(twice)
    )

    assert status == 2
    assert err == f"casekit: {twice}:6: line_number: must be unique within the call\n"


def test_a_large_streamed_input_holds_one_batch_of_lines_at_a_time(files, monkeypatch):
    """30 batches of lines: never more than one batch read ahead of the decisions written."""
    monkeypatch.setattr(cli, "BATCH", 100)
    lines = files / "many.jsonl"
    lines.write_text("".join(json.dumps(to_dict(line(i, "40.00"))) + "\n" for i in range(1, 3001)))
    read = 0
    structure = cli._structure

    def counted(data: object, cls: type) -> object:
        nonlocal read
        read += cls is ServiceLine
        return structure(data, cls)

    class Sink(io.StringIO):
        ahead: ClassVar[list[int]] = []

        def write(self, text: str) -> int:
            self.ahead.append(read - len(self.ahead))  # read, less written before this
            return super().write(text)

    monkeypatch.setattr(cli, "_structure", counted)
    sink = Sink()
    argv = ["coverage", "adjudicate", "--policy", str(files / "policy.json"), "--lines", str(lines)]

    assert cli.main(argv, out=sink, err=io.StringIO()) == 0
    assert len(Sink.ahead) == 3000
    assert max(Sink.ahead) == 101  # the batch being written, and the line that ended it


def test_a_bad_line_and_bad_accumulators_are_named_each_in_its_place(files):
    """A line's problem names the file and line; the accumulators' names its field."""
    (files / "eur.json").write_text(to_json(Accumulators.empty("EUR")))
    twice = files / "twice.jsonl"
    twice.write_text("\n".join(json.dumps(to_dict(x)) for x in [LINES[0], LINES[0]]) + "\n")

    status, _, err = run(
        "coverage", "adjudicate", "--policy", str(files / "policy.json"),
        "--lines", str(twice), "--accumulators", str(files / "eur.json"),
    )  # fmt: skip

    assert status == 2
    assert err.splitlines() == [
        "casekit: accumulators.currency: must be the plan's currency",
        f"{twice}:2: line_number: must be unique within the call",
    ]
