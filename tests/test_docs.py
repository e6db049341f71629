"""The documentation site's structure: every page reachable, every public module referenced.

Sphinx builds the site in CI (``.ci/run``, the ``docs`` extra); these checks need no Sphinx,
so a page left out of every toctree or a module left out of the reference fails the plain
test run too.
"""

import pkgutil
import re
from pathlib import Path

import pytest
from surface import public_modules

import casekit.testing

DOCS = Path(__file__).resolve().parents[1] / "docs"
TOCTREE = re.compile(r"^```\{toctree\}\n(.*?)^```", re.MULTILINE | re.DOTALL)
API_DIRECTIVE = re.compile(r"^\.\. (?:casekit-module|automodule):: (\S+)$", re.MULTILINE)


def toctree_entries(page: Path) -> list[Path]:
    """Return the pages a MyST page's toctrees list, as paths, in order."""
    entries = []
    for block in TOCTREE.findall(page.read_text(encoding="utf-8")):
        for line in block.splitlines():
            entry = line.strip()
            if entry and not entry.startswith(":"):
                entries.append((page.parent / entry).with_suffix(".md").resolve())
    return entries


def reachable_from(root: Path) -> set[Path]:
    """Return every page reachable from *root* through toctrees, *root* included."""
    seen = {root}
    todo = [root]
    while todo:
        for entry in toctree_entries(todo.pop()):
            if entry not in seen:
                seen.add(entry)
                todo.append(entry)
    return seen


def test_every_page_in_docs_is_in_the_site_s_table_of_contents():
    """A page no toctree reaches from the index would be orphaned: Sphinx warns, CI fails."""
    pages = {p.resolve() for p in DOCS.rglob("*.md") if "_build" not in p.parts}

    assert sorted(str(p.relative_to(DOCS)) for p in pages - reachable_from(DOCS / "index.md")) == []


def test_every_toctree_entry_names_an_existing_page():
    """A toctree naming a page that is not there (a renamed page, a typo) is caught here."""
    pages = [p for p in DOCS.rglob("*.md") if "_build" not in p.parts]
    missing = [
        f"{page.relative_to(DOCS)} -> {entry.relative_to(DOCS)}"
        for page in pages
        for entry in toctree_entries(page)
        if not entry.is_file()
    ]

    assert missing == []


def test_the_site_is_organised_by_diataxis_with_maintainer_pages_apart():
    """The index has tutorials, how-to guides, explanation, reference and maintainers' pages."""
    captions = re.findall(r"^:caption: (.+)$", (DOCS / "index.md").read_text(), re.MULTILINE)

    assert captions == [
        "Tutorials",
        "How-to guides",
        "Explanation",
        "Reference",
        "For maintainers",
    ]


def documented_modules() -> list[str]:
    """Return the modules the API reference pages document, in page order."""
    return [
        name
        for page in sorted((DOCS / "api").glob("*.md"))
        for name in API_DIRECTIVE.findall(page.read_text(encoding="utf-8"))
    ]


def modules_of_casekit_testing() -> list[str]:
    """Return casekit.testing and its public modules (public_modules leaves them out)."""
    return [
        "casekit.testing",
        *(
            info.name
            for info in pkgutil.iter_modules(casekit.testing.__path__, "casekit.testing.")
            if not info.name.rpartition(".")[2].startswith("_")
        ),
    ]


def test_the_api_reference_documents_every_public_module_once():
    """Each public module has its section in docs/api/, and none has two."""
    documented = documented_modules()

    assert sorted(documented) == sorted({*public_modules(), *modules_of_casekit_testing()})


@pytest.mark.parametrize("page", sorted((DOCS / "api").glob("*.md")), ids=lambda p: p.name)
def test_each_api_page_is_named_for_the_module_it_opens_with(page):
    """docs/api/coverage.md opens with casekit.coverage; index.md and casekit.md are the roots."""
    names = API_DIRECTIVE.findall(page.read_text(encoding="utf-8"))

    if page.stem == "index":
        assert names == []
    else:
        expected = "casekit" if page.stem == "casekit" else f"casekit.{page.stem}"
        assert names[0] == expected
