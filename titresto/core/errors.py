"""Domain errors: a stable code for machines, a French sentence for people."""

from django.utils.functional import Promise


class DomainError(Exception):
    """`field` names the form field the message belongs to, so pages show it next to that field."""

    code = "domain_error"
    status = 400
    field: str | None = None

    def __init__(
        self, user_message: str | Promise, *, code: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(str(user_message))
        self.user_message = user_message
        if code:
            self.code = code
        if field:
            self.field = field
