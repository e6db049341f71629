"""casekit's command line: ``casekit`` (or ``python -m casekit``).

Commands::

    casekit demo
    casekit workflow check FILE
    casekit workflow diagram FILE|standard [--format mermaid|dot]
    casekit coverage check --policy FILE --service CODE [--on DATE] [--accumulators FILE]
    casekit coverage adjudicate --policy FILE --lines FILE.jsonl [--accumulators FILE]
                                [--out FILE] [--accumulators-out FILE]
    casekit coverage explain FILE.jsonl [--line N]

Files are JSON, or YAML when their name ends in ``.yaml``/``.yml`` (the ``yaml`` extra).
A bad file gets a message naming the file and the path of each problem, and exit status 2;
values are never echoed. Nothing prints a traceback. `coverage adjudicate` streams through
`casekit.coverage.adjudicate_many`: it holds at most `BATCH` lines at once, writes one JSON
decision per line, and writes the final accumulators. Lines further apart in the file than
`BATCH` must come in order of service date and line number (a line that would come before
one already adjudicated is refused by its number), so the decisions always equal one
`adjudicate` call over every line. On a terminal, with the ``cli`` extra
(tqdm) installed and more than `PROGRESS_FROM` lines, it shows a progress bar with the rate
and the time left on standard error; in a pipe it stays silent.

Exit status: 0 success, 1 a check found problems (or a service is not covered), 2 bad input,
130 interrupted.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final, TextIO

from casekit.errors import CaseKitError, InvalidDefinitionError, InvalidInputError
from casekit.limits import refuse_oversized

__all__ = ["BATCH", "PROGRESS_FROM", "main"]

BATCH: Final = 10_000
"""The most lines `coverage adjudicate` holds at once (its `adjudicate_many` run); memory is
bounded by it."""

PROGRESS_FROM: Final = 10_000
"""The number of lines from which `coverage adjudicate` shows a progress bar on a terminal."""

EXIT_PROBLEMS: Final = 1
EXIT_BAD_INPUT: Final = 2
EXIT_INTERRUPTED: Final = 130


class _BadFileError(Exception):
    """A file could not be read: the message names the file and every problem's path."""


def _read(path: str) -> Any:
    """Return the plain data in the JSON or YAML file at *path*."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _BadFileError(f"{path}: cannot be read ({type(exc).__name__})") from None
    if file.suffix in {".yaml", ".yml"}:
        try:
            import yaml  # noqa: PLC0415  # optional: only YAML files need it
        except ImportError:
            raise _BadFileError(
                f"{path}: reading YAML needs PyYAML: pip install 'casekit[yaml]'"
            ) from None
        try:
            data = yaml.safe_load(text)
        except (yaml.YAMLError, ValueError, RecursionError):
            raise _BadFileError(f"{path}: is not valid YAML") from None
        # Aliases are shared, not copied, by safe_load: count what they expand to before any
        # reader walks them (casekit.limits).
        try:
            refuse_oversized(data)
        except InvalidInputError as exc:
            raise _BadFileError(_problems(path, exc)) from None
        return data
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadFileError(f"{path}: is not valid JSON (line {exc.lineno})") from None


def _problems(path: str, error: InvalidInputError | InvalidDefinitionError) -> str:
    """Return *error* as lines naming *path* and each problem's path, never a value."""
    return "\n".join(f"{path}: {p.path}: {p.message}" for p in error.problems)


def _structure(data: object, cls: type) -> Any:
    """Read *data* as a *cls*: a document `to_json` wrote (with ``schema_version``) or plain
    data as `to_dict` returns it."""
    from casekit.serialization import from_dict, from_json  # noqa: PLC0415  # load on use

    if isinstance(data, dict) and "schema_version" in data:
        return from_json(json.dumps(data), cls)
    return from_dict(data, cls)


def _load(path: str, cls: type) -> Any:
    data = _read(path)
    try:
        return _structure(data, cls)
    except (InvalidInputError, InvalidDefinitionError) as exc:
        raise _BadFileError(_problems(path, exc)) from None


