"""Sphinx configuration for casekit's documentation.

Build: ``sphinx-build -E -n -W --keep-going -b html docs build/docs`` (what ``.ci/run`` does,
with the ``docs`` extra installed). Every page is MyST Markdown; every code example in it
runs as a doctest in the pytest run, not here.

The API reference (``docs/api/``) documents each public name once, where its public module's
``__all__`` puts it closest to the code that defines it; the other modules that re-export the
name link to that one place (the ``casekit-module`` directive below).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path
from typing import Any

import attrs
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.errors import PycodeError
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docstrings import prepare_docstring
from sphinx.util.docutils import SphinxDirective
from sphinx.util.inspect import getdoc

project = "casekit"
author = "The casekit developers"
copyright = "2026, The casekit developers"  # Sphinx's own setting name

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
# CI builds offline, and an unreachable inventory is a warning (so an error under -W): links
# into the Python, attrs and cattrs docs are made only where the network is known to be there
# (Read the Docs sets READTHEDOCS=True) or when asked for (CASEKIT_DOCS_INTERSPHINX=1).
if os.environ.get("READTHEDOCS") == "True" or os.environ.get("CASEKIT_DOCS_INTERSPHINX") == "1":
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "attrs": ("https://www.attrs.org/en/stable/", None),
        "cattrs": ("https://catt.rs/en/stable/", None),
    }

source_suffix = {".md": "markdown"}
html_theme = "furo"
html_title = "casekit"
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3  # [text](page.md#a-heading) links resolve, and are checked
exclude_patterns = ["_build"]

napoleon_google_docstring = True
napoleon_numpy_docstring = False
autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_preserve_defaults = True  # show `rule=CCM_EXAM_ELIGIBILITY`, not its long repr
autodoc_default_options = {"members": True, "undoc-members": False}

# Nitpicky mode (-n) checks every cross-reference. Annotations name types from outside
# casekit (the standard library, attrs, cattrs, pendulum, pytest, Hypothesis); offline there is
# no inventory to resolve them against, so those, and only those, are not checked.
_EXTERNAL = (
    r"(builtins|abc|collections|contextlib|datetime|decimal|enum|types|typing|typing_extensions"
    r"|dt|fractions|pathlib|io|os|re|json|argparse|gettext|importlib|attr|attrs|cattr|cattrs"
    r"|pendulum|pytest|_pytest|hypothesis|unittest|dask|tqdm|yaml)"
)
nitpick_ignore_regex = [
    (r"py:.*", _EXTERNAL + r"(\..*)?"),
    # Type variables (T, S) have no page of their own.
    (r"py:.*", r"(casekit(\.\w+)*\.)?[A-Z]"),
    # An annotation autodoc cannot evaluate (its import is for type checkers only) is shown
    # as written: the bare name of a standard-library type.
    (r"py:class", r"Decimal"),
]
# Mermaid diagrams are shown as source here (and drawn by GitHub and by mermaid-aware viewers);
# Pygments has no lexer for them.
suppress_warnings = ["misc.highlighting_failure"]


# -- The API reference: each public name documented once -------------------------------------

# Every module the reference documents, read from its pages (``casekit-module`` directives):
# the pages are the one list. tests/test_docs.py checks that it holds every public module.
API_MODULES = tuple(
    match[1]
    for page in sorted((Path(__file__).parent / "api").glob("*.md"))
    for match in re.finditer(r"^\.\. casekit-module:: (\S+)$", page.read_text(), re.MULTILINE)
)


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("."), b.split("."), strict=False):
        if x != y:
            break
        n += 1
    return n


def _homes() -> dict[tuple[int, str], str]:
    """Map (id(object), name) to the one public module that documents it.

    Of the public modules whose ``__all__`` lists the name, the home shares the longest dotted
    prefix with the module that defines the object, and is the deepest on a tie: so
    ``casekit.Money`` lives in ``casekit.money`` and ``casekit.Reason`` in ``casekit.rules``.
    """
    listed: dict[tuple[int, str], list[str]] = {}
    objects: dict[tuple[int, str], object] = {}
    for module_name in API_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            key = (id(obj), name)
            objects[key] = obj
            listed.setdefault(key, []).append(module_name)
    homes = {}
    for key, modules in listed.items():
        defined_in = getattr(objects[key], "__module__", None) or ""
        homes[key] = max(modules, key=lambda m: (_shared_prefix(m, defined_in), m.count(".")))
    return homes


_HOMES: dict[tuple[int, str], str] = {}


def _home_of(module_name: str, name: str) -> str:
    if not _HOMES:
        _HOMES.update(_homes())
    obj = getattr(importlib.import_module(module_name), name)
    return _HOMES[id(obj), name]


def _directive_for(obj: object) -> str:
    if isinstance(obj, type) and issubclass(obj, BaseException):
        return "autoexception"
    if isinstance(obj, type):
        return "autoclass"
    if callable(obj) and hasattr(obj, "__code__"):
        return "autofunction"
    return "autodata"


_LONGEST_VALUE = 100
"""A constant whose repr is longer is shown without its value: its docstring says what it is."""


class CasekitModule(SphinxDirective):
    """``.. casekit-module:: casekit.coverage``: the module's docstring and its ``__all__``.

    Names whose home is this module are documented in full, in ``__all__`` order; the others
    are listed with a link to their home.
    """

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        module_name = self.arguments[0]
        module = importlib.import_module(module_name)
        lines = [f".. automodule:: {module_name}", "   :no-members:", ""]
        elsewhere = []
        for name in module.__all__:
            home = _home_of(module_name, name)
            if home != module_name:
                elsewhere.append(f":py:obj:`{name} <{home}.{name}>`")
                continue
            obj = getattr(module, name)
            directive = _directive_for(obj)
            lines.append(f".. {directive}:: {module_name}.{name}")
            if directive == "autodata" and len(repr(obj)) > _LONGEST_VALUE:
                lines.append("   :no-value:")
            lines.append("")
        if elsewhere:
            lines += [
                ".. rubric:: Also here, documented where they are defined",
                "",
                ", ".join(elsewhere),
                "",
            ]
        container = nodes.Element()
        self.state.nested_parse(StringList(lines, source=module_name), 0, container)
        return container.children


def _resolve_private_path(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve ``casekit._module.Name`` (as annotations spell it) to the name's home."""
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("casekit."):
        return None
    module_name, _, name = target.rpartition(".")
    try:
        obj = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError):
        return None
    if not _HOMES:
        _HOMES.update(_homes())
    home = _HOMES.get((id(obj), name))
    if home is None or f"{home}.{name}" == target:
        return None
    domain = env.get_domain("py")
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], f"{home}.{name}", node, contnode
    )


