"""The hot-path builders stay in step with the classes they fill."""

import attrs
import pytest

from casekit.case import Case, CaseEvent
from casekit.lifecycle import _fast


def test_the_setters_match_the_fields_in_order():
    """Every slot of CaseEvent and Case is set, in declaration order."""
    assert tuple(a.name for a in attrs.fields(CaseEvent)) == _fast._EVENT_FIELDS
    assert tuple(a.name for a in attrs.fields(Case)) == _fast._CASE_FIELDS


def test_a_class_out_of_step_fails_loudly():
    """A field list that no longer matches is an import-time error, never a wrong slot."""
    with pytest.raises(ImportError):
        _fast._setters(CaseEvent, ("seq",))
