"""« Gestion des accès »: an administrator invites colleagues, changes their profile, suspends,
reactivates and removes their access.

Every write locks the client's row first: two administrators acting at once are put in line,
the first-order rule and the acting administrator's own access are judged then (a colleague may
have just demoted them), and each access carries a `version` that a stale form fails. An access
is invited (inactive, never activated), active, or suspended (inactive, `suspended_at` set); the
middleware reads only active ones on every request, so a change holds from the next request on.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from titresto.accounts.models import CustomProfile, Membership, User
from titresto.accounts.services.activation import invitation_issue
from titresto.clients.models import Client
from titresto.clients.services import FIRST_ORDER_RESTRICTION
from titresto.core.actors import Actor
from titresto.core.audit import audit_record
from titresto.core.capabilities import BUILT_IN_PROFILES, Capability, Profile
from titresto.core.errors import DomainError
from titresto.core.forms import EMAIL_ERROR
from titresto.core.parsing import parse_id
from titresto.core.versioning import check_version


class AccessesLocked(DomainError):
    """Until the first order is paid nobody may hand out accesses (DOMAIN.md)."""

    code = "accesses_locked"
    status = 403


class AccessRefused(DomainError):
    code = "access_refused"
    status = 409


class AccessForbidden(DomainError):
    """The acting person lost the right to manage accesses since their page was shown."""

    code = "access_forbidden"
    status = 403


def accesses_editable_check(client: Client) -> None:
    if client.has_paid_first_order:
        return
    raise AccessesLocked(
        gettext(
            "%(restriction)s Vous pourrez gérer les accès gestionnaires après le paiement de "
            "votre première commande : rien n'a été changé."
        )
        % {"restriction": FIRST_ORDER_RESTRICTION}
    )


def locked_client(actor: Actor) -> Client:
    """The client's row, locked; refuses unless the actor still manages accesses now."""
    client = Client.objects.select_for_update().get(pk=actor.client.pk)
    accesses_editable_check(client)
    own = Membership.objects.filter(pk=actor.membership.pk, is_active=True).first()
    if own is None or Capability.ACCESSES_MANAGE not in own.capabilities:
        raise AccessForbidden(
            _(
                "Votre accès ne permet plus de gérer les accès gestionnaires : rechargez la "
                "page. Rien n'a été changé."
            )
        )
    return client


def _locked_access(
    *, actor: Actor, client: Client, membership: Membership, expected_version: int
) -> Membership:
    target = (
        # The access's row only: PostgreSQL locks no nullable side of an outer join.
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "custom_profile")
        .get(pk=membership.pk)
    )
    check_version(instance=target, expected_version=expected_version)
    if target.user_id == actor.user.pk:
        raise AccessRefused(
            _(
                "Vous ne pouvez pas modifier, suspendre ni supprimer votre propre accès : "
                "demandez-le à un autre administrateur du compte."
            )
        )
    return target


def _last_administrator_check(target: Membership, *, doing: str) -> None:
    """The client keeps at least one active administrator, whatever is asked."""
    if not (target.is_active and target.is_administrator):
        return
    others = (
        Membership.objects.filter(
            client_id=target.client_id,
            is_active=True,
            user__is_active=True,
            profile=Profile.ADMINISTRATEUR,
        )
        .exclude(pk=target.pk)
        .exists()
    )
    if not others:
        raise AccessRefused(
            gettext(
                "%(person)s est le dernier administrateur actif du compte : il ne peut pas être "
                "%(doing)s. Donnez d'abord le profil Administrateur à un autre gestionnaire."
            )
            % {"person": target.user.email, "doing": doing}
        )


def _record(actor: Actor, action: str, target: Membership, now: dt.datetime, **data: Any) -> None:
    audit_record(
        actor_user=actor.user,
        action=action,
        now=now,
        client=actor.client,
        target=target,
        data={"email": target.user.email, "profile": target.profile_label, **data},
    )


def _administrator_added(membership: Membership, *, actor: Actor, now: dt.datetime) -> None:
    """Every administrator hears of a new one, after commit (tasks import this module)."""
    from titresto.accounts.tasks import send_administrator_added_email

    membership_id, actor_id, at = membership.pk, actor.user.pk, now.isoformat()
    transaction.on_commit(
        lambda: send_administrator_added_email.delay(
            membership_id=membership_id, added_by_id=actor_id, added_at=at
        ),
        robust=True,
    )


CUSTOM_PREFIX = "custom-"


def _checked_profile(client: Client, profile: str) -> tuple[Profile, CustomProfile | None]:
    """A built-in profile's code, or `custom-<id>` for one of the client's own profiles."""
    if profile in {built_in.value for built_in in BUILT_IN_PROFILES}:
        return Profile(profile), None
    custom_id = (
        parse_id(profile.removeprefix(CUSTOM_PREFIX)) if profile.startswith(CUSTOM_PREFIX) else None
    )
    custom = (
        CustomProfile.objects.filter(client=client, pk=custom_id).first() if custom_id else None
    )
    if custom is None:
        raise AccessRefused(_("Choisissez un profil dans la liste."), field="profile")
    return Profile.PERSONNALISE, custom


