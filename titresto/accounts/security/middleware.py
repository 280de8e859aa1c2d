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


class StaffSecondFactorMiddleware:
    """The issuer's staff use a second factor, always: first enrolment, then a code per session.

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
        if not (user.is_authenticated and user.is_staff) or second_factor_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in STAFF_OPEN_VIEWS:
            return None
        if user.has_totp:
            return redirect("accounts:login_code")
        return redirect("accounts:totp_enrol")
