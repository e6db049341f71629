#!/usr/bin/env bash
# Mutation testing of casekit's decision code with mutmut 3 (not part of CI: too slow).
#
#   scripts/mutation.sh [rules|lifecycle|coverage|all]...   (default: all, in that order)
#
# Each target runs in its own work directory, .mutation/<target>/, holding links to src/
# and tests/ and a copy of pyproject.toml whose [tool.mutmut] section gets that target's
# files to mutate and its fast, relevant tests; mutmut copies that into
# .mutation/<target>/mutants/.  Shared settings live in [tool.mutmut] in pyproject.toml.
# A second run reuses the results of the first; delete .mutation/<target> to start afresh.
# Set MUTATION_JOBS (default 2) for the number of parallel workers.
# Look at a survivor with:  cd .mutation/<target> && ../../.venv/bin/mutmut show <name>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mutmut="${MUTMUT:-$root/.venv/bin/mutmut}"
python="${PYTHON:-$root/.venv/bin/python}"
jobs="${MUTATION_JOBS:-2}"
# Fewer Hypothesis examples per property: the "mutation" profile of tests/support/profiles.py.
export CASEKIT_MUTATION=1

targets=("$@")
[[ ${#targets[@]} -eq 0 || ${targets[0]} == all ]] && targets=(rules lifecycle coverage)

for target in "${targets[@]}"; do
  case "$target" in
    rules)     mutate='"src/casekit/rules/*"'
               tests='"tests/rules", "tests/test_whole_numbers.py"' ;;
    lifecycle) mutate='"src/casekit/lifecycle/standard.py", "src/casekit/lifecycle/_apply.py", "src/casekit/lifecycle/_workflow.py"'
               tests='"tests/lifecycle", "tests/test_whole_numbers.py"' ;;
    coverage)  mutate='"src/casekit/coverage/*"'
               tests='"tests/coverage", "tests/test_whole_numbers.py"' ;;
    *) echo "unknown target: $target (rules, lifecycle, coverage or all)" >&2; exit 2 ;;
  esac
  work=".mutation/$target"
  mkdir -p "$work"
  ln -sfn ../../src "$work/src"
  ln -sfn ../../tests "$work/tests"
  "$python" - "$work/pyproject.toml" "$mutate" "$tests" <<'PY'
import sys
from pathlib import Path

out, mutate, tests = sys.argv[1:]
text = Path("pyproject.toml").read_text("utf-8")
header = "[tool.mutmut]\n"
if header not in text:
    sys.exit("pyproject.toml has no [tool.mutmut] section")
extra = f"only_mutate = [{mutate}]\npytest_add_cli_args_test_selection = [{tests}]\n"
new = text.replace(header, header + extra, 1)
if not Path(out).exists() or Path(out).read_text("utf-8") != new:
    Path(out).write_text(new, "utf-8")
PY
  echo "== mutation testing: $target"
  start=$SECONDS
  (cd "$work" && "$mutmut" run --max-children "$jobs") || true
  (cd "$work" && "$mutmut" export-cicd-stats >/dev/null && "$python" - "$target" $((SECONDS - start)) <<'PY'
import json
import sys

s = json.load(open("mutants/mutmut-cicd-stats.json", encoding="utf-8"))
target, seconds = sys.argv[1], sys.argv[2]
killed = s["killed"] + s.get("timeout", 0) + s.get("caught_by_type_check", 0)
judged = s["total"] - s.get("skipped", 0) - s.get("not_checked", 0)
score = 100 * killed / judged if judged else 0.0
rest = {k: v for k, v in s.items() if k not in ("killed", "total") and v}
print(f"{target}: {killed}/{judged} killed ({score:.1f}%) in {seconds}s; {rest}")
PY
  )
done
