"""Sign-in, sign-out, password reset and « Sécurité de mon compte » pages."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from titresto.accounts.http import SignedInRequest
from titresto.accounts.models import User
from titresto.accounts.security import login as flow
from titresto.accounts.security import services, throttling, totp
from titresto.accounts.security.forms import (
    CodeForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SignInCodeForm,
    TotpDisableForm,
)
from titresto.core.actors import signed_in_only
from titresto.core.errors import DomainError


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _refuse(form: Form, error: DomainError) -> None:
    form.add_error(error.field, str(error.user_message))


@login_not_required
@sensitive_post_parameters("password")
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        # Not to `next`: a page that refused this user would send them back here, in a loop.
        return redirect(flow.landing_url(request.user))
    form = LoginForm(_posted(request), initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        next_url = flow.safe_next(request, form.cleaned_data["next"])
        try:
            user = flow.password_step(
                request,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                now=now,
            )
        except (flow.SignInRefused, flow.SignInThrottled) as error:
            _refuse(form, error)
        else:
            if user.has_totp:
                flow.start_second_step(request, user=user, next_url=next_url)
                return redirect("accounts:login_code")
            return flow.complete(
                request, user=user, second_factor=False, next_url=next_url, now=now
            )
    return render(request, "accounts/login.html", {"form": form})


@login_not_required
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: the code of the authentication app, before the session is opened."""
    try:
        if flow.pending_user(request) is None:
            return redirect("accounts:login")
    except flow.SecondStepExpired as error:
        messages.error(request, str(error.user_message))
        return redirect("accounts:login")
    form = SignInCodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        try:
            user, pending = flow.code_step(request, code=form.cleaned_data["code"], now=now)
        except flow.SecondStepExpired as error:
            messages.error(request, str(error.user_message))
            return redirect("accounts:login")
        except (flow.SignInThrottled, services.TotpCodeInvalid) as error:
            _refuse(form, error)
        else:
            return flow.complete(
                request, user=user, second_factor=True, next_url=pending.get("next"), now=now
            )
    return render(request, "accounts/login_code.html", {"form": form})


logout = signed_in_only(auth_views.LogoutView.as_view())


def _security_page(request: SignedInRequest, **forms: Any) -> HttpResponse:
    user = request.user
    context = {
        "password_form": forms.get("password_form") or PasswordChangeForm(user),
        "disable_form": forms.get("disable_form") or TotpDisableForm(),
        "second_factor_verified": flow.second_factor_verified(request),
    }
    return render(request, "accounts/security.html", context)


@signed_in_only
@never_cache
def security(request: SignedInRequest) -> HttpResponse:
    return _security_page(request)


@signed_in_only
@require_POST
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = PasswordChangeForm(user, request.POST)
    now = timezone.now()
    try:
        # The old password is checked here: throttled like a sign-in, or a stolen session guesses it.
        attempt = flow.guard(request, email=user.email, now=now)
    except flow.SignInThrottled as error:
        _refuse(form, error)
        return _security_page(request, password_form=form)
    if not form.is_valid():
        return _security_page(request, password_form=form)
    services.password_change(user=user, new_password=form.cleaned_data["new_password1"], now=now)
    throttling.forgive(attempt, now=now)
    update_session_auth_hash(request, user)
    messages.success(request, _("Votre mot de passe a été modifié."))
    return redirect("accounts:security")


@signed_in_only
@require_POST
def totp_start(request: SignedInRequest) -> HttpResponse:
    try:
        services.totp_enrolment_start(user=request.user, now=timezone.now())
    except services.TotpAlreadyActive as error:
        messages.error(request, str(error.user_message))
        return redirect("accounts:security")
    return redirect("accounts:totp_enrol")


@signed_in_only
@never_cache
def totp_enrol(request: SignedInRequest) -> HttpResponse:
    """Shows the secret and its QR code; a first code from the app turns the second factor on."""
    user = request.user
    if user.has_totp:
        return redirect("accounts:security")
    form = CodeForm(_posted(request))
    if request.method == "POST" and user.totp_secret and form.is_valid():
        try:
            services.totp_enrolment_confirm(
                user=user, code=form.cleaned_data["code"], now=timezone.now()
            )
        except services.TotpCodeInvalid as error:
            _refuse(form, error)
        else:
            request.session.cycle_key()
            request.session[flow.SECOND_FACTOR_SESSION_KEY] = True
            messages.success(
                request,
                _(
                    "La double authentification est activée : à chaque connexion, votre "
                    "application vous donnera le code à saisir."
                ),
            )
            return redirect(flow.landing_url(user) if user.is_staff else "accounts:security")
    context: dict[str, Any] = {"form": form}
    if user.totp_secret:
        uri = totp.provisioning_uri(secret=user.totp_secret, email=user.email)
        context |= {"qr_data_uri": totp.qr_data_uri(uri), "secret": totp.grouped(user.totp_secret)}
    return render(request, "accounts/totp_enrol.html", context)


@signed_in_only
@require_POST
@sensitive_post_parameters("password")
def totp_disable(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not user.has_totp:
        return redirect("accounts:security")
    form = TotpDisableForm(request.POST)
    now = timezone.now()
    try:
        attempt = flow.guard(request, email=user.email, now=now)
        if form.is_valid():
            services.totp_disable(
                user=user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
                now=now,
            )
            throttling.forgive(attempt, now=now)
            request.session[flow.SECOND_FACTOR_SESSION_KEY] = False
            messages.success(request, _("La double authentification est désactivée."))
            return redirect("accounts:security")
    except (flow.SignInThrottled, services.SecurityError) as error:
        _refuse(form, error)
    return _security_page(request, disable_form=form)


# --- Password reset: Django's views, our forms, French templates, the issuer's brand ----------


def _reset_hours() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        allowed = throttling.reset_mail_allowed(
            email=form.cleaned_data["email"],
            ip=throttling.client_ip(self.request),
            now=timezone.now(),
        )
        if not allowed:
            return redirect(self.get_success_url())
        return super().form_valid(form)

    @property
    def extra_email_context(self) -> dict[str, Any]:
        return {
            "issuer": settings.ISSUER,
            "site_url": settings.SITE_URL,
            "reset_hours": _reset_hours(),
        }


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"reset_hours": _reset_hours()}


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        user: User = form.user
        services.password_reset_recorded(user=user, now=timezone.now())
        throttling.forgive_account(user.email)
        return response


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


password_reset = PasswordResetView.as_view()
password_reset_done = PasswordResetDoneView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = PasswordResetCompleteView.as_view()
