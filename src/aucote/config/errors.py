"""Configuration problems and the one exception that reports them: file, key path, problem."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One thing wrong with a configuration: where (a dotted key path, '' for the whole file) and what."""

    key: str
    message: str

    def describe(self, source: str) -> str:
        """`source: key: message`, or `source: message` when the problem has no key."""
        return f"{source}: {self.key}: {self.message}" if self.key else f"{source}: {self.message}"


class ConfigError(Exception):
    """A configuration that cannot be used; its text names the file, the key path and the problem."""

    def __init__(self, source: str, problems: Sequence[ConfigProblem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(problem.describe(source) for problem in self.problems))


class KeyedProblems(ValueError):
    """Raised inside validators to report problems at key paths relative to the validated model."""

    def __init__(self, problems: Sequence[ConfigProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.key}: {p.message}" if p.key else p.message for p in self.problems))
