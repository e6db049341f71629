"""Unions of records told apart by a tag: ``{"kind": "contact", ...}``."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final, get_args, get_origin

import cattrs

from casekit.errors import InvalidInputError
from casekit.serialization._problems import Refusal

__all__ = ["TAGGED", "snake", "teach_kinds"]

TAGGED: Final[dict[frozenset[type], tuple[str, Mapping[str, type]]]] = {}
"""Every union taught so far: its members, its tag and each member by its name. The event log's
readers and writers read it, to spell records exactly as these hooks do."""


def snake(cls: type) -> str:
    """Return the tag casekit gives a record class: its name in snake case (``care_plan``)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


def teach_kinds(c: cattrs.Converter, union: Any, kinds: Mapping[str, type], tag: str) -> None:  # noqa: C901  # three small closures over one union
    """Teach *c* to read and write *union* (and ``union | None``) as objects tagged by *tag*."""
    by_tag = dict(kinds)
    names = {cls: name for name, cls in by_tag.items()}
    listing = ", ".join(by_tag)
    members = frozenset(get_args(union))
    TAGGED[members] = (tag, by_tag)

    def covers(t: object) -> bool:
        # The union itself, ``union | None``, and any union of some of its members.
        if get_origin(t) not in (typing.Union, types.UnionType):
            return False
        args = set(get_args(t)) - {type(None)}
        return len(args) > 1 and args <= members

    def structure_factory(t: object) -> Callable[[object, object], Any]:
        # The union's members are looked up once here, not on every value read.
        allowed = frozenset(get_args(t))
        optional = type(None) in allowed

        def structure(value: object, _: object) -> Any:
            if value is None and optional:
                return None
            if type(value) is not dict:
                raise Refusal("type", f"must be an object with a {tag} ({listing})")
            body = dict(value)
            name = body.pop(tag, None)
            cls = by_tag.get(name) if type(name) is str else None
            if cls is None or cls not in allowed:
                raise InvalidInputError.one(tag, "enum", f"must be one of: {listing}")
            return c.structure(body, cls)

        return structure

    hooks: dict[type, Callable[[Any], Any]] = {}  # each member's hook, looked up once

    def unstructure(value: object) -> Any:
        if value is None:
            return None
        cls = type(value)
        hook = hooks.get(cls)
        if hook is None:
            hook = hooks[cls] = c.get_unstructure_hook(cls)
        return {tag: names[cls], **hook(value)}

    c.register_structure_hook_factory(covers, structure_factory)
    c.register_unstructure_hook_func(covers, unstructure)
