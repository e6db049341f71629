"""casekit's exceptions.

Every exception casekit raises on purpose derives from `CaseKitError`, and each subclass also
derives from the built-in whose meaning it shares, so ``except ValueError`` keeps working::

    * CaseKitError
      + InvalidInputError(ValueError)        data at a boundary is wrong: .problems
      + InvalidDefinitionError(ValueError)   a workflow, plan or rule set cannot work: .problems
      + TransitionRefusedError               an event is not allowed now: .event, .state, .reasons
      + UnknownCodeError(LookupError)        a code casekit does not know: .system, .code

Messages say what is wrong, where, and how to fix it. They never echo the offending value,
which may be personal health information. An error lists at most the current budget's
``problems`` (`casekit.limits`): past it, the first ones and then one ``too_many_problems``
problem with the count, so a hostile document cannot make the error itself large.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, NamedTuple, Self

from casekit.limits import current

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from casekit._reason import Reason

__all__ = [
    "UNKNOWN_KEY",
    "CaseKitError",
    "InvalidDefinitionError",
    "InvalidInputError",
    "Problem",
    "TransitionRefusedError",
    "UnknownCodeError",
]


class Problem(NamedTuple):
    """One thing wrong with some input: where, a stable code, and a sentence.

    Examples:
        >>> Problem("contacts[3].at", "naive_datetime", "must carry a UTC offset")
        Problem(path='contacts[3].at', code='naive_datetime', message='must carry a UTC offset')
        >>> str(Problem("amount", "float", "must be a decimal string, not a float"))
        'amount: must be a decimal string, not a float'
    """

    path: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    @classmethod
    def unknown_key(cls, path: str) -> Problem:
        """Return the problem every loader reports for a key it does not know, at *path*.

        Rule sets, plans, workflows and every type `from_dict` reads say it the same way.

        Examples:
            >>> print(Problem.unknown_key("states[0].nmae"))
            states[0].nmae: is not a known field; remove it or check its spelling
        """
        return cls(path, "unknown_key", UNKNOWN_KEY)


UNKNOWN_KEY: Final = "is not a known field; remove it or check its spelling"
"""The message of an ``unknown_key`` problem, the same in every loader."""


class CaseKitError(Exception):
    """The base of every exception casekit raises on purpose.

    Examples:
        >>> issubclass(InvalidInputError, CaseKitError)
        True
    """


class _ProblemsError(CaseKitError, ValueError):
    """An error that carries every problem found, not only the first."""

    problems: tuple[Problem, ...]
    total: int
    _headline = "problems found"

    def __init__(self, problems: Iterable[Problem]) -> None:
        limit = current().problems
        kept: list[Problem] = []
        count = 0
        for problem in problems:
            count += 1
            if count <= limit:
                kept.append(problem)
        if count > limit:
            more = count - limit
            kept.append(
                Problem(
                    "$",
                    "too_many_problems",
                    f"and {more} more {'problem' if more == 1 else 'problems'} not listed; "
                    "fix these first",
                )
            )
        self.problems = tuple(kept)
        self.total = count
        super().__init__(self._render())

    @classmethod
    def one(cls, path: str, code: str, message: str) -> Self:
        """Return an error holding a single problem."""
        return cls((Problem(path, code, message),))

    def _render(self) -> str:
        n = self.total
        lines = "\n".join(f"  {p}" for p in self.problems)
        noun = "problem" if n == 1 else "problems"
        return f"{self._headline} ({n} {noun}):\n{lines}"

    def __reduce__(
        self,
    ) -> tuple[
        Callable[..., _ProblemsError], tuple[type[_ProblemsError], tuple[Problem, ...], int]
    ]:
        # Rebuilt as it is, not capped again under the receiving process's budget.
        return (_rebuild, (type(self), self.problems, self.total))


def _rebuild(
    cls: type[_ProblemsError], problems: tuple[Problem, ...], total: int
) -> _ProblemsError:
    error = cls.__new__(cls)
    error.problems = problems
    error.total = total
    Exception.__init__(error, error._render())  # noqa: SLF001  # same module
    return error


class InvalidInputError(_ProblemsError):
    """Data given to casekit is wrong; ``.problems`` lists every problem with its path.

    ``.total`` counts the problems found. Past the budget's ``problems`` (100 by default, see
    `casekit.limits`), ``.problems`` holds the first ones and then one ``too_many_problems``
    problem at ``$`` saying how many more there are.

    Examples:
        >>> err = InvalidInputError([Problem("patient.birth_date", "missing", "is required")])
        >>> print(err)
        invalid input (1 problem):
          patient.birth_date: is required
        >>> isinstance(err, ValueError)
        True
        >>> from casekit import limits
        >>> with limits.using(problems=2):
        ...     err = InvalidInputError(Problem(f"events[{i}]", "missing", "is required")
        ...                             for i in range(10_000))
        >>> print(err)
        invalid input (10000 problems):
          events[0]: is required
          events[1]: is required
          $: and 9998 more problems not listed; fix these first
    """

    _headline = "invalid input"


class InvalidDefinitionError(_ProblemsError):
    """A workflow, plan or rule set cannot work as defined; ``.problems`` says why.

    Like `InvalidInputError`, it lists at most the budget's ``problems`` and counts the rest.

    Examples:
        >>> err = InvalidDefinitionError.one("states", "no_initial", "mark one state initial")
        >>> print(err)
        invalid definition (1 problem):
          states: mark one state initial
    """

    _headline = "invalid definition"


class TransitionRefusedError(CaseKitError):
    """An event is not allowed from the entity's current state; ``.reasons`` says why.

    Examples:
        >>> from casekit.rules import Reason
        >>> err = TransitionRefusedError("close", "assessing", [Reason("lifecycle.no_reason")])
        >>> err.event, err.state, len(err.reasons)
        ('close', 'assessing', 1)
    """

    def __init__(self, event: str, state: str, reasons: Iterable[Reason]) -> None:
        self.event = event
        self.state = state
        self.reasons: tuple[Reason, ...] = tuple(reasons)
        because = "; ".join(r.message() for r in self.reasons) or "no reason given"
        super().__init__(f"event {event!r} refused in state {state!r}: {because}")

    def __reduce__(
        self,
    ) -> tuple[type[TransitionRefusedError], tuple[str, str, tuple[Reason, ...]]]:
        return (type(self), (self.event, self.state, self.reasons))


class UnknownCodeError(CaseKitError, LookupError):
    """A code or name casekit does not know in the given system or registry.

    Codes from code systems are public vocabulary, never personal data, so they are named.

    Examples:
        >>> print(UnknownCodeError("CARC", "X99"))
        unknown code 'X99' in 'CARC'
    """

    def __init__(self, system: str, code: str, hint: str = "") -> None:
        self.system = system
        self.code = code
        self.hint = hint
        message = f"unknown code {code!r} in {system!r}"
        super().__init__(f"{message}; {hint}" if hint else message)

    def __reduce__(self) -> tuple[type[UnknownCodeError], tuple[str, str, str]]:
        return (type(self), (self.system, self.code, self.hint))
