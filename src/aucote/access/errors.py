"""The refusal of an account or token operation: a problem code and a message for people."""

from aucote.model.access import AccountProblem


class AccountError(Exception):
    """An account or token operation was refused; nothing was changed."""

    def __init__(self, problem: AccountProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message
