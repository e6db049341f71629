"""Near-valid documents: a valid document with exactly one thing wrong, and the refusal check.

`mutants(doc)` picks one place in *doc* and one mutation: change its type, delete it, give it
a deep nesting, a huge string, NaN or Infinity, a float where money belongs, a naive
datetime, odd Unicode, an unknown key, or a duplicate key in the JSON text. `assert_refused`
runs a reader and requires that only a `CaseKitError` comes out, with a path for every
problem and no personal value in any text a log would show.
"""

from __future__ import annotations

import copy
import json
import re
import traceback
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from hypothesis import strategies as st

from casekit.errors import CaseKitError

DEPTH = 10_000
"""How deeply the deep-nesting mutation nests lists."""

HUGE = 1_000_000
"""How long the huge-string mutation's string is."""

Path = tuple[str | int, ...]


class Mutant(NamedTuple):
    """One mutated document: what was done where, the data, and its JSON text."""

    kind: str
    path: Path
    data: Any
    text: str


def deep_list(depth: int = DEPTH) -> list[Any]:
    """Return *depth* nested lists, built without recursion."""
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


def paths(doc: object, here: Path = ()) -> Iterator[Path]:
    """Yield the path of every node in *doc*, the root included."""
    yield here
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from paths(value, (*here, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from paths(value, (*here, index))


def get(doc: Any, path: Path) -> Any:
    """Return the node of *doc* at *path*."""
    for part in path:
        doc = doc[part]
    return doc


def replaced(doc: Any, path: Path, value: Any) -> Any:
    """Return a copy of *doc* with the node at *path* replaced (the root if *path* is empty)."""
    if not path:
        return value
    out = copy.deepcopy(doc)
    get(out, path[:-1])[path[-1]] = value
    return out


def deleted(doc: Any, path: Path) -> Any:
    """Return a copy of *doc* without the node at *path*."""
    out = copy.deepcopy(doc)
    del get(out, path[:-1])[path[-1]]
    return out


def dumps(doc: Any, *, duplicate: tuple[Path, str, Any] | None = None) -> str:
    """Return *doc* as JSON text, NaN and Infinity literals allowed.

    With *duplicate* ``(path, key, first)``, the object at *path* carries *key* twice: first
    with the value *first*, then with its own value.
    """
    if duplicate is None:
        return json.dumps(doc, ensure_ascii=False)
    where, key, first = duplicate
    marker = "\x00casekit-duplicate\x00"
    target = get(doc, where)
    patched = replaced(doc, where, {marker: None, **target})
    text = json.dumps(patched, ensure_ascii=False)
    extra = f"{json.dumps(key)}: {json.dumps(first, ensure_ascii=False)}"
    return text.replace(f"{json.dumps(marker)}: null", extra, 1)


_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
# Full-width digits, hyphen and colon (U+FF10-FF19, U+FF0D, U+FF1A): str.isdigit() is true.
_FULLWIDTH = str.maketrans(
    "0123456789-:", "".join(map(chr, [*range(0xFF10, 0xFF1A), 0xFF0D, 0xFF1A]))
)


def _unicode_variants(text: str, mark: str) -> list[str]:
    return [
        text + "\u0000",
        text + "\ud800",  # a lone surrogate: json.dumps escapes it, json.loads gives it back
        "\u202e" + text,  # right-to-left override
        text + "\u200b",  # zero-width space
        text + "\u0301",  # a combining accent
        "\u00a0" + text,  # no-break space
        text.translate(_FULLWIDTH),  # full-width digits: isdigit() is true for these
        text.upper().replace("I", "\u0130"),  # dotted capital I
        f"{text}\u2028{mark}",  # a line separator, then the mark
        mark,
    ]


def _scalars(mark: str, *, mark_keys: bool = True) -> list[Any]:
    key = mark if mark_keys else "key"
    return [None, True, False, 0, -1, 2**70, 1.5, -0.0, "", mark, [], {}, [mark], {key: mark}]


@st.composite
def mutants(  # noqa: C901, PLR0912  # one branch per kind
    draw: st.DrawFn, doc: Any, *, mark: str, mark_keys: bool = True
) -> Mutant:
    """Return *doc* with one node changed, as data and as JSON text; shrinks to a type change.

    *mark* goes into the values it writes, and into keys too unless *mark_keys* is false.
    """
    where: Path = draw(st.sampled_from(list(paths(doc))))
    node = get(doc, where)
    kinds = ["type", "deep", "huge", "nan", "unicode"]
    if where:
        kinds.append("delete")
    if isinstance(node, dict):
        kinds.extend(["unknown_key", "duplicate_key", "float_money"])
    if isinstance(node, str) and (_DATETIME.fullmatch(node) or _DATE.fullmatch(node)):
        kinds.append("naive_datetime")
    if isinstance(node, str) and _DECIMAL.fullmatch(node):
        kinds.append("float_money")
    kind = draw(st.sampled_from(kinds))
    text: str | None = None
    if kind == "type":
        data = replaced(doc, where, draw(st.sampled_from(_scalars(mark, mark_keys=mark_keys))))
    elif kind == "delete":
        data = deleted(doc, where)
    elif kind == "deep":
        data = replaced(doc, where, deep_list())
        text = dumps(replaced(doc, where, "\x00deep\x00")).replace(
            json.dumps("\x00deep\x00"), "[" * DEPTH + "]" * DEPTH
        )
    elif kind == "huge":
        data = replaced(doc, where, (mark + " ") * (HUGE // (len(mark) + 1)))
    elif kind == "nan":
        data = replaced(doc, where, draw(st.sampled_from([float("nan"), float("inf"), -1e309])))
    elif kind == "unicode":
        base = node if isinstance(node, str) else str(node)
        data = replaced(doc, where, draw(st.sampled_from(_unicode_variants(base, mark))))
    elif kind == "unknown_key":
        odd = [mark, f"{mark} with spaces"] if mark_keys else []
        key = draw(st.sampled_from([*odd, "x" * 300, "", "__class__", "\ud800"]))
        data = replaced(doc, where, {**node, key: mark})
    elif kind == "duplicate_key":
        key = draw(st.sampled_from(sorted(node) or [mark]))
        first = draw(st.sampled_from(_scalars(mark, mark_keys=mark_keys)))
        text = dumps(doc, duplicate=(where, key, first))
        data = json.loads(text)
    elif kind == "float_money":
        if isinstance(node, dict):
            data = replaced(doc, where, 12.5 if "amount" not in node else {**node, "amount": 12.5})
        else:
            data = replaced(doc, where, float(node))
    else:  # naive_datetime
        naive = node[:19] if "T" in node else node + "T09:30:00"
        data = replaced(doc, where, naive)
    return Mutant(kind, where, data, dumps(data) if text is None else text)


def texts_of(err: BaseException) -> Iterator[str]:
    """Yield every text of *err* a program or a log could show."""
    yield str(err)
    yield repr(err)
    yield "".join(traceback.format_exception(err))
    for name in ("problems", "reasons", "event", "state", "system", "code"):
        if hasattr(err, name):
            yield repr(getattr(err, name))


def assert_refused_cleanly(err: CaseKitError, *, marks: tuple[str, ...]) -> None:
    """Assert that every problem of *err* has a path and that no text shows a mark."""
    for problem in getattr(err, "problems", ()):
        assert problem.path, f"a problem without a path: {problem!r}"
    if hasattr(err, "problems"):
        assert err.problems, "an error that lists no problem"
    for text in texts_of(err):
        for mark in marks:
            assert mark not in text, f"{mark!r} appears in the error text"


def read(call: Callable[[], object], *, marks: tuple[str, ...]) -> CaseKitError | None:
    """Run *call*: return None if it read the input, or the clean `CaseKitError` it raised.

    Any other exception propagates, and so fails the test.
    """
    try:
        call()
    except CaseKitError as err:
        assert_refused_cleanly(err, marks=marks)
        return err
    return None
