"""The explainable rule kernel: rules that say why, as data or as Python.

A `Rule` is anything with a ``name`` and ``evaluate(facts) -> Evaluation``. `Facts` is a
mapping of named facts (``{"code": ..., "on": ..., "visits_used": ...}``). An `Evaluation` says
whether the rule ``passed``, gives ``reasons`` (one `Reason` per unmet condition, empty exactly
when it passed) and a `Trace`: the tree of nodes evaluated, each with the facts it read, whether it
matched and whether it was ``decisive`` for its parent. Leaves come from the domain predicates
(`code_in`, `date_in`, `age_between`, `sex_in`, `count_below`, `amount_at_most`,
`has_authorization`, `flag`) or from `predicate`; `all_of`, `any_of` and `not_` combine them.
Every child is evaluated, so a failure lists every unmet condition. Rules load from data with
`load_rules` and dump back with `dump_rules`; `ParameterHistory` holds dated parameters.

Examples:
    >>> import pendulum
    >>> from casekit.periods import DateRange
    >>> from casekit.rules import all_of, any_of, code_in, count_below, date_in, flag, not_
    >>> covered = all_of(
    ...     code_in(frozenset({"CPT|99213"}), set_name="office_visits"),
    ...     date_in(period_fact="policy_period"),
    ...     count_below(20, fact="visits_used"),
    ...     any_of(not_(flag("auth_required")), flag("auth_on_file")),
    ... )
    >>> out = covered.evaluate({
    ...     "code": "CPT|99213", "on": pendulum.date(2024, 6, 1),
    ...     "policy_period": DateRange.of("2024-01-01", "2024-12-31"),
    ...     "visits_used": 20, "auth_required": True, "auth_on_file": False,
    ... })
    >>> out.passed
    False
    >>> for message in out.messages():
    ...     print(message)
    visits_used has reached its limit of 20
    auth_required is set
    auth_on_file is not set
    >>> print(out.trace.render())
    ✗ all_of
      ✓ code_in(code, office_visits)  code=CPT|99213  (not decisive)
      ✓ date_in(on, policy_period)  on=2024-06-01  policy_period=2024-01-01..2024-12-31
        (not decisive)
      ✗ count_below(visits_used, 20)  visits_used=20
      ✗ any_of
        ✗ not
          ✓ flag(auth_required)  auth_required=true
        ✗ flag(auth_on_file)  auth_on_file=false
"""

from typing import TYPE_CHECKING

from casekit import limits
from casekit._deprecation import warn_renamed
from casekit._reason import ParamValue, Reason
from casekit.rules._combinators import all_of, any_of, not_
from casekit.rules._data import MAX_DEPTH, dump_rules, load_rules, load_rules_yaml
from casekit.rules._parameters import DatedParameter, ParameterHistory, load_parameter_table
from casekit.rules._predicates import (
    SEXES,
    Authorizing,
    age_between,
    amount_at_most,
    code_in,
    count_below,
    date_in,
    flag,
    has_authorization,
    predicate,
    sex_in,
)
from casekit.rules._rule import Evaluation, Facts, Rule
from casekit.rules._trace import Trace

__all__ = [
    "MAX_DEPTH",
    "SEXES",
    "Authorizing",
    "DatedParameter",
    "Evaluation",
    "Facts",
    "ParamValue",
    "ParameterHistory",
    "Reason",
    "Rule",
    "Trace",
    "age_between",
    "all_of",
    "amount_at_most",
    "any_of",
    "code_in",
    "count_below",
    "date_in",
    "dump_rules",
    "flag",
    "has_authorization",
    "load_parameter_table",
    "load_rules",
    "load_rules_yaml",
    "not_",
    "predicate",
    "sex_in",
]

if TYPE_CHECKING:
    Outcome = Evaluation  # the deprecated name, for type checkers


def __getattr__(name: str) -> object:
    # Deprecated names, served with a warning for one minor version.
    if name == "Outcome":
        warn_renamed("casekit.rules.Outcome", "casekit.rules.Evaluation")
        return Evaluation
    if name == "MAX_NODES":
        warn_renamed("casekit.rules.MAX_NODES", "casekit.limits.current().nodes")
        return limits.current().nodes
    raise AttributeError(f"module 'casekit.rules' has no attribute {name!r}")
