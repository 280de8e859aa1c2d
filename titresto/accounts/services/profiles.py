"""Custom profiles (habilitations): an administrator builds them from the capabilities, renames
them, changes their capabilities and deletes them while no access uses them.

The `Capability` enum stays the one source of truth: a profile stores capability codes, read
back through the enum (`CustomProfile.capability_set`), and a change holds from each holder's
next request, since the middleware reads the profile with the access.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from titresto.accounts.models import CustomProfile, Membership
from titresto.accounts.services.accesses import AccessRefused, locked_client
from titresto.core.actors import Actor
from titresto.core.audit import audit_record
from titresto.core.capabilities import (
    ALWAYS_GRANTED,
    DELEGABLE_CAPABILITIES,
    Capability,
    Profile,
)
from titresto.core.versioning import check_version

NAME_MAX = 40


def _checked(name: str, capabilities: list[str]) -> tuple[str, list[str]]:
    name = " ".join(name.split())
    if not name:
        raise AccessRefused(_("Donnez un nom au profil (ex. Paie)."), field="name")
    if len(name) > NAME_MAX:
        raise AccessRefused(
            gettext("Le nom du profil compte au plus %(max)d caractères.") % {"max": NAME_MAX},
            field="name",
        )
    chosen = set(capabilities)
    if not chosen <= {capability.value for capability in DELEGABLE_CAPABILITIES}:
        raise AccessRefused(
            _("Cochez des droits de la liste : certains droits restent aux administrateurs."),
            field="capabilities",
        )
    if not chosen - {capability.value for capability in ALWAYS_GRANTED}:
        raise AccessRefused(
            _("Cochez au moins un droit : un profil sans aucun droit ne donnerait accès à rien."),
            field="capabilities",
        )
    chosen |= {capability.value for capability in ALWAYS_GRANTED}
    return name, [capability.value for capability in Capability if capability.value in chosen]


def _name_check(client_id: int, name: str, *, keeping: int | None = None) -> None:
    taken = CustomProfile.objects.filter(client_id=client_id, name__iexact=name)
    if keeping is not None:
        taken = taken.exclude(pk=keeping)
    built_in = {str(label).casefold() for label in Profile.labels}
    if taken.exists() or name.casefold() in built_in:
        raise AccessRefused(
            gettext("Un profil s'appelle déjà « %(name)s » : choisissez un autre nom.")
            % {"name": name},
            field="name",
        )


@transaction.atomic
def profile_create(
    *, actor: Actor, name: str, capabilities: list[str], now: dt.datetime
) -> CustomProfile:
    client = locked_client(actor)
    name, codes = _checked(name, capabilities)
    _name_check(client.pk, name)
    profile = CustomProfile.objects.create(
        client=client, name=name, capabilities=codes, created_at=now
    )
    audit_record(
        actor_user=actor.user,
        action="profile.created",
        now=now,
        client=client,
        target=profile,
        data={"name": name, "capabilities": codes},
    )
    return profile


@transaction.atomic
def profile_update(
    *,
    actor: Actor,
    profile: CustomProfile,
    name: str,
    capabilities: list[str],
    expected_version: int,
    now: dt.datetime,
) -> CustomProfile:
    client = locked_client(actor)
    profile = CustomProfile.objects.select_for_update().get(pk=profile.pk, client=client)
    check_version(instance=profile, expected_version=expected_version)
    name, codes = _checked(name, capabilities)
    _name_check(client.pk, name, keeping=profile.pk)
    changes: dict[str, list[Any]] = {}
    if name != profile.name:
        changes["name"] = [profile.name, name]
    if codes != profile.capabilities:
        changes["capabilities"] = [profile.capabilities, codes]
    if not changes:
        return profile
    profile.name, profile.capabilities = name, codes
    profile.version += 1
    profile.save(update_fields=["name", "capabilities", "version"])
    audit_record(
        actor_user=actor.user,
        action="profile.updated",
        now=now,
        client=client,
        target=profile,
        data={"name": name, "changes": changes},
    )
    return profile


@transaction.atomic
def profile_delete(
    *, actor: Actor, profile: CustomProfile, expected_version: int, now: dt.datetime
) -> None:
    client = locked_client(actor)
    profile = CustomProfile.objects.select_for_update().get(pk=profile.pk, client=client)
    check_version(instance=profile, expected_version=expected_version)
    holders = Membership.objects.filter(custom_profile=profile).count()
    if holders:
        raise AccessRefused(
            gettext(
                "Le profil « %(name)s » est attribué à %(count)d gestionnaire(s) : donnez-leur "
                "d'abord un autre profil, puis supprimez-le."
            )
            % {"name": profile.name, "count": holders}
        )
    audit_record(
        actor_user=actor.user,
        action="profile.deleted",
        now=now,
        client=client,
        target=profile,
        data={"name": profile.name},
    )
    profile.delete()
