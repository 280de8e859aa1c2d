from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from titresto.clients.models import Client
from titresto.core.capabilities import (
    DELEGABLE_CAPABILITIES,
    PROFILE_CAPABILITIES,
    Capability,
    Profile,
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address: a client's manager or the issuer's staff."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=38, blank=True)
    last_name = models.CharField(_("nom"), max_length=38, blank=True)
    is_staff = models.BooleanField(
        _("agent de l'émetteur"), default=False, help_text=_("Accède au back-office.")
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    # TOTP second factor; the secret is set when the user starts enrolment, confirmed by a code.
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    last_totp_step = models.BigIntegerField(null=True, blank=True)  # refuses a code's replay

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="one_account_per_email_whatever_the_case")
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def has_totp(self) -> bool:
        return self.totp_confirmed_at is not None


class CustomProfile(models.Model):
    """A profile of the client's own (« Paie »), built from the capabilities by an administrator."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="custom_profiles")
    name = models.CharField(_("nom"), max_length=40)
    # Capability codes; read back through the enum, which stays the one source of truth.
    capabilities = models.JSONField(_("droits"), default=list)
    created_at = models.DateTimeField(_("créé le"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("profil personnalisé")
        verbose_name_plural = _("profils personnalisés")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "client", Lower("name"), name="one_profile_name_per_client_whatever_the_case"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def capability_set(self) -> frozenset[Capability]:
        """What the profile grants: a stored code the enum no longer has, or one kept for
        administrators, is never granted."""
        stored = set(self.capabilities)
        return frozenset(c for c in DELEGABLE_CAPABILITIES if c.value in stored)

    @property
    def capability_labels(self) -> list[str]:
        return [str(c.label) for c in Capability if c in self.capability_set]


class Membership(models.Model):
    """A user's access to one client, with a profile (habilitation)."""

    class Status(models.TextChoices):
        INVITED = "INVITED", _("Invité")
        ACTIVE = "ACTIVE", _("Actif")
        SUSPENDED = "SUSPENDED", _("Suspendu")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="memberships")
    profile = models.CharField(_("profil"), max_length=20, choices=Profile.choices)
    custom_profile = models.ForeignKey(
        CustomProfile,
        verbose_name=_("profil personnalisé"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    # Inactive while invited (until the link is used) and while suspended (`suspended_at`).
    is_active = models.BooleanField(_("actif"), default=True)
    suspended_at = models.DateTimeField(_("suspendu le"), null=True, blank=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"))
    # Checked under the client's lock by the access services: a stale form is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("accès gestionnaire")
        verbose_name_plural = _("accès gestionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "client"], name="one_access_per_user_and_client"
            ),
            models.CheckConstraint(
                condition=models.Q(suspended_at__isnull=True) | models.Q(is_active=False),
                name="a_suspended_access_is_inactive",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(profile="PERSONNALISE") & models.Q(custom_profile__isnull=False)
                )
                | (~models.Q(profile="PERSONNALISE") & models.Q(custom_profile__isnull=True)),
                name="a_custom_profile_exactly_when_the_profile_is_custom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.client} ({self.get_profile_display()})"

    @property
    def capabilities(self) -> frozenset[Capability]:
        if self.custom_profile_id is not None:
            return self.custom_profile.capability_set  # type: ignore[union-attr]
        return PROFILE_CAPABILITIES[self.profile]

    @property
    def profile_label(self) -> str:
        if self.custom_profile_id is not None:
            return self.custom_profile.name  # type: ignore[union-attr]
        return str(self.get_profile_display())

    @property
    def profile_value(self) -> str:
        """The profile as forms carry it: a built-in code, or `custom-<id>`."""
        if self.custom_profile_id is not None:
            return f"custom-{self.custom_profile_id}"
        return self.profile

    @property
    def status(self) -> "Membership.Status":
        if self.is_active:
            return self.Status.ACTIVE
        if self.suspended_at is not None:
            return self.Status.SUSPENDED
        return self.Status.INVITED

    def get_status_display(self) -> str:
        return str(self.status.label)

    @property
    def is_administrator(self) -> bool:
        return self.profile == Profile.ADMINISTRATEUR


class ActivationInvitation(models.Model):
    """The « Activer mon compte » link sent to a client's manager. Only a hash of the token is kept."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="invitations")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    burned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation d'activation")
        verbose_name_plural = _("invitations d'activation")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.membership} ({self.created_at:%d/%m/%Y})"
