"""« Profils d'habilitation » (Administrateur): the client's own profiles, beside the built-in ones."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from titresto.accounts.access_forms import ProfileBuilderForm, VersionOnlyForm
from titresto.accounts.models import CustomProfile
from titresto.accounts.selectors import custom_profile_list
from titresto.accounts.services.accesses import accesses_editable_check
from titresto.accounts.services.profiles import profile_create, profile_delete, profile_update
from titresto.clients.services import FIRST_ORDER_RESTRICTION
from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import (
    ALWAYS_GRANTED,
    PROFILE_CAPABILITIES,
    Capability,
    Profile,
)
from titresto.core.errors import DomainError
from titresto.core.parsing import parse_id


def _access_profile(request: PortalRequest, profile_id: str) -> CustomProfile:
    """The actor's client's profile, or 404 — the same answer for « missing » and « not yours »."""
    pk = parse_id(profile_id)
    profile = (
        CustomProfile.objects.filter(client=request.actor.client, pk=pk).first() if pk else None
    )
    if profile is None:
        raise Http404
    return profile


def _built_in() -> list[dict]:
    return [
        {
            "label": profile.label,
            "capabilities": [c for c in Capability if c in PROFILE_CAPABILITIES[profile]],
        }
        for profile in (Profile.ADMINISTRATEUR, Profile.COMMANDEUR, Profile.VISITEUR)
    ]


@require(Capability.ACCESSES_MANAGE)
def profile_index(request: PortalRequest) -> HttpResponse:
    context = {
        "built_in": _built_in(),
        "profiles": custom_profile_list(actor=request.actor),
        "locked": not request.actor.client.has_paid_first_order,
        "first_order_restriction": FIRST_ORDER_RESTRICTION,
    }
    return render(request, "accounts/profile_list.html", context)


def _form_page(request: PortalRequest, form: ProfileBuilderForm, profile: CustomProfile | None):
    context = {
        "form": form,
        "profile": profile,
        "always_granted": [c.label for c in ALWAYS_GRANTED],
    }
    return render(request, "accounts/profile_form.html", context)


@require(Capability.ACCESSES_MANAGE)
def profile_new(request: PortalRequest) -> HttpResponse:
    if request.method == "POST":
        accesses_editable_check(request.actor.client)
    elif not request.actor.client.has_paid_first_order:
        return redirect("accounts:profile_list")
    form = ProfileBuilderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = profile_create(
                actor=request.actor,
                name=form.cleaned_data["name"],
                capabilities=form.cleaned_data["capabilities"],
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(error.field, str(error.user_message))
        else:
            messages.success(
                request, _("Le profil « %(name)s » est créé.") % {"name": profile.name}
            )
            return redirect("accounts:profile_list")
    return _form_page(request, form, None)


@require(Capability.ACCESSES_MANAGE)
def profile_edit(request: PortalRequest, profile_id: str) -> HttpResponse:
    profile = _access_profile(request, profile_id)
    if request.method == "POST":
        accesses_editable_check(request.actor.client)
    elif not request.actor.client.has_paid_first_order:
        return redirect("accounts:profile_list")
    form = ProfileBuilderForm(
        request.POST or None,
        initial={
            "name": profile.name,
            "capabilities": profile.capabilities,
            "version": profile.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            profile = profile_update(
                actor=request.actor,
                profile=profile,
                name=form.cleaned_data["name"],
                capabilities=form.cleaned_data["capabilities"],
                expected_version=form.expected_version,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(error.field, str(error.user_message))
        else:
            messages.success(
                request, _("Le profil « %(name)s » est enregistré.") % {"name": profile.name}
            )
            return redirect("accounts:profile_list")
    return _form_page(request, form, profile)


@require(Capability.ACCESSES_MANAGE)
@require_POST
def profile_remove(request: PortalRequest, profile_id: str) -> HttpResponse:
    profile = _access_profile(request, profile_id)
    accesses_editable_check(request.actor.client)
    try:
        profile_delete(
            actor=request.actor,
            profile=profile,
            expected_version=VersionOnlyForm(request.POST).expected_version,
            now=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, str(error.user_message))
    else:
        messages.success(
            request, _("Le profil « %(name)s » est supprimé.") % {"name": profile.name}
        )
    return redirect("accounts:profile_list")
