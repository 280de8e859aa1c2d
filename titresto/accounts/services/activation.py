"""« Activer mon compte »: invitations, their e-mail, and the activation itself.

A link carries a random token; only its SHA-256 is stored, so the database alone never gives a
usable link. A new link burns the older ones of the same access; a link serves once.
"""

import datetime as dt
import enum
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from titresto.accounts.models import ActivationInvitation, Membership
from titresto.clients.models import Client, Contract
from titresto.core.audit import audit_record, author_label
from titresto.core.errors import DomainError

TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,100}")
MAIL_SENT_CACHE_SECONDS = 7 * 24 * 3600


class InvitationState(enum.Enum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    BURNED = "burned"  # too many wrong tries
    REPLACED = "replaced"  # a newer link was sent
    UNKNOWN = "unknown"  # forged or mistyped: says nothing more


class LinkUnusable(DomainError):
    code = "activation_link_unusable"
    status = 410

    def __init__(self, state: InvitationState) -> None:
        super().__init__(_("Ce lien d'activation n'est plus utilisable."))
        self.state = state


class WrongNumbers(DomainError):
    code = "activation_wrong_numbers"

    def __init__(self, remaining: int) -> None:
        super().__init__(
            ngettext(
                "Le numéro de contrat ou le numéro client ne correspond pas à ce compte. "
                "Recopiez-les depuis l'e-mail « Activer mon compte » (il vous reste %(n)d essai).",
                "Le numéro de contrat ou le numéro client ne correspond pas à ce compte. "
                "Recopiez-les depuis l'e-mail « Activer mon compte » (il vous reste %(n)d essais).",
                remaining,
            )
            % {"n": remaining}
        )
        self.remaining = remaining


class WrongCurrentPassword(DomainError):
    code = "activation_wrong_password"

    def __init__(self, remaining: int) -> None:
        super().__init__(
            ngettext(
                "Ce mot de passe n'est pas celui de votre compte. Saisissez le mot de passe que "
                "vous utilisez déjà pour vous connecter (il vous reste %(n)d essai).",
                "Ce mot de passe n'est pas celui de votre compte. Saisissez le mot de passe que "
                "vous utilisez déjà pour vous connecter (il vous reste %(n)d essais).",
                remaining,
            )
            % {"n": remaining}
        )
        self.remaining = remaining


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: ActivationInvitation
    token: str  # the only copy of the raw token: print it or mail it, never store it

    @property
    def url(self) -> str:
        return activation_url(self.token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def activation_url(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:activate", kwargs={"token": token})


def invitation_for_token(*, token: str) -> ActivationInvitation | None:
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return (
        ActivationInvitation.objects.select_related("membership__user", "client")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_state(
    *, invitation: ActivationInvitation | None, now: dt.datetime
) -> InvitationState:
    if invitation is None:
        return InvitationState.UNKNOWN
    if invitation.used_at is not None:
        return InvitationState.USED
    if invitation.burned_at is not None:
        if invitation.failed_attempts >= settings.ACTIVATION_MAX_ATTEMPTS:
            return InvitationState.BURNED
        return InvitationState.REPLACED
    if now >= invitation.expires_at:
        return InvitationState.EXPIRED
    return InvitationState.VALID


def _live_links(now: dt.datetime) -> QuerySet[ActivationInvitation]:
    """Links that still work: not used, not replaced or blocked (`burned_at`), not expired."""
    return ActivationInvitation.objects.filter(
        used_at__isnull=True, burned_at__isnull=True, expires_at__gt=now
    )


def _never_activated(queryset: QuerySet[Membership]) -> QuerySet[Membership]:
    """Accesses created inactive by onboarding and never activated since. An access that was
    activated and later made inactive has a used link: it is withdrawn, not waiting."""
    used_link = ActivationInvitation.objects.filter(
        membership=OuterRef("pk"), used_at__isnull=False
    )
    return queryset.filter(~Exists(used_link), is_active=False, user__is_active=True)


def _pending_memberships(queryset: QuerySet[Membership], *, now: dt.datetime) -> list[Membership]:
    """Accesses with a live link: the only kind the public « Recevoir un nouveau lien » renews.

    A replaced, blocked, expired or used link keeps nothing alive, so a withdrawn access never
    gets a fresh link by itself (the issuer's staff can still send one after checking).
    """
    live_link = _live_links(now).filter(membership=OuterRef("pk"))
    return list(
        _never_activated(queryset).filter(Exists(live_link)).select_related("user", "client")
    )


def membership_awaiting_activation(membership: Membership) -> bool:
    """Never activated, whatever its links became: what the issuer's staff may send a link for."""
    return _never_activated(Membership.objects.filter(pk=membership.pk)).exists()


@transaction.atomic
def invitation_issue(
    *, membership: Membership, actor_user: Any | None, now: dt.datetime, send_mail: bool = True
) -> IssuedInvitation:
    """A fresh link for one access; older unused links of that access stop working."""
    ActivationInvitation.objects.filter(
        membership=membership, used_at__isnull=True, burned_at__isnull=True
    ).update(burned_at=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = ActivationInvitation.objects.create(
        client_id=membership.client_id,
        membership=membership,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + dt.timedelta(hours=settings.ACTIVATION_LINK_HOURS),
    )
    audit_record(
        actor_user=actor_user,
        action="activation.link_sent",
        now=now,
        client=membership.client,
        target=invitation,
        data={"email": membership.user.email},
    )
    if send_mail:
        # Import here: tasks import this module to do their work.
        from titresto.accounts.tasks import send_activation_email

        invitation_id = invitation.pk
        transaction.on_commit(
            lambda: send_activation_email.delay(invitation_id=invitation_id, token=token),
            robust=True,
        )
    return IssuedInvitation(invitation=invitation, token=token)


@transaction.atomic
def invitation_renew_for_email(*, email: str, now: dt.datetime) -> int:
    """The public « Recevoir un nouveau lien »: a new link for each access pending for that address.

    The caller answers the same whatever the count, so that nobody learns who has an account.
    """
    memberships = _pending_memberships(
        Membership.objects.filter(user__email__iexact=email.strip()), now=now
    )
    for membership in memberships:
        invitation_issue(membership=membership, actor_user=None, now=now)
    return len(memberships)


@transaction.atomic
def invitation_renew_for_client(*, client: Client, actor_user: Any, now: dt.datetime) -> int:
    """The back-office's « Renvoyer le lien d'activation »: a staff decision, so it also revives
    an expired or blocked link; never an access that was activated and later withdrawn."""
    memberships = list(
        _never_activated(Membership.objects.filter(client=client)).select_related("user", "client")
    )
    for membership in memberships:
        invitation_issue(membership=membership, actor_user=actor_user, now=now)
    return len(memberships)


def _same(typed: str, expected: str) -> bool:
    return hmac.compare_digest(typed.strip().upper().encode(), expected.strip().upper().encode())


def _numbers_match(
    invitation: ActivationInvitation, contract_number: str, client_number: str
) -> bool:
    contract_numbers = Contract.objects.filter(client_id=invitation.client_id).values_list(
        "contract_number", flat=True
    )
    contract_ok = any(_same(contract_number, number) for number in contract_numbers)
    return _same(client_number, invitation.client.client_number) and contract_ok


def _record_failure(invitation: ActivationInvitation, reason: str, now: dt.datetime) -> int:
    """Counts a wrong try and burns the link at the limit; returns the tries left."""
    ActivationInvitation.objects.filter(pk=invitation.pk).update(
        failed_attempts=F("failed_attempts") + 1
    )
    invitation.refresh_from_db(fields=["failed_attempts"])
    remaining = max(settings.ACTIVATION_MAX_ATTEMPTS - invitation.failed_attempts, 0)
    if remaining == 0:
        invitation.burned_at = now
        invitation.save(update_fields=["burned_at"])
    audit_record(
        actor_user=None,
        action="activation.failed",
        now=now,
        client=invitation.client,
        target=invitation,
        data={"reason": reason, "failed_attempts": invitation.failed_attempts},
    )
    return remaining


def _activate_locked(
    *,
    token: str,
    contract_number: str,
    client_number: str,
    password: str,
    now: dt.datetime,
) -> ActivationInvitation | DomainError:
    """Runs under the invitation's row lock; returns the error rather than raising it, so that
    the counting of a wrong try is committed while nothing else is."""
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return LinkUnusable(InvitationState.UNKNOWN)
    invitation = (
        ActivationInvitation.objects.select_for_update()
        .select_related("membership__user", "client")
        .filter(token_hash=token_hash(token))
        .first()
    )
    state = invitation_state(invitation=invitation, now=now)
    if invitation is None or state is not InvitationState.VALID:
        return LinkUnusable(state)
    membership, user = invitation.membership, invitation.membership.user
    if not _numbers_match(invitation, contract_number, client_number):
        remaining = _record_failure(invitation, "numbers", now)
        return WrongNumbers(remaining) if remaining else LinkUnusable(InvitationState.BURNED)
    if user.has_usable_password():
        if not user.check_password(password):
            remaining = _record_failure(invitation, "password", now)
            return (
                WrongCurrentPassword(remaining)
                if remaining
                else LinkUnusable(InvitationState.BURNED)
            )
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    ActivationInvitation.objects.filter(
        membership=membership, used_at__isnull=True, burned_at__isnull=True
    ).update(burned_at=now)
    membership.is_active = True
    membership.save(update_fields=["is_active"])
    audit_record(
        actor_user=user,
        action="activation.completed",
        now=now,
        client=invitation.client,
        target=membership,
        data={"email": user.email},
    )
    return invitation


def invitation_activate(
    *,
    token: str,
    contract_number: str,
    client_number: str,
    password: str,
    now: dt.datetime,
) -> ActivationInvitation:
    """Activates the access a link was sent for, and returns its (now used) invitation.

    `password` is the new password of a person without one (the caller has checked its
    strength), or the current password of a person who already manages another client.
    """
    with transaction.atomic():
        outcome = _activate_locked(
            token=token,
            contract_number=contract_number,
            client_number=client_number,
            password=password,
            now=now,
        )
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


def activation_email_send(*, invitation_id: int, token: str, now: dt.datetime) -> bool:
    """Sends « Activer mon compte » once; a redelivered task or a dead link sends nothing."""
    invitation = (
        ActivationInvitation.objects.select_related(
            "membership__user", "membership__invited_by", "membership__custom_profile", "client"
        )
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.token_hash != token_hash(token):
        return False
    if invitation_state(invitation=invitation, now=now) is not InvitationState.VALID:
        return False
    if not cache.add(f"activation-mail-sent:{invitation_id}", 1, MAIL_SENT_CACHE_SECONDS):
        return False
    try:
        activation_email_message(invitation=invitation, token=token).send()
    except Exception:
        cache.delete(f"activation-mail-sent:{invitation_id}")  # let the retry send it
        raise
    return True


def activation_email_message(
    *, invitation: ActivationInvitation, token: str
) -> EmailMultiAlternatives:
    user = invitation.membership.user
    contract = (
        Contract.objects.filter(client_id=invitation.client_id)
        .order_by("status", "-signed_date")
        .first()
    )
    context = {
        "issuer": settings.ISSUER,
        "user": user,
        "client": invitation.client,
        "contract": contract,
        "activation_url": activation_url(token),
        "expires_at": invitation.expires_at,
        "link_hours": settings.ACTIVATION_LINK_HOURS,
        "has_password": user.has_usable_password(),
        "site_url": settings.SITE_URL,
        # A colleague's invitation (« Gestion des accès ») says who invited and with which profile.
        "inviter": author_label(invitation.membership.invited_by)
        if invitation.membership.invited_by_id
        else "",
        "profile": invitation.membership.profile_label,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/activation_subject.txt", context)
        text = render_to_string("accounts/email/activation.txt", context)
        html = render_to_string("accounts/email/activation.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message
