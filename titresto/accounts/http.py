from django.http import HttpRequest

from titresto.accounts.models import User


class SignedInRequest(HttpRequest):
    """The request a `signed_in_only` view receives: LoginRequiredMiddleware let a user through."""

    user: User
