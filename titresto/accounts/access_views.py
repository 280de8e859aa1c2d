"""« Gestion des accès » (Administrateur): the client's managers, invitations and their changes."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from titresto.accounts.access import access_membership
from titresto.accounts.access_forms import (
    ClientOptionsForm,
    InviteForm,
    ProfileForm,
    VersionOnlyForm,
)
from titresto.accounts.selectors import access_list, custom_profile_list
from titresto.accounts.services.accesses import (
    access_change_profile,
    access_invitation_renew,
    access_invite,
    access_reactivate,
    access_remove,
    access_suspend,
    accesses_editable_check,
)
from titresto.clients.services import FIRST_ORDER_RESTRICTION, client_options_update
from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError


def _locked(request: PortalRequest) -> bool:
    return not request.actor.client.has_paid_first_order


@require(Capability.ACCESSES_MANAGE)
def access_index(request: PortalRequest) -> HttpResponse:
    return _index_page(request, options_form=_options_form(request))


def _index_page(request: PortalRequest, *, options_form: ClientOptionsForm) -> HttpResponse:
    context = {
        "accesses": access_list(actor=request.actor, now=timezone.now()),
        "locked": _locked(request),
        "first_order_restriction": FIRST_ORDER_RESTRICTION,
        "options_form": options_form,
        "own_user_id": request.actor.user.pk,
    }
    return render(request, "accounts/access_list.html", context)


@require(Capability.ACCESSES_MANAGE)
def access_invite_view(request: PortalRequest) -> HttpResponse:
    if request.method == "POST":
        accesses_editable_check(request.actor.client)  # refused before the form says anything
    elif _locked(request):
        return redirect("accounts:access_list")  # the list says why
    form = InviteForm(
        request.POST or None, custom_profiles=custom_profile_list(actor=request.actor)
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = access_invite(
                actor=request.actor,
                email=form.cleaned_data["email"],
                profile=form.cleaned_data["profile"],
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(error.field, str(error.user_message))
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s : le lien d'activation est valable 48 heures.")
                % {"email": membership.user.email},
            )
            return redirect("accounts:access_list")
    return render(request, "accounts/access_invite.html", {"form": form})


@require(Capability.ACCESSES_MANAGE)
def access_detail(request: PortalRequest, access_id: str) -> HttpResponse:
    membership = access_membership(actor=request.actor, access_id=access_id)
    if request.method == "POST":
        accesses_editable_check(request.actor.client)
    form = ProfileForm(
        request.POST or None,
        initial={"profile": membership.profile_value, "version": membership.version},
        custom_profiles=custom_profile_list(actor=request.actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            access_change_profile(
                actor=request.actor,
                membership=membership,
                profile=form.cleaned_data["profile"],
                expected_version=form.expected_version,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(error.field or "profile", str(error.user_message))
        else:
            messages.success(
                request,
                _("Le profil de %(email)s est enregistré.") % {"email": membership.user.email},
            )
            return redirect("accounts:access_detail", access_id=membership.pk)
    context = {
        "access": membership,
        "form": form,
        "locked": _locked(request),
        "is_self": membership.user_id == request.actor.user.pk,
        "first_order_restriction": FIRST_ORDER_RESTRICTION,
    }
    return render(request, "accounts/access_detail.html", context)


def _act(
    request: PortalRequest,
    access_id: str,
    service: Callable[..., Any],
    done: str,
) -> HttpResponse:
    """Runs one button's service; a refusal is told on the access's page, nothing changed."""
    membership = access_membership(actor=request.actor, access_id=access_id)
    accesses_editable_check(request.actor.client)
    form = VersionOnlyForm(request.POST)
    try:
        service(
            actor=request.actor,
            membership=membership,
            expected_version=form.expected_version,
            now=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, str(error.user_message))
        return redirect("accounts:access_detail", access_id=membership.pk)
    messages.success(request, done % {"email": membership.user.email})
    if service is access_remove:
        return redirect("accounts:access_list")
    return redirect("accounts:access_detail", access_id=membership.pk)


@require(Capability.ACCESSES_MANAGE)
@require_POST
def access_suspend_view(request: PortalRequest, access_id: str) -> HttpResponse:
    return _act(
        request,
        access_id,
        access_suspend,
        _("L'accès de %(email)s est suspendu : il ne peut plus rien voir ni faire sur le compte."),
    )


@require(Capability.ACCESSES_MANAGE)
@require_POST
def access_reactivate_view(request: PortalRequest, access_id: str) -> HttpResponse:
    return _act(request, access_id, access_reactivate, _("L'accès de %(email)s est réactivé."))


@require(Capability.ACCESSES_MANAGE)
@require_POST
def access_remove_view(request: PortalRequest, access_id: str) -> HttpResponse:
    return _act(request, access_id, access_remove, _("L'accès de %(email)s est supprimé."))


@require(Capability.ACCESSES_MANAGE)
@require_POST
def access_renew_view(request: PortalRequest, access_id: str) -> HttpResponse:
    membership = access_membership(actor=request.actor, access_id=access_id)
    accesses_editable_check(request.actor.client)
    try:
        access_invitation_renew(actor=request.actor, membership=membership, now=timezone.now())
    except DomainError as error:
        messages.error(request, str(error.user_message))
    else:
        messages.success(
            request,
            _("Un nouveau lien d'activation est envoyé à %(email)s ; l'ancien ne sert plus.")
            % {"email": membership.user.email},
        )
    return redirect("accounts:access_detail", access_id=membership.pk)


@require(Capability.ACCESSES_MANAGE)
def client_options(request: PortalRequest) -> HttpResponse:
    """The account's options; GET shows them on the accesses' page."""
    if request.method != "POST":
        return redirect("accounts:access_list")
    form = ClientOptionsForm(request.POST)
    if form.is_valid():
        try:
            client_options_update(
                actor=request.actor, options=form.to_options(), now=timezone.now()
            )
        except DomainError as error:
            form.add_error(error.field, str(error.user_message))
        else:
            messages.success(request, _("Les options du compte sont enregistrées."))
            return redirect("accounts:access_list")
    return _index_page(request, options_form=form)


def _options_form(request: PortalRequest) -> ClientOptionsForm:
    client = request.actor.client
    return ClientOptionsForm(
        initial={name: getattr(client, name) for name in ClientOptionsForm.base_fields}
    )
