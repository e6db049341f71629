"""casekit's errors told in a locale: their headline, problems and refusal reasons."""

from __future__ import annotations

from typing import Final

from casekit.errors import (
    CaseKitError,
    InvalidDefinitionError,
    InvalidInputError,
    Problem,
    TransitionRefusedError,
    UnknownCodeError,
)
from casekit.i18n._catalogue import CATALOGUES, render

_MARKER: Final = ("$", "too_many_problems")
"""Where and how an error says it listed only the first problems."""


def _counted(code: str, name: str, count: int, locale: str) -> str:
    return render(f"{code}_one" if count == 1 else code, ((name, count),), locale=locale)


def _problem(
    problem: Problem, error: InvalidInputError | InvalidDefinitionError, locale: str
) -> str:
    # A problem's sentence is translated when it is the catalogue's English sentence for its
    # code; any other sentence (most name a field's own rule) is shown as written, in English.
    params: tuple[tuple[str, int], ...] = ()
    if (problem.path, problem.code) == _MARKER:
        more = error.total - len(error.problems) + 1
        code, params = (
            "errors.too_many_problems_one" if more == 1 else "errors.too_many_problems",
            (("more", more),),
        )
    else:
        code = f"input.{problem.code}"
    english = CATALOGUES["en"].get(code)
    if english is not None and render(code, params) == problem.message:
        return str(problem._replace(message=render(code, params, locale=locale)))
    return str(problem)


def render_error(error: CaseKitError, *, locale: str = "en") -> str:
    """Return *error*'s message in *locale*: the same text as ``str(error)``, translated.

    The headline of an `InvalidInputError` or `InvalidDefinitionError`, a problem whose
    sentence is one of the catalogue's (``input.missing``, ``input.unknown_key``, the count of
    problems not listed), a `TransitionRefusedError`'s reasons and an `UnknownCodeError` are
    translated; paths, codes and any other problem's sentence stay as they are. In English it
    is ``str(error)`` exactly. *locale* falls back as in `render`.

    Raises:
        InvalidInputError: at ``error`` if it is not a casekit error.

    Examples:
        >>> from casekit.errors import Problem, InvalidInputError
        >>> err = InvalidInputError([Problem.unknown_key("plan.nmae")])
        >>> print(render_error(err, locale="fr"))
        données non valides (1 problème) :
          plan.nmae: n'est pas un champ connu ; supprimez-le ou vérifiez son orthographe
        >>> render_error(err) == str(err)
        True
    """
    if isinstance(error, InvalidInputError | InvalidDefinitionError):
        kind = (
            "errors.invalid_input"
            if isinstance(error, InvalidInputError)
            else "errors.invalid_definition"
        )
        lines = "\n".join(f"  {_problem(p, error, locale)}" for p in error.problems)
        return f"{_counted(kind, 'count', error.total, locale)}\n{lines}"
    if isinstance(error, TransitionRefusedError):
        reasons = "; ".join(render(r.code, r.params, locale=locale) for r in error.reasons)
        params = (
            ("event", repr(error.event)),
            ("state", repr(error.state)),
            ("reasons", reasons or render("errors.no_reason_given", (), locale=locale)),
        )
        return render("errors.transition_refused", params, locale=locale)
    if isinstance(error, UnknownCodeError):
        named = (("code", repr(error.code)), ("system", repr(error.system)))
        text = render("errors.unknown_code", named, locale=locale)
        return f"{text}; {error.hint}" if error.hint else text
    if isinstance(error, CaseKitError):
        return str(error)
    raise InvalidInputError.one("error", "type", "must be a casekit error (a CaseKitError)")