def _invitee(email: str) -> User | None:
    try:
        if len(email) > User._meta.get_field("email").max_length:  # type: ignore[operator]
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise AccessRefused(EMAIL_ERROR, field="email") from None
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and (user.is_staff or not user.is_active):
        raise AccessRefused(
            _(
                "Cette adresse appartient à un agent de l'émetteur ou à un compte désactivé : "
                "elle ne peut pas gérer votre compte. Saisissez l'adresse de votre collègue."
            ),
            field="email",
        )
    return user


@transaction.atomic
def access_invite(*, actor: Actor, email: str, profile: str, now: dt.datetime) -> Membership:
    """Invites a colleague by e-mail: an inactive access and « Activer mon compte » (48 h, once).

    A person who already has an account (they manage another client) keeps it and activates
    with their current password; anyone else creates one on the activation page.
    """
    client = locked_client(actor)
    email = email.strip().lower()
    chosen, custom = _checked_profile(client, profile)
    user = _invitee(email)
    if user is not None and Membership.objects.filter(user=user, client=client).exists():
        raise AccessRefused(
            gettext(
                "%(email)s a déjà un accès à votre compte (ou une invitation en cours) : "
                "retrouvez-le dans la liste."
            )
            % {"email": email},
            field="email",
        )
    if user is None:
        user = User.objects.create_user(email, password=None)
        audit_record(
            actor_user=actor.user,
            action="user.created",
            now=now,
            target=user,
            data={"email": email},
        )
    membership = Membership.objects.create(
        user=user,
        client=client,
        profile=chosen,
        custom_profile=custom,
        is_active=False,
        invited_by=actor.user,
        created_at=now,
    )
    _record(actor, "access.invited", membership, now)
    invitation_issue(membership=membership, actor_user=actor.user, now=now)
    if membership.is_administrator:
        _administrator_added(membership, actor=actor, now=now)
    return membership


@transaction.atomic
def access_invitation_renew(
    *, actor: Actor, membership: Membership, now: dt.datetime
) -> Membership:
    """A new link for an invitation (the older ones stop working)."""
    locked_client(actor)
    target = (
        # The access's row only: PostgreSQL locks no nullable side of an outer join.
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "custom_profile")
        .get(pk=membership.pk)
    )
    if target.status != Membership.Status.INVITED:
        raise AccessRefused(
            _("Cet accès est déjà activé : il n'a plus besoin de lien d'activation.")
        )
    invitation_issue(membership=target, actor_user=actor.user, now=now)
    return target


@transaction.atomic
def access_change_profile(
    *, actor: Actor, membership: Membership, profile: str, expected_version: int, now: dt.datetime
) -> Membership:
    client = locked_client(actor)
    target = _locked_access(
        actor=actor, client=client, membership=membership, expected_version=expected_version
    )
    chosen, custom = _checked_profile(client, profile)
    if (chosen, custom) == (target.profile, target.custom_profile):
        return target
    if chosen != Profile.ADMINISTRATEUR:
        _last_administrator_check(target, doing=gettext("privé du profil Administrateur"))
    before = target.profile_label
    target.profile, target.custom_profile = chosen, custom
    target.version += 1
    target.save(update_fields=["profile", "custom_profile", "version"])
    _record(
        actor,
        "access.profile_changed",
        target,
        now,
        changes={"profile": [before, target.profile_label]},
    )
    if target.is_administrator:
        _administrator_added(target, actor=actor, now=now)
    return target


@transaction.atomic
def access_suspend(
    *, actor: Actor, membership: Membership, expected_version: int, now: dt.datetime
) -> Membership:
    client = locked_client(actor)
    target = _locked_access(
        actor=actor, client=client, membership=membership, expected_version=expected_version
    )
    if target.status != Membership.Status.ACTIVE:
        raise AccessRefused(_("Seul un accès actif peut être suspendu (une invitation se retire)."))
    _last_administrator_check(target, doing=gettext("suspendu"))
    target.is_active = False
    target.suspended_at = now
    target.version += 1
    target.save(update_fields=["is_active", "suspended_at", "version"])
    _record(actor, "access.suspended", target, now)
    return target


@transaction.atomic
def access_reactivate(
    *, actor: Actor, membership: Membership, expected_version: int, now: dt.datetime
) -> Membership:
    client = locked_client(actor)
    target = _locked_access(
        actor=actor, client=client, membership=membership, expected_version=expected_version
    )
    if target.status != Membership.Status.SUSPENDED:
        raise AccessRefused(_("Seul un accès suspendu peut être réactivé."))
    target.is_active = True
    target.suspended_at = None
    target.version += 1
    target.save(update_fields=["is_active", "suspended_at", "version"])
    _record(actor, "access.reactivated", target, now)
    return target


@transaction.atomic
def access_remove(
    *, actor: Actor, membership: Membership, expected_version: int, now: dt.datetime
) -> None:
    """Removes an access, or withdraws an invitation (its links die with it). The person's
    account stays: it may manage other clients, and the journal keeps their name."""
    client = locked_client(actor)
    target = _locked_access(
        actor=actor, client=client, membership=membership, expected_version=expected_version
    )
    _last_administrator_check(target, doing=gettext("supprimé"))
    withdrawn = target.status == Membership.Status.INVITED
    action = "access.invitation_withdrawn" if withdrawn else "access.removed"
    _record(actor, action, target, now, status=target.status)
    target.delete()
