"""Domain errors: a stable code for machines, a French sentence for people."""

from django.utils.functional import Promise


class DomainError(Exception):
    code = "domain_error"
    status = 400

    def __init__(self, user_message: str | Promise, *, code: str | None = None) -> None:
        super().__init__(str(user_message))
        self.user_message = user_message
        if code:
            self.code = code
