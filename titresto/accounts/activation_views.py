"""Public pages of « Activer mon compte »: the link's page and « Recevoir un nouveau lien »."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from titresto.accounts.activation_forms import (
    ActivationForm,
    ActivationRequestForm,
    ExistingUserActivationForm,
)
from titresto.accounts.models import ActivationInvitation
from titresto.accounts.security import login as flow
from titresto.accounts.security.throttling import activation_request_allowed, client_ip
from titresto.accounts.selectors import ACTIVE_CLIENT_SESSION_KEY
from titresto.accounts.services.activation import (
    InvitationState,
    LinkUnusable,
    WrongCurrentPassword,
    WrongNumbers,
    invitation_activate,
    invitation_for_token,
    invitation_renew_for_email,
    invitation_state,
)
from titresto.core.french import de


def _unusable(request: HttpRequest, state: InvitationState) -> HttpResponse:
    context = {
        "state": state.value,
        "form": ActivationRequestForm(),
        "link_hours": settings.ACTIVATION_LINK_HOURS,
    }
    status = 404 if state is InvitationState.UNKNOWN else 410
    return render(request, "accounts/activation_unusable.html", context, status=status)


def _activated(request: HttpRequest, invitation: ActivationInvitation) -> HttpResponse:
    user, client = invitation.membership.user, invitation.client
    if user.has_totp:
        # Their password was checked, their second factor was not: they sign in as usual.
        messages.success(
            request,
            _("L'accès au compte %(name)s est activé. Connectez-vous pour y accéder.")
            % {"name": client.legal_name},
        )
        return redirect("accounts:login")
    # The sign-in path every login takes: audit event, device cookie, throttles forgiven.
    response = flow.complete(
        request,
        user=user,
        second_factor=False,
        next_url=reverse("portal:dashboard"),
        now=timezone.now(),
    )
    request.session[ACTIVE_CLIENT_SESSION_KEY] = client.pk
    messages.success(
        request,
        _("Votre compte est activé. Bienvenue dans l'Espace Client %(de_name)s !")
        % {"de_name": de(client.legal_name)},
    )
    return response


@login_not_required
@never_cache
@sensitive_post_parameters("password1", "password2", "current_password")
def activate(request: HttpRequest, token: str) -> HttpResponse:
    now = timezone.now()
    invitation = invitation_for_token(token=token)
    state = invitation_state(invitation=invitation, now=now)
    if invitation is None or state is not InvitationState.VALID:
        return _unusable(request, state)
    user = invitation.membership.user
    form_class = ExistingUserActivationForm if user.has_usable_password() else ActivationForm
    form = form_class(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound and form.is_valid():
        try:
            used = invitation_activate(
                token=token,
                contract_number=form.cleaned_data["contract_number"],
                client_number=form.cleaned_data["client_number"],
                password=form.password,
                now=now,
            )
        except LinkUnusable as error:
            return _unusable(request, error.state)
        except WrongCurrentPassword as error:
            form.add_error("current_password", str(error.user_message))
        except WrongNumbers as error:
            form.add_error(None, str(error.user_message))
        else:
            return _activated(request, used)
    context = {
        "form": form,
        "invitation": invitation,
        "account_email": user.email,
        "is_existing_user": form_class is ExistingUserActivationForm,
    }
    return render(request, "accounts/activation.html", context)


@login_not_required
@never_cache
def activation_request(request: HttpRequest) -> HttpResponse:
    """« Recevoir un nouveau lien »: the same answer whether or not the address has an account."""
    form = ActivationRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        email = form.cleaned_data["email"]
        if not activation_request_allowed(email=email, ip=client_ip(request)):
            form.add_error(
                None,
                _(
                    "Trop de demandes de lien en peu de temps. Attendez une heure avant de "
                    "réessayer, ou appelez le service clients au %(phone)s."
                )
                % {"phone": settings.ISSUER["support_phone"]},
            )
            status = 429
        else:
            invitation_renew_for_email(email=email, now=timezone.now())
            messages.success(
                request,
                _(
                    "Si cette adresse correspond à un compte en attente d'activation, un nouveau "
                    "lien vient d'être envoyé. Il est valable %(hours)d heures ; pensez à "
                    "vérifier vos courriers indésirables."
                )
                % {"hours": settings.ACTIVATION_LINK_HOURS},
            )
            return redirect("accounts:activation_request")
    return render(request, "accounts/activation_request.html", {"form": form}, status=status)
