"""Forms of « Gestion des accès » (shape only: the services judge the rest)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from titresto.core.capabilities import Profile
from titresto.core.forms import EMAIL_ERROR, PortalForm

PROFILE_HELP = _(
    "Administrateur : tout, y compris les accès et le journal. Commandeur : commandes, "
    "bénéficiaires et points de livraison. Visiteur : consultation seule."
)


class _VersionField(forms.IntegerField):
    def __init__(self) -> None:
        super().__init__(widget=forms.HiddenInput, required=False, min_value=0)


class InviteForm(PortalForm):
    email = forms.EmailField(
        label=_("Adresse e-mail de votre collègue"),
        max_length=254,
        error_messages={
            "required": _("Saisissez l'adresse e-mail de la personne à inviter."),
            "invalid": EMAIL_ERROR,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    profile = forms.ChoiceField(
        label=_("Profil"),
        choices=Profile.choices,
        help_text=PROFILE_HELP,
        error_messages={
            "required": _("Choisissez un profil."),
            "invalid_choice": _("Choisissez un profil dans la liste."),
        },
    )


class ProfileForm(PortalForm):
    profile = forms.ChoiceField(
        label=_("Profil"),
        choices=Profile.choices,
        help_text=PROFILE_HELP,
        error_messages={
            "required": _("Choisissez un profil."),
            "invalid_choice": _("Choisissez un profil dans la liste."),
        },
    )
    version = _VersionField()

    @property
    def expected_version(self) -> int:
        return int(self.cleaned_data.get("version") or 0)


class VersionOnlyForm(PortalForm):
    """The buttons (suspend, reactivate, remove) carry the version their page was shown with."""

    version = _VersionField()

    @property
    def expected_version(self) -> int:
        self.is_valid()
        return int(self.cleaned_data.get("version") or 0)


class TwoFactorRequirementForm(PortalForm):
    requires_two_factor = forms.BooleanField(
        label=_("Double authentification obligatoire pour tous les gestionnaires"),
        required=False,
        help_text=_(
            "Chaque gestionnaire devra saisir un code de son application d'authentification à "
            "chaque connexion ; ceux qui ne l'ont pas encore activée le feront à leur prochaine "
            "visite."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
