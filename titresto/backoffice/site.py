"""The issuer's staff console: Django's admin, in French, at /backoffice/.

Only staff whose second factor was verified in this session get in; signing in goes through
the portal's own login (throttled, with the TOTP step), never the admin's form.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from titresto.accounts.security.login import safe_next, second_factor_verified


class BackofficeSite(admin.AdminSite):
    site_header = _("Back-office de l'émetteur")
    site_title = _("Back-office")
    index_title = _("Clients, contrats et gestionnaires")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and second_factor_verified(request)

    @method_decorator(never_cache)
    @login_not_required
    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.user.is_authenticated:
            # Signed in but not allowed here (not staff): no second login form, a refusal.
            raise PermissionDenied
        next_url = safe_next(request, request.GET.get(REDIRECT_FIELD_NAME)) or reverse(
            "backoffice:index", current_app=self.name
        )
        return redirect_to_login(next_url, reverse("accounts:login"))

    def password_change(  # type: ignore[override]  # a redirect, not the admin's page
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The portal's own page: throttled and audited, unlike the admin's form."""
        return redirect("accounts:security")

    def password_change_done(  # type: ignore[override]
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return redirect("accounts:security")


backoffice_site = BackofficeSite(name="backoffice")