# --- workflow -----------------------------------------------------------------------------------


def _guard_names(data: object) -> set[str]:
    """Return every guard name a workflow document mentions, so a check can stand them in."""
    names: set[str] = set()
    transitions = data.get("transitions") if isinstance(data, dict) else None
    for transition in transitions if isinstance(transitions, list) else ():
        guards = transition.get("guards") if isinstance(transition, dict) else None
        names.update(g for g in (guards if isinstance(guards, list) else ()) if type(g) is str)
    return names


def _standin(_case: object, _context: object) -> tuple[()]:
    return ()


def _workflow(path: str) -> Any:
    from casekit.lifecycle import STANDARD, load_workflow  # noqa: PLC0415  # load on use

    if path == "standard":
        return STANDARD
    data = _read(path)
    # The application's guards are Python; a check stands each named one in, so that the
    # structure is what is checked.
    guards = dict.fromkeys(_guard_names(data), _standin)
    try:
        return load_workflow(data, guards=guards)
    except (InvalidInputError, InvalidDefinitionError) as exc:
        raise _BadFileError(_problems(path, exc)) from None


def _workflow_check(args: argparse.Namespace, out: TextIO) -> int:
    workflow = _workflow(args.file)
    out.write(
        f"{args.file}: ok: workflow {workflow.id!r}, {len(workflow.states)} states, "
        f"{len(workflow.transitions)} transitions\n"
    )
    return 0


def _workflow_diagram(args: argparse.Namespace, out: TextIO) -> int:
    from casekit.lifecycle import to_dot, to_mermaid  # noqa: PLC0415  # load on use

    workflow = _workflow(args.file)
    out.write((to_mermaid if args.format == "mermaid" else to_dot)(workflow) + "\n")
    return 0


# --- coverage -----------------------------------------------------------------------------------


def _policy(path: str) -> Any:
    from casekit.coverage import Policy  # noqa: PLC0415  # load on use

    return _load(path, Policy)


def _accumulators(path: str | None, currency: str) -> Any:
    from casekit.coverage import Accumulators  # noqa: PLC0415  # load on use

    if path is None:
        return Accumulators.empty(currency)
    return _load(path, Accumulators)


def _coverage_check(args: argparse.Namespace, out: TextIO) -> int:
    import pendulum  # noqa: PLC0415  # load on use

    from casekit.codes import Code  # noqa: PLC0415
    from casekit.coverage import Service, Tier, check_coverage  # noqa: PLC0415
    from casekit.serialization import to_dict  # noqa: PLC0415

    policy = _policy(args.policy)
    try:
        service = Service(
            Code.parse(args.service),
            units=args.units,
            place_of_service=args.place_of_service,
            network=None if args.network is None else Tier(args.network),
            diagnoses=tuple(Code.parse(d) for d in args.diagnosis),
        )
        on = pendulum.Date.fromisoformat(args.on)
    except (InvalidInputError, ValueError):
        raise _BadFileError(
            "--service/--on/--diagnosis/--units: give codes such as CPT|97110, a date "
            "YYYY-MM-DD and a whole number of units"
        ) from None
    accumulators = _accumulators(args.accumulators, policy.plan.currency)
    answer = check_coverage(policy, service, on=on, accumulators=accumulators)
    out.write(json.dumps(to_dict(answer), ensure_ascii=False) + "\n")
    return 0 if answer.covered.value != "not-covered" else EXIT_PROBLEMS


def _service_lines(path: str) -> Iterator[tuple[int, Any]]:
    """Yield (line number, ServiceLine) from a JSON Lines file, refusing a bad line by number."""
    from casekit.coverage import ServiceLine  # noqa: PLC0415  # load on use

    try:
        handle = Path(path).open(encoding="utf-8")  # noqa: SIM115  # closed below, streamed
    except OSError as exc:
        raise _BadFileError(f"{path}: cannot be read ({type(exc).__name__})") from None
    with handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            where = f"{path}:{number}"
            try:
                data = json.loads(text)
            except json.JSONDecodeError:
                raise _BadFileError(f"{where}: is not valid JSON") from None
            try:
                yield number, _structure(data, ServiceLine)
            except InvalidInputError as exc:
                raise _BadFileError(_problems(where, exc)) from None


