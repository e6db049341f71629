"""A case as JSON: ``{"id": ..., "history": [...]}``, its event log, from which it is rebuilt.

Reading and writing a history goes first through the event log's fast reader and writer
(`casekit.serialization._event_log`), made when the converter is configured. Data not in the
exact form `to_json` writes makes the reader raise `NotFast`, and only that: the history is then
read again by the converter's general hooks, which alone report problems.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from typing import Any

from casekit import _validate as v
from casekit.case import Case, CaseEvent, _known_consistent, _vouched, rebuild
from casekit.errors import CaseKitError, InvalidInputError, Problem
from casekit.limits import budget, refuse_long_log
from casekit.serialization._event_log import NotFast, _keys
from casekit.serialization._event_log import quote as _quote
from casekit.serialization._json import SCHEMA_VERSION, may_hold_surrogates, reject_constant
from casekit.serialization._problems import UNKNOWN_KEY, Refusal, problems
from casekit.serialization._scalars import memo, structure_str

__all__ = [
    "History",
    "case_from_text",
    "case_text",
    "install",
    "require_consistent",
    "structure_case",
    "unstructure_case",
]

History = tuple[CaseEvent, ...]

_Reader = Callable[[object, dict[Any, Any]], History]


def _not_installed(*_args: object) -> Any:
    raise NotFast


# Set by `install` when the converter is configured.
_read_history_fast: _Reader = _not_installed
_write_history_text: Callable[[History, dict[Any, Any]], str] = _not_installed
_read_history_general: Callable[[object, Any], Any] = _not_installed
_write_history_general: Callable[[object], Any] = _not_installed


def install(
    *,
    read_fast: _Reader,
    write_text: Callable[[History, dict[Any, Any]], str],
    read_general: Callable[[object, Any], Any],
    write_general: Callable[[object], Any],
) -> None:
    """Give the case hooks their history readers and writers (called once, by `configured`)."""
    global _read_history_fast, _read_history_general  # noqa: PLW0603
    global _write_history_general, _write_history_text  # noqa: PLW0603  # installed once
    _read_history_fast = read_fast
    _write_history_text = write_text
    _read_history_general = read_general
    _write_history_general = write_general


def _read_history(data: object) -> History:
    # Most documents are in the exact form to_json writes: the event log's reader takes those.
    # Anything else, valid or not, is read again the general way, which alone reports
    # problems, so both ways give the same cases and the same errors.
    found = memo.get()
    try:
        return _read_history_fast(data, {} if found is None else found)
    except NotFast:
        return typing.cast("History", _read_history_general(data, History))


def structure_case(value: object, _: type) -> Case:
    """Read a case from its id and history, rebuilt as the verbs would build it."""
    if type(value) is not dict:
        raise Refusal("type", 'must be an object such as {"id": ..., "history": [...]}')
    found = [
        Problem(v.shown_key(k), "unknown_key", UNKNOWN_KEY)
        for k in sorted(map(str, set(value) - {"id", "history"}))
    ]
    found.extend(Problem(k, "missing", "is required") for k in ("id", "history") if k not in value)
    case_id: str | None = None
    history: History | None = None
    if "id" in value:
        try:
            case_id = structure_str(value["id"], str)
        except Refusal as exc:
            found.append(Problem("id", exc.code, exc.message))
    if "history" in value:
        if type(value["history"]) is list:  # refused before it is read, past the budget
            refuse_long_log(len(value["history"]))
        try:
            history = _read_history(value["history"])
        except Exception as exc:  # noqa: BLE001  # every failure becomes a Problem with its path
            found.extend(problems(exc, "history"))
    if found or history is None:
        raise InvalidInputError(found)
    case = rebuild(history)
    if case.id != case_id:
        raise InvalidInputError.one("id", "id_mismatch", "differs from the opened event's case_id")
    return case


def require_consistent(case: Case) -> None:
    """Refuse a case whose fields its history does not record (it is written as its history).

    A case `rebuild` made, or one this check has passed before, is not checked again.
    """
    if _known_consistent(case):
        return
    try:
        same = rebuild(case.history) == case
    except (CaseKitError, TypeError, AttributeError):  # a history rebuild refuses is no case's
        same = False
    if not same:
        raise InvalidInputError.one(
            "$",
            "inconsistent",
            "has fields its history does not record; a case is written as its history, so "
            "change it only through the verbs of casekit.case and casekit.lifecycle",
        )
    _vouched(case)


def unstructure_case(value: Case) -> dict[str, object]:
    """Write a case as its id and its history."""
    require_consistent(value)
    return {"id": value.id, "history": _write_history_general(value.history)}


def case_text(case: Case, schema_version: int) -> str | None:
    """Return a case's compact document, written straight to text, or None to write it the
    general way (a history the text writer cannot spell exactly)."""
    require_consistent(case)
    try:
        history = _write_history_text(tuple(case.history), {})
    except NotFast:
        return None
    return f'{{"schema_version":{schema_version},"id":{_quote(case.id)},"history":{history}}}'


def case_from_text(text: object, max_chars: int) -> Case | None:  # noqa: PLR0911  # each None a plain step
    """Return the case a document in the exact form `to_json` writes describes, read the
    fastest way, or None: `from_json` then reads the text the strict way, which alone refuses.

    The strict way parses the text with a check of every JSON object for a repeated key, one
    call of Python per object. Here json parses it on its own, and a repeated key is seen by
    counting instead. In text with no whitespace before a colon, each key ends in ``":``, and
    the only other ``":`` are escaped quotes inside text; the history's readers count the keys
    of every object they take. If the two counts are equal, no object lost a repeated key.
    """
    if type(text) is not str or len(text) > max_chars:
        return None
    # Whitespace before a colon: compact text has no raw tab or line break at all (one fast
    # scan each), and a space before a colon is looked for once.
    if "\n" in text or "\r" in text or "\t" in text or " :" in text:
        return None
    try:
        document = json.loads(text, parse_constant=reject_constant)
    except (ValueError, RecursionError):  # InvalidInputError is a ValueError
        return None
    if type(document) is not dict or len(document) != 3:  # noqa: PLR2004  # the three keys
        return None
    version, case_id, history = (document.get(k) for k in ("schema_version", "id", "history"))
    if type(version) is not int or version != SCHEMA_VERSION or type(history) is not list:
        return None
    if len(history) > budget().events_per_log or may_hold_surrogates(text):
        return None
    counted = [3]
    token = _keys.set(counted)
    try:
        structure_str(case_id, str)
        events = _read_history_fast(history, {})
    except (Refusal, NotFast):
        return None
    finally:
        _keys.reset(token)
    if sum(counted) != text.count('":'):
        return None
    try:
        case = rebuild(events)
    except CaseKitError:
        return None
    return case if case.id == case_id else None