def _constant_doc(full_name: str, obj: object) -> list[str] | None:
    """Return the docstring written under a constant where it is defined, if any.

    Autodoc looks for it in the module it documents the constant in; a constant re-exported
    from a ``_module`` has it there instead.
    """
    name = full_name.rpartition(".")[2]
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("casekit.") or getattr(module, name, None) is not obj:
            continue
        try:
            found = ModuleAnalyzer.for_module(module_name).find_attr_docs().get(("", name))
        except PycodeError:  # no source to read (never so for casekit's own modules)
            continue
        if found:
            return list(found)
    return None


def _before_napoleon(  # Sphinx passes an event's arguments by position
    _app: Any, what: str, name: str, obj: object, _options: Any, lines: list[str]
) -> None:
    """Give a constant its own docstring, and keep a property's or a constant's text whole.

    A constant re-exported from a ``_module`` would show its type's docstring (``dict``'s,
    ``Workflow``'s): it gets the docstring written under it instead, or none.
    Napoleon reads the first line of an attribute docstring as ``type: description``, so
    "A fixed, timezone-aware time: Monday 3 March 2025" would lose its first half to a bogus
    type. casekit's annotations give the type; an empty comment first leaves the text alone.
    """
    if what == "data":
        found = _constant_doc(name, obj)
        if found is not None:
            lines[:] = found
        elif lines and lines == prepare_docstring(getdoc(obj) or ""):
            lines.clear()
    if what in {"data", "attribute", "property"} and lines:
        lines[:0] = ["..", ""]


_ATTRS_DEFAULT = re.compile(r"attr_dict\['(\w+)'\]\.default")


def _attrs_defaults(  # Sphinx passes an event's arguments by position
    _app: Any,
    _what: str,
    _name: str,
    obj: Any,
    _options: Any,
    signature: str | None,
    ret: str,
) -> tuple[str | None, str] | None:
    """Show an attrs class's defaults as values, not as attrs' generated ``__init__`` says.

    ``autodoc_preserve_defaults`` reads defaults from the source, and the source attrs
    generates names them ``attr_dict['x'].default``.
    """
    if signature is None or not attrs.has(obj):
        return None
    fields = attrs.fields_dict(obj)

    def shown(match: re.Match[str]) -> str:
        default = fields[match[1]].default
        return "<factory>" if isinstance(default, attrs.Factory) else repr(default)

    return _ATTRS_DEFAULT.sub(shown, signature), ret


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("casekit-module", CasekitModule)
    # Before napoleon's own handler (priority 500).
    app.connect("autodoc-process-docstring", _before_napoleon, priority=400)
    app.connect("autodoc-process-signature", _attrs_defaults)
    app.connect("missing-reference", _resolve_private_path)
    return {"parallel_read_safe": True}