def _count_lines(path: str) -> int:
    with Path(path).open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def _progress(path: str, err: TextIO) -> Any:
    """Return a tqdm bar on a terminal for a large input, else None (silent in pipes)."""
    if not err.isatty():
        return None
    try:
        from tqdm import tqdm  # noqa: PLC0415  # the optional cli extra
    except ImportError:
        return None
    total = _count_lines(path)
    if total < PROGRESS_FROM:
        return None
    return tqdm(total=total, unit="line", file=err, dynamic_ncols=True)


class _Numbered:
    """The file line number of each of the last pairs `_coverage_adjudicate` fed, by index,
    so that a refusal at ``lines[i]`` names its line in the file; bounded by one run."""

    __slots__ = ("_path", "numbers")

    def __init__(self, path: str) -> None:
        self._path = path
        self.numbers: collections.deque[tuple[int, int]] = collections.deque(maxlen=BATCH + 2)

    def pairs(self, lines: Iterator[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
        """Yield each line as the one member's (0, line) pair, noting its file line number."""
        for index, (number, line) in enumerate(lines):
            self.numbers.append((index, number))
            yield 0, line

    def problems(self, error: InvalidInputError) -> str:
        """Return *error* as lines naming the file, and each line's number, never a value."""
        where = dict(self.numbers)
        found = []
        for problem in error.problems:
            at = _INDEXED.match(problem.path)
            if at is None:  # the accumulators given, with a bad line: not in the lines file
                found.append(str(problem))
                continue
            field = at[2].lstrip(".")
            place = f"{self._path}:{where[int(at[1])]}"
            found.append(
                f"{place}: {field}: {problem.message}" if field else f"{place}: {problem.message}"
            )
        return "\n".join(found)


_INDEXED: Final = re.compile(r"^lines\[(\d+)\](.*)$")


def _coverage_adjudicate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from casekit.coverage import adjudicate_many  # noqa: PLC0415  # load on use
    from casekit.serialization import to_dict, to_json  # noqa: PLC0415

    policy = _policy(args.policy)
    accumulators = _accumulators(args.accumulators, policy.plan.currency)
    bar = _progress(args.lines, err)
    numbered = _Numbered(args.lines)
    results = adjudicate_many(
        lambda _member: policy,
        numbered.pairs(_service_lines(args.lines)),
        accumulators={0: accumulators},
        run=BATCH,
    )
    sink: IO[str] = out
    with contextlib.ExitStack() as stack:
        if args.out is not None:
            sink = stack.enter_context(Path(args.out).open("w", encoding="utf-8"))
        if bar is not None:
            stack.callback(bar.close)
        try:
            for _member, result in results:
                for decision in result.decisions:
                    sink.write(json.dumps(to_dict(decision), ensure_ascii=False) + "\n")
                if bar is not None:
                    bar.update(len(result.decisions))
        except InvalidInputError as exc:
            if not any(_INDEXED.match(p.path) for p in exc.problems):
                raise  # the accumulators alone: reported as any refusal is
            raise _BadFileError(numbered.problems(exc)) from None
    target = args.accumulators_out
    if target is None and args.out is not None:
        target = f"{args.out}.accumulators.json"
    if target is not None:
        final = results.accumulators[0]
        Path(target).write_text(to_json(final, indent=2) + "\n", encoding="utf-8")
    return 0


def _coverage_explain(args: argparse.Namespace, out: TextIO) -> int:
    from casekit.coverage import Decision  # noqa: PLC0415  # load on use

    def wanted(decision: Any) -> bool:
        return args.line is None or decision.line_number == args.line

    shown = 0
    with Path(args.file).open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            where = f"{args.file}:{number}"
            try:
                decision = _structure(json.loads(text), Decision)
            except json.JSONDecodeError:
                raise _BadFileError(f"{where}: is not valid JSON") from None
            except InvalidInputError as exc:
                raise _BadFileError(_problems(where, exc)) from None
            if not wanted(decision):
                continue
            shown += 1
            out.write(f"line {decision.line_number}: {decision.status.value}\n")
            out.writelines(f"  why: {r.message(locale=args.locale)}\n" for r in decision.reasons)
            out.writelines(f"  {row}\n" for row in decision.trace.render().splitlines())
    return 0 if shown else EXIT_PROBLEMS


# --- the parser ---------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casekit", description="casekit's command line: the demo, workflows and coverage."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="River's case, end to end")

    workflow = commands.add_parser("workflow", help="check or draw a workflow definition")
    wf = workflow.add_subparsers(dest="action", required=True)
    check = wf.add_parser("check", help="validate a workflow file and list every problem")
    check.add_argument("file")
    diagram = wf.add_parser("diagram", help="draw a workflow file, or 'standard'")
    diagram.add_argument("file")
    diagram.add_argument("--format", choices=["mermaid", "dot"], default="mermaid")

    coverage = commands.add_parser("coverage", help="check, adjudicate and explain coverage")
    cov = coverage.add_subparsers(dest="action", required=True)
    one = cov.add_parser("check", help="is a service covered for a policy, on a date")
    one.add_argument("--policy", required=True, help="a Policy document (JSON or YAML)")
    one.add_argument("--service", required=True, help="a code such as CPT|97110")
    one.add_argument("--on", required=True, help="the date of service, YYYY-MM-DD")
    one.add_argument("--accumulators", help="an Accumulators document")
    one.add_argument("--units", type=int, default=1, help="units of service (default 1)")
    one.add_argument("--network", help="the provider's network tier, such as in or out")
    one.add_argument("--place-of-service", help="the CMS place-of-service code, such as 11")
    one.add_argument(
        "--diagnosis", action="append", default=[], help="a diagnosis code; repeat for more"
    )
    many = cov.add_parser("adjudicate", help="adjudicate JSON Lines of service lines")
    many.add_argument("--policy", required=True, help="a Policy document (JSON or YAML)")
    many.add_argument("--lines", required=True, help="JSON Lines, one ServiceLine each")
    many.add_argument("--accumulators", help="the Accumulators to start from")
    many.add_argument("--out", help="write decisions here instead of standard output")
    many.add_argument("--accumulators-out", help="write the final Accumulators here")
    explain = cov.add_parser("explain", help="print decisions' reasons and traces")
    explain.add_argument("file", help="JSON Lines of decisions, as adjudicate writes them")
    explain.add_argument("--line", type=int, help="only the decision for this line number")
    explain.add_argument("--locale", default="en", help="the language of the reasons")
    return parser


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "demo":
        from casekit.__main__ import demo  # noqa: PLC0415  # the demo lives with the program

        def show(line: str) -> None:
            out.write(line + "\n")

        demo(show)
        return 0
    if args.command == "workflow":
        return (_workflow_check if args.action == "check" else _workflow_diagram)(args, out)
    if args.action == "check":
        return _coverage_check(args, out)
    if args.action == "adjudicate":
        return _coverage_adjudicate(args, out, err)
    return _coverage_explain(args, out)


def main(
    argv: list[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line and return its exit status.

    Examples:
        >>> import io
        >>> out = io.StringIO()
        >>> main(["workflow", "diagram", "standard"], out=out)
        0
        >>> out.getvalue().splitlines()[0]
        'stateDiagram-v2'
    """
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    args = _parser().parse_args(argv)
    try:
        return _run(args, out, err)
    except _BadFileError as exc:
        err.write(f"casekit: {exc}\n")
        return EXIT_BAD_INPUT
    except CaseKitError as exc:
        err.write(f"casekit: {exc}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        err.write("casekit: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`casekit ... | head`): stop quietly, as Unix tools do, and
        # point stdout at nothing so that Python's flush at exit does not fail again.
        if out is sys.stdout:
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
