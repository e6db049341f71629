"""Which care-management models an application uses: a profile and a builder for each.

`STANDARD_MODELS` holds casekit's five. An application adds its own, or replaces one, with
`Models.register`, which returns a new registry: nothing global changes, and nothing happens at
import time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import attrs

from casekit import _validate as v
from casekit.assessment import Assessment
from casekit.careplan._build import (
    CarePlanBuilder,
    Catalogue,
    PlanOptions,
    build_brokerage,
    build_clinical,
    build_intensive,
    build_strengths_based,
    build_targeted,
)
from casekit.careplan._plan import CarePlan
from casekit.careplan._profile import (
    BROKERAGE,
    CLINICAL,
    INTENSIVE,
    STRENGTHS_BASED,
    TARGETED,
    ModelProfile,
)
from casekit.errors import InvalidInputError
from casekit.rules import Outcome, Rule

__all__ = ["STANDARD_MODELS", "Model", "Models", "build_plan"]


def _builder(_inst: object, attribute: Any, value: Any) -> None:
    if not callable(value):
        raise v.fail(attribute.name, "type", "must be a CarePlanBuilder (a callable)")


def _rule(_inst: object, attribute: Any, value: Any) -> None:
    if value is not None and not isinstance(value, Rule):
        raise v.fail(attribute.name, "type", "must be a casekit.rules.Rule or None")


@attrs.frozen
class Model:
    """A care-management model an application uses: its profile, builder and eligibility.

    ``eligibility`` is a `casekit.rules.Rule` over facts the application supplies, such as a
    targeted model's defined group (`Model.eligible`).

    Examples:
        >>> from casekit.careplan import CLINICAL, build_clinical
        >>> Model(CLINICAL, build_clinical).name
        'clinical'
    """

    profile: ModelProfile = attrs.field(validator=v.instance(ModelProfile))
    builder: CarePlanBuilder = attrs.field(validator=_builder)
    eligibility: Rule | None = attrs.field(default=None, validator=_rule)

    @property
    def name(self) -> str:
        """The model's name (its profile's)."""
        return self.profile.name

    def eligible(self, facts: dict[str, object]) -> Outcome | None:
        """Return the eligibility rule's outcome on *facts*, or None if the model has none.

        Examples:
            >>> from casekit.careplan import TARGETED, build_targeted
            >>> from casekit.rules import flag
            >>> smi = Model(TARGETED, build_targeted, flag("serious_mental_illness"))
            >>> smi.eligible({"serious_mental_illness": False}).passed
            False
        """
        return None if self.eligibility is None else self.eligibility.evaluate(facts)


def _unique(_inst: object, _attribute: object, value: tuple[Model, ...]) -> None:
    seen: set[str] = set()
    for i, model in enumerate(value):
        if model.name in seen:
            raise v.fail(f"models[{i}]", "duplicate", "names a model already registered")
        seen.add(model.name)


@attrs.frozen
class Models:
    """A registry of models by name; `register` returns a new one with a model added.

    Raises:
        InvalidInputError: ``models[i]`` with code ``duplicate`` if two share a name.

    Examples:
        >>> from casekit.careplan import CLINICAL, STANDARD_MODELS, build_clinical
        >>> rehab = CLINICAL.override(caseload_cap=12, source="our rehab unit")
        >>> mine = STANDARD_MODELS.register(Model(rehab, build_clinical))
        >>> mine.profile("clinical").caseload_cap, STANDARD_MODELS.profile("clinical").caseload_cap
        (12, 30)
        >>> STANDARD_MODELS.names
        ('brokerage', 'clinical', 'intensive', 'strengths_based', 'targeted')
    """

    models: tuple[Model, ...] = attrs.field(
        converter=v.freeze, validator=[v.tuple_of(Model), _unique]
    )

    @property
    def names(self) -> tuple[str, ...]:
        """The registered models' names, sorted."""
        return tuple(sorted(m.name for m in self.models))

    def get(self, name: str) -> Model:
        """Return the model called *name*.

        Raises:
            InvalidInputError: ``model`` with code ``unknown_model`` naming the known ones.
        """
        for model in self.models:
            if model.name == name:
                return model
        raise InvalidInputError.one(
            "model", "unknown_model", "is not a registered model: " + ", ".join(self.names)
        )

    def profile(self, name: str) -> ModelProfile:
        """Return the profile of the model called *name* (see `get`)."""
        return self.get(name).profile

    def register(self, model: Model) -> Models:
        """Return a registry with *model* added, replacing any model of the same name."""
        if not isinstance(model, Model):
            raise InvalidInputError.one("model", "type", "must be a Model")
        kept = tuple(m for m in self.models if m.name != model.name)
        return Models((*kept, model))


STANDARD_MODELS: Final = Models(
    (
        Model(STRENGTHS_BASED, build_strengths_based),
        Model(CLINICAL, build_clinical),
        Model(BROKERAGE, build_brokerage),
        Model(INTENSIVE, build_intensive),
        Model(TARGETED, build_targeted),
    )
)
"""casekit's five models with their default profiles and builders."""


def build_plan(  # the builder's inputs, plus which model
    assessment: Assessment,
    catalogue: Catalogue,
    *,
    model: str,
    plan_id: str,
    at: dt.datetime,
    by: str,
    options: PlanOptions | None = None,
    models: Models = STANDARD_MODELS,
) -> CarePlan:
    """Return the plan *model*'s builder makes from *assessment* and *catalogue*.

    Raises:
        InvalidInputError: ``model`` with code ``unknown_model``, ``models`` with code ``type``,
            or the builder's own refusal saying what the inputs lack.

    Examples:
        >>> from casekit.careplan import examples
        >>> plan = build_plan(examples.ASSESSMENT, examples.CATALOGUE, model="clinical",
        ...                   plan_id="cp-1", at=examples.AT, by="cm-1")
        >>> plan.model, [g.need_ids for g in plan.goals], str(plan.contact_schedule.early)
        ('clinical', [('n-walk',)], '1 per week')
    """
    if not isinstance(models, Models):
        raise InvalidInputError.one("models", "type", "must be Models")
    entry = models.get(model)
    return entry.builder(
        assessment,
        catalogue,
        profile=entry.profile,
        options=PlanOptions() if options is None else options,
        plan_id=plan_id,
        at=at,
        by=by,
    )
