"""The message catalogue: rendering never fails and always explains."""

import pytest

from casekit import i18n
from casekit.rules import Reason


def test_english_is_the_catalogue_every_locale_falls_back_to():
    """A locale without a catalogue renders in English."""
    assert "en" in i18n.locales()
    assert i18n.render("input.missing", (), locale="xx") == "is required"


def test_a_missing_parameter_is_shown_as_its_placeholder(monkeypatch):
    """A template naming a parameter the reason lacks still renders."""
    monkeypatch.setitem(i18n.CATALOGUES["en"], "test.partial", "needs {what} by {when}")

    assert Reason.of("test.partial", what="a plan").message() == "needs a plan by {when}"


@pytest.mark.parametrize("template", ["{0}", "{what.attr}", "{what:%Y}"])
def test_a_broken_template_renders_as_itself(monkeypatch, template):
    """A malformed template never raises; it shows as written."""
    monkeypatch.setitem(i18n.CATALOGUES["en"], "test.broken", template)

    assert Reason.of("test.broken", what=3).message() == template


def test_every_catalogue_template_renders_with_its_own_placeholders():
    """Each English template formats cleanly when given every field it names."""
    import string

    for code, template in i18n.CATALOGUES["en"].items():
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        text = i18n.render(code, [(n, 1) for n in names])
        assert "{" not in text, code
