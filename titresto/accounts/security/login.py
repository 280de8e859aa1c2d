"""The sign-in flow: password, then (when enrolled) a TOTP code; `login()` only when both passed.

Between the two steps the session holds only the pending user's id, the time and where to go
next: the person is not signed in, and the pending step expires after PENDING_SECONDS.
"""

import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from titresto.accounts.models import User
from titresto.accounts.security import services, throttling
from titresto.core.errors import DomainError

PENDING_SESSION_KEY = "signin_pending"
SECOND_FACTOR_SESSION_KEY = "signin_second_factor_verified"
PENDING_SECONDS = 300
CODE_TRIES_PER_PENDING = 5


class SignInRefused(DomainError):
    code = "signin_refused"
    status = 200

    def __init__(self) -> None:
        # One message whether the address exists or not: nothing to learn from it.
        super().__init__(
            _(
                "Adresse e-mail ou mot de passe incorrect. Vérifiez votre saisie (majuscules "
                "comprises pour le mot de passe) ou utilisez « Mot de passe oublié ? »."
            )
        )


class SignInThrottled(DomainError):
    code = "signin_throttled"
    status = 200

    def __init__(self, seconds: int) -> None:
        minutes = throttling.wait_minutes(seconds)
        self.minutes = minutes
        super().__init__(
            ngettext(
                "Trop de tentatives de connexion. Par sécurité, attendez %(minutes)d minute "
                "avant de réessayer, ou réinitialisez votre mot de passe.",
                "Trop de tentatives de connexion. Par sécurité, attendez %(minutes)d minutes "
                "avant de réessayer, ou réinitialisez votre mot de passe.",
                minutes,
            )
            % {"minutes": minutes}
        )


class SecondStepExpired(DomainError):
    code = "signin_second_step_expired"
    status = 200

    def __init__(self) -> None:
        super().__init__(
            _(
                "Votre connexion n'a pas été confirmée à temps. Saisissez de nouveau votre "
                "adresse e-mail et votre mot de passe."
            )
        )


def second_factor_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(SECOND_FACTOR_SESSION_KEY))


def safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    """Only a path of this site: never an open redirect to another host or scheme."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def landing_url(user: User) -> str:
    if user.is_staff and not user.memberships.filter(is_active=True).exists():
        return reverse("backoffice:index")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _attempt(request: HttpRequest, email: str) -> throttling.Attempt:
    account = throttling.account_key(email)
    return throttling.Attempt(
        account=account,
        ip=throttling.client_ip(request),
        device=throttling.known_device(request, account=account),
    )


def guard(request: HttpRequest, *, email: str, now: datetime) -> throttling.Attempt:
    """Refuses a throttled attempt before anything is checked; else writes it down."""
    attempt = _attempt(request, email)
    if wait := throttling.wait_seconds(attempt, now=now):
        raise SignInThrottled(wait)
    throttling.record(attempt, now=now)
    return attempt


def password_step(request: HttpRequest, *, email: str, password: str, now: datetime) -> User:
    """The user whose password this is, or SignInRefused / SignInThrottled."""
    guard(request, email=email, now=now)
    known = User.objects.filter(email__iexact=email.strip()).first()
    # An unknown address still goes through authenticate(): the hasher runs, timing reveals nothing.
    user = authenticate(request, username=known.email if known else email, password=password)
    if user is None:
        raise SignInRefused()
    assert isinstance(user, User)
    return user


def start_second_step(request: HttpRequest, *, user: User, next_url: str | None) -> None:
    request.session.cycle_key()
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[0]),
        "started_at": time.time(),
        "next": next_url,
        "tries": 0,
    }


def pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    """Who is between the two steps: the pending user, or a signed-in one not yet verified."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if pending:
        if time.time() - float(pending["started_at"]) > PENDING_SECONDS:
            del request.session[PENDING_SESSION_KEY]
            raise SecondStepExpired()
        user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
        if user is None or not user.has_totp:
            del request.session[PENDING_SESSION_KEY]
            raise SecondStepExpired()
        return user, pending
    current = request.user
    if isinstance(current, User) and current.has_totp and not second_factor_verified(request):
        return current, {"next": None}
    return None


def code_step(request: HttpRequest, *, code: str, now: datetime) -> tuple[User, dict[str, Any]]:
    found = pending_user(request)
    if found is None:
        raise SecondStepExpired()
    user, pending = found
    guard(request, email=user.email, now=now)
    if PENDING_SESSION_KEY in request.session:
        pending["tries"] = int(pending.get("tries", 0)) + 1
        request.session[PENDING_SESSION_KEY] = pending
        if pending["tries"] > CODE_TRIES_PER_PENDING:
            del request.session[PENDING_SESSION_KEY]
            raise SecondStepExpired()
    if not services.totp_consume(user=user, code=code, now=now):
        raise services.TotpCodeInvalid()
    return user, pending


def complete(
    request: HttpRequest, *, user: User, second_factor: bool, next_url: str | None, now: datetime
) -> HttpResponse:
    """Signs the user in, forgives their earlier tries and marks this browser as theirs."""
    request.session.pop(PENDING_SESSION_KEY, None)
    if request.user.is_authenticated and request.user.pk == user.pk:
        request.session.cycle_key()
    else:
        if not hasattr(user, "backend"):
            user.backend = settings.AUTHENTICATION_BACKENDS[0]  # type: ignore[attr-defined]
        auth_login(request, user)
    request.session[SECOND_FACTOR_SESSION_KEY] = second_factor
    attempt = _attempt(request, user.email)
    throttling.forgive(attempt, now=now)
    services.signin_recorded(user=user, second_factor=second_factor, now=now)
    response = HttpResponseRedirect(next_url or landing_url(user))
    throttling.remember_device(response, account=attempt.account, device=attempt.device)
    return response
