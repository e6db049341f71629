"""Which care-management models an application uses: a profile and a builder for each.

`STANDARD_MODELS` holds casekit's five. An application adds its own, or replaces one, with
`Models.register`, which returns a new registry: nothing global changes, and nothing happens at
import time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

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
from casekit.rules import Rule

if TYPE_CHECKING:
    from casekit.rules import Evaluation

__all__ = ["STANDARD_MODELS", "Model", "Models", "build_plan"]


class _Frozen:
    """Immutable, compared and hashed by its slots; for registries of functions, not data."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; build a new one")

    def _names(self) -> tuple[str, ...]:
        names: tuple[str, ...] = type(self).__slots__
        return names

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, n) for n in self._names())

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Frozen)
            and type(other) is type(self)
            and (self._values() == other._values())
        )

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._names())
        return f"{type(self).__name__}({shown})"


class Model(_Frozen):
    """A care-management model an application uses: its profile, builder and eligibility.

    ``eligibility`` is a `casekit.rules.Rule` over facts the application supplies, such as a
    targeted model's defined group (`Model.eligible`). A model holds functions, so, like a
    `casekit.lifecycle.Workflow`'s guards, it has no serialised form: store its name.

    Raises:
        InvalidInputError: ``profile``, ``builder`` or ``eligibility`` with code ``type``.

    Examples:
        >>> from casekit.careplan import CLINICAL, build_clinical
        >>> Model(CLINICAL, build_clinical).name
        'clinical'
    """

    __slots__ = ("builder", "eligibility", "profile")
    profile: ModelProfile
    builder: CarePlanBuilder
    eligibility: Rule | None

    def __init__(
        self, profile: ModelProfile, builder: CarePlanBuilder, eligibility: Rule | None = None
    ) -> None:
        if not isinstance(profile, ModelProfile):
            raise InvalidInputError.one("profile", "type", "must be a ModelProfile")
        if not callable(builder):
            raise InvalidInputError.one("builder", "type", "must be a CarePlanBuilder (a callable)")
        if eligibility is not None and not isinstance(eligibility, Rule):
            raise InvalidInputError.one(
                "eligibility", "type", "must be a casekit.rules.Rule or None"
            )
        put = object.__setattr__
        put(self, "profile", profile)
        put(self, "builder", builder)
        put(self, "eligibility", eligibility)

    @property
    def name(self) -> str:
        """The model's name (its profile's)."""
        return self.profile.name

    def eligible(self, facts: dict[str, object]) -> Evaluation | None:
        """Return the eligibility rule's outcome on *facts*, or None if the model has none.

        Examples:
            >>> from casekit.careplan import TARGETED, build_targeted
            >>> from casekit.rules import flag
            >>> smi = Model(TARGETED, build_targeted, flag("serious_mental_illness"))
            >>> smi.eligible({"serious_mental_illness": False}).passed
            False
        """
        return None if self.eligibility is None else self.eligibility.evaluate(facts)


class Models(_Frozen):
    """A registry of models by name; `register` returns a new one with a model added.

    Raises:
        InvalidInputError: ``models[i]`` with code ``type`` for anything but a `Model`, or
            ``duplicate`` if two share a name.

    Examples:
        >>> from casekit.careplan import CLINICAL, STANDARD_MODELS, build_clinical
        >>> rehab = CLINICAL.override(caseload_cap=12, source="our rehab unit")
        >>> mine = STANDARD_MODELS.register(Model(rehab, build_clinical))
        >>> mine.profile("clinical").caseload_cap, STANDARD_MODELS.profile("clinical").caseload_cap
        (12, 30)
        >>> STANDARD_MODELS.names
        ('brokerage', 'clinical', 'intensive', 'strengths_based', 'targeted')
    """

    __slots__ = ("models",)
    models: tuple[Model, ...]

    def __init__(self, models: Iterable[Model]) -> None:
        given: object = models
        if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
            raise InvalidInputError.one("models", "type", "must be a sequence of Model")
        found = tuple(models)
        seen: set[str] = set()
        for i, model in enumerate(found):
            if not isinstance(model, Model):
                raise InvalidInputError.one(f"models[{i}]", "type", "must be a Model")
            if model.name in seen:
                raise InvalidInputError.one(
                    f"models[{i}]", "duplicate", "names a model already registered"
                )
            seen.add(model.name)
        object.__setattr__(self, "models", found)

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
