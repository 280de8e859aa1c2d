from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from titresto.accounts.security.login import second_factor_verified

# What an issuer's agent may reach before their second factor is verified in this session.
STAFF_OPEN_VIEWS = frozenset(
    {
        "accounts:totp_enrol",
        "accounts:totp_start",
        "accounts:login_code",
        "accounts:logout",
        "set_language",
    }
)
# What a manager of a client requiring two-factor sign-in may reach before passing it.
MANAGER_OPEN_VIEWS = STAFF_OPEN_VIEWS | {"accounts:switch_client", "accounts:security"}


class StaffSecondFactorMiddleware:
    """The issuer's staff use a second factor, always: first enrolment, then a code per session.
    So do the managers of a client whose administrator made it mandatory (« Gestion des accès »),
    while they act for that client.

    Sits after the authentication middleware; the back-office checks the same flag again in
    `has_permission`, so neither alone is the only guard.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or second_factor_verified(request):
            return None
        actor = getattr(request, "actor", None)
        required_by_client = actor is not None and actor.client.requires_two_factor
        if not (user.is_staff or required_by_client):
            return None
        match = request.resolver_match
        open_views = STAFF_OPEN_VIEWS if user.is_staff else MANAGER_OPEN_VIEWS
        if match is not None and match.view_name in open_views:
            return None
        if user.has_totp:
            return redirect("accounts:login_code")
        return redirect("accounts:totp_enrol")
