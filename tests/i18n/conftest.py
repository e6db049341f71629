"""Fixtures for the catalogue tests: registrations a test makes are undone after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from casekit import i18n


@pytest.fixture
def fresh_catalogues() -> Iterator[dict[str, dict[str, str]]]:
    """Yield the live catalogues; afterwards, put back what they held before the test."""
    live = i18n.CATALOGUES.loaded()
    saved = {tag: dict(catalogue) for tag, catalogue in live.items()}
    yield live
    live.clear()
    live.update(saved)


@pytest.fixture
def shipped_only(fresh_catalogues: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Leave only casekit's five catalogues for the test: others' registrations set aside."""
    for tag in set(fresh_catalogues) - set(i18n.SHIPPED):
        del fresh_catalogues[tag]
    return fresh_catalogues
