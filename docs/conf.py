"""Sphinx configuration for casekit's documentation (build: sphinx-build -n -W docs docs/_build)."""

project = "casekit"
author = "The casekit developers"
copyright = "2026, The casekit developers"  # Sphinx's own setting name

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
]
source_suffix = {".md": "markdown"}
html_theme = "furo"
myst_enable_extensions = ["colon_fence"]
napoleon_google_docstring = True
autodoc_typehints = "description"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "attrs": ("https://www.attrs.org/en/stable/", None),
    "cattrs": ("https://catt.rs/en/stable/", None),
}
exclude_patterns = ["_build"]
# Mermaid diagrams are shown as source here (and drawn by GitHub and by mermaid-aware viewers);
# Pygments has no lexer for them.
suppress_warnings = ["misc.highlighting_failure"]
