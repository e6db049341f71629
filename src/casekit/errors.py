"""casekit's exceptions.

Every exception casekit raises on purpose derives from `CaseKitError`, and each subclass also
derives from the built-in whose meaning it shares, so ``except ValueError`` keeps working::

    * CaseKitError
      + InvalidInputError(ValueError)        data at a boundary is wrong: .problems
      + InvalidDefinitionError(ValueError)   a workflow, plan or rule set cannot work: .problems
      + TransitionRefusedError               an event is not allowed now: .event, .state, .reasons
      + UnknownCodeError(LookupError)        a code casekit does not know: .system, .code

Messages say what is wrong, where, and how to fix it. They never echo the offending value,
which may be personal health information.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Self

if TYPE_CHECKING:
    from collections.abc import Iterable

    from casekit.rules import Reason

__all__ = [
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


class CaseKitError(Exception):
    """The base of every exception casekit raises on purpose.

    Examples:
        >>> issubclass(InvalidInputError, CaseKitError)
        True
    """


class _ProblemsError(CaseKitError, ValueError):
    """An error that carries every problem found, not only the first."""

    problems: tuple[Problem, ...]
    _headline = "problems found"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self._render())

    @classmethod
    def one(cls, path: str, code: str, message: str) -> Self:
        """Return an error holding a single problem."""
        return cls((Problem(path, code, message),))

    def _render(self) -> str:
        n = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        noun = "problem" if n == 1 else "problems"
        return f"{self._headline} ({n} {noun}):\n{lines}"

    def __reduce__(self) -> tuple[type[_ProblemsError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))


class InvalidInputError(_ProblemsError):
    """Data given to casekit is wrong; ``.problems`` lists every problem with its path.

    Examples:
        >>> err = InvalidInputError([Problem("patient.birth_date", "missing", "is required")])
        >>> print(err)
        invalid input (1 problem):
          patient.birth_date: is required
        >>> isinstance(err, ValueError)
        True
    """

    _headline = "invalid input"


class InvalidDefinitionError(_ProblemsError):
    """A workflow, plan or rule set cannot work as defined; ``.problems`` says why.

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
        message = f"unknown code {code!r} in {system!r}"
        super().__init__(f"{message}; {hint}" if hint else message)

    def __reduce__(self) -> tuple[type[UnknownCodeError], tuple[str, str]]:
        return (type(self), (self.system, self.code))
