"""Writes about a person's own security: second factor, password. Each one is audited."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from titresto.accounts.models import User
from titresto.accounts.security import totp
from titresto.core.audit import audit_record
from titresto.core.errors import DomainError


class SecurityError(DomainError):
    """A refusal tied to one form field, so the page shows it next to that field."""


class TotpCodeInvalid(SecurityError):
    code = "totp_code_invalid"
    field = "code"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Ce code n'est pas valable. Saisissez le code à 6 chiffres affiché en ce moment "
                "par votre application d'authentification (un code ne sert qu'une fois)."
            )
        )


class PasswordInvalid(SecurityError):
    code = "password_invalid"
    field = "password"

    def __init__(self) -> None:
        super().__init__(_("Mot de passe incorrect. Saisissez votre mot de passe actuel."))


class TotpMandatory(SecurityError):
    code = "totp_mandatory"

    def __init__(self) -> None:
        super().__init__(
            _(
                "La double authentification est obligatoire pour les agents de l'émetteur : "
                "elle ne peut pas être désactivée."
            )
        )


class TotpRequiredByClient(SecurityError):
    code = "totp_required_by_client"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Un compte client que vous gérez exige la double authentification : elle ne peut "
                "pas être désactivée tant que vous y avez accès."
            )
        )


class TotpAlreadyActive(SecurityError):
    code = "totp_already_active"

    def __init__(self) -> None:
        super().__init__(
            _(
                "La double authentification est déjà activée. Pour changer de téléphone, "
                "désactivez-la puis activez-la de nouveau."
            )
        )


class TotpResetOwn(SecurityError):
    code = "totp_reset_own"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Vous ne pouvez pas réinitialiser votre propre double authentification. "
                "Demandez à un autre agent de l'émetteur de le faire pour vous."
            )
        )


def totp_consume(*, user: User, code: str, now: datetime) -> bool:
    """True once per valid code: the matched time step is stored, so a replayed code is refused.

    The conditional UPDATE makes two simultaneous uses of one code impossible as well.
    """
    step = totp.matching_step(secret=user.totp_secret, code=code, now=now)
    if step is None:
        return False
    accepted = (
        User.objects.filter(pk=user.pk)
        .filter(Q(last_totp_step__isnull=True) | Q(last_totp_step__lt=step))
        .update(last_totp_step=step)
    )
    if accepted:
        user.last_totp_step = step
    return bool(accepted)


@transaction.atomic
def totp_enrolment_start(*, user: User, now: datetime) -> User:
    """A fresh secret, not active until a code from it is confirmed."""
    if user.has_totp:
        raise TotpAlreadyActive()
    user.totp_secret = totp.new_secret()
    user.last_totp_step = None
    user.save(update_fields=["totp_secret", "last_totp_step"])
    audit_record(actor_user=user, action="accounts.totp_enrolment_started", now=now, target=user)
    return user


@transaction.atomic
def totp_enrolment_confirm(*, user: User, code: str, now: datetime) -> User:
    if user.has_totp:
        raise TotpAlreadyActive()
    if not user.totp_secret or not totp_consume(user=user, code=code, now=now):
        raise TotpCodeInvalid()
    user.totp_confirmed_at = now
    user.save(update_fields=["totp_confirmed_at"])
    audit_record(actor_user=user, action="accounts.totp_enabled", now=now, target=user)
    return user


@transaction.atomic
def totp_disable(*, user: User, password: str, code: str, now: datetime) -> User:
    if user.is_staff:
        raise TotpMandatory()
    if user.memberships.filter(is_active=True, client__requires_two_factor=True).exists():
        raise TotpRequiredByClient()
    if not user.check_password(password):
        raise PasswordInvalid()
    if not totp_consume(user=user, code=code, now=now):
        raise TotpCodeInvalid()
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.last_totp_step = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "last_totp_step"])
    audit_record(actor_user=user, action="accounts.totp_disabled", now=now, target=user)
    return user


@transaction.atomic
def totp_reset(*, user: User, actor_user: User, now: datetime) -> bool:
    """An issuer's agent clears someone's second factor (a lost phone): True if there was one.

    Staff are sent to enrolment at their next sign-in; a manager signs in with the password
    alone until they enrol again. Nobody resets their own: that would let a stolen password
    plus a stolen session replace the second factor.
    """
    if user.pk == actor_user.pk:
        raise TotpResetOwn()
    had_second_factor = bool(user.totp_secret or user.totp_confirmed_at)
    if not had_second_factor:
        return False
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.last_totp_step = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "last_totp_step"])
    audit_record(actor_user=actor_user, action="accounts.totp_reset", now=now, target=user)
    return True


@transaction.atomic
def password_change(*, user: User, new_password: str, now: datetime) -> User:
    """The form has checked the old password and the validators; this writes and audits."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor_user=user, action="accounts.password_changed", now=now, target=user)
    return user


@transaction.atomic
def password_reset_recorded(*, user: User, now: datetime) -> None:
    """Django's reset view has set the new password; this leaves the trace."""
    audit_record(actor_user=user, action="accounts.password_reset", now=now, target=user)


@transaction.atomic
def signin_recorded(*, user: User, second_factor: bool, now: datetime) -> None:
    audit_record(
        actor_user=user,
        action="accounts.signed_in",
        now=now,
        target=user,
        data={"second_factor": second_factor},
    )
