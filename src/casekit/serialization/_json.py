"""JSON text: what `from_json` refuses before any type is read, and how `to_json` writes.

A document is one JSON object with ``schema_version`` at its top. Its text is refused if it is
too long, not JSON, nested too deeply, repeats a key in one object (JSON readers disagree about
which copy wins) or holds an unpaired surrogate (no UTF-8 text can, and I-JSON, RFC 7493,
forbids them).
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections import Counter
from typing import Any, Final, get_origin

import attrs

from casekit import _validate as v
from casekit.codes import Code
from casekit.errors import InvalidInputError

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "SCHEMA_VERSION",
    "dumps",
    "loads",
    "may_hold_surrogates",
    "reject_constant",
    "wrapped",
]

SCHEMA_VERSION: Final = 1
"""The version of the plain-data form that `to_json` writes and `from_json` reads."""

MAX_DOCUMENT_CHARS: Final = 16 * 1024 * 1024
"""The largest JSON text `from_json` reads (16 Mi characters); pass ``max_chars`` to change."""

_SURROGATE: Final = re.compile(f"[{v.SURROGATES}]")


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Return an object's pairs as a dict, refusing a key given twice."""
    # JSON parsers disagree on a repeated key (first wins, last wins, error); a document two
    # readers could read differently is refused.
    obj = dict(pairs)
    if len(obj) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        repeated = next(key for key, n in counts.items() if n > 1)
        raise InvalidInputError.one(
            v.shown_key(repeated), "duplicate_key", "appears twice in one object; keep one"
        )
    return obj


def reject_constant(name: str) -> object:
    """Refuse NaN and the infinities, which Python's json reads but JSON does not have."""
    raise InvalidInputError.one("$", "not_json", f"{name} is not valid JSON")


def may_hold_surrogates(text: str | bytes | bytearray) -> bool:
    # Cheap tests that clear nearly every document: a surrogate arrives escaped (\\udXXX), or
    # raw in a str, or UTF-8-encoded in bytes (json reads bytes with "surrogatepass").
    if isinstance(text, str):
        if "\\" in text and ("\\ud" in text or "\\uD" in text):  # one fast scan clears most
            return True
        if text.isascii():  # a raw surrogate is not ASCII
            return False
        try:
            text.encode()
        except UnicodeEncodeError:
            return True
        return False
    return b"\\ud" in text or b"\\uD" in text or b"\xed" in text


def _surrogate_path(value: object, path: str = "") -> str | None:
    """Return the path of the first text in *value* holding an unpaired surrogate, or None."""
    if isinstance(value, str):
        return (path or "$") if _SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if _SURROGATE.search(key):
                return f"{path}.<key>" if path else "<key>"
            found = _surrogate_path(item, f"{path}.{v.shown_key(key)}" if path else key)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _surrogate_path(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def _refuse_surrogates(document: object) -> None:
    path = _surrogate_path(document)
    if path is not None:
        raise InvalidInputError.one(
            path, "surrogate", "holds an unpaired surrogate, which UTF-8 text cannot hold"
        )


def loads(text: str | bytes, *, max_chars: int) -> dict[str, Any]:  # each refusal is one plain step
    """Return a document's top-level object without its ``schema_version``, or refuse it."""
    if not isinstance(text, (str, bytes, bytearray)):
        raise InvalidInputError.one("$", "type", "must be JSON text (str or bytes)")
    if len(text) > max_chars:
        raise InvalidInputError.one(
            "$", "too_large", f"is longer than {max_chars} characters; raise max_chars if needed"
        )
    try:
        document = json.loads(text, parse_constant=reject_constant, object_pairs_hook=unique_keys)
    except InvalidInputError:
        raise
    except ValueError:
        raise InvalidInputError.one("$", "not_json", "is not well-formed JSON") from None
    except RecursionError:
        raise InvalidInputError.one("$", "too_deep", "nests too deeply to be read") from None
    if may_hold_surrogates(text):
        _refuse_surrogates(document)
    if type(document) is not dict:
        raise InvalidInputError.one("$", "type", "must be a JSON object with schema_version")
    body = dict(document)
    version = body.pop("schema_version", None)
    if version is None:
        raise InvalidInputError.one(
            "schema_version",
            "missing",
            f"is required; casekit writes schema_version {SCHEMA_VERSION}",
        )
    if type(version) is not int or version != SCHEMA_VERSION:
        raise InvalidInputError.one(
            "schema_version", "unsupported", f"must be {SCHEMA_VERSION}, the version casekit reads"
        )
    return body


def dumps(document: dict[str, Any], *, indent: int | None) -> str:
    """Return *document* as JSON text: compact, or indented by *indent* spaces."""
    separators = (",", ":") if indent is None else (",", ": ")
    try:
        # The document is a tree of fresh dicts and lists, so json need not look for cycles;
        # one that came from a user's own hook and has one ends as too deep, refused below.
        text = json.dumps(
            document,
            ensure_ascii=False,
            indent=indent,
            separators=separators,
            check_circular=False,
        )
    except (TypeError, ValueError, RecursionError):
        raise InvalidInputError.one(
            "$", "not_json", "holds a value JSON cannot hold; build it with casekit's own types"
        ) from None
    try:
        text.encode()
    except UnicodeEncodeError:
        _refuse_surrogates(document)
    return text


def wrapped(cls: object) -> bool:
    """Whether values of *cls* are not JSON objects and so travel under ``"value"``."""
    if isinstance(cls, type) and attrs.has(cls):
        return cls in _SCALAR_FORMS
    origin = get_origin(cls)
    if isinstance(origin, type) and attrs.has(origin):  # a generic class: DatedParameter[Money]
        return False
    return origin not in (dict, typing.Union, types.UnionType)


_SCALAR_FORMS: Final = frozenset({Code})
