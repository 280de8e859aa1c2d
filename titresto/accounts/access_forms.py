"""Forms of « Gestion des accès » (shape only: the services judge the rest)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from titresto.accounts.services.accesses import CUSTOM_PREFIX
from titresto.clients.models import Client
from titresto.core.capabilities import (
    ALWAYS_GRANTED,
    BUILT_IN_PROFILES,
    CAPABILITY_HELP,
    DELEGABLE_CAPABILITIES,
)
from titresto.core.forms import EMAIL_ERROR, PortalForm

PROFILE_HELP = _(
    "Administrateur : tout, y compris les accès et le journal. Commandeur : commandes, "
    "bénéficiaires et points de livraison. Visiteur : consultation seule. Vos propres profils "
    "donnent les droits que vous leur avez choisis."
)


class _VersionField(forms.IntegerField):
    def __init__(self) -> None:
        super().__init__(widget=forms.HiddenInput, required=False, min_value=0)


class _ProfileChoice(PortalForm):
    def __init__(self, *args: Any, custom_profiles: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = profile_choices(custom_profiles)  # type: ignore[attr-defined]


class InviteForm(_ProfileChoice):
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
        help_text=PROFILE_HELP,
        error_messages={
            "required": _("Choisissez un profil."),
            "invalid_choice": _("Choisissez un profil dans la liste."),
        },
    )


class ProfileForm(_ProfileChoice):
    profile = forms.ChoiceField(
        label=_("Profil"),
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


class ClientOptionsForm(PortalForm):
    """The account's options (Administrateur); each change is audited by the service."""

    requires_two_factor = forms.BooleanField(
        label=_("Double authentification obligatoire pour tous les gestionnaires"),
        required=False,
        help_text=_(
            "Chaque gestionnaire devra saisir un code de son application d'authentification à "
            "chaque connexion ; ceux qui ne l'ont pas encore activée le feront à leur prochaine "
            "visite."
        ),
    )
    requires_order_approval = forms.BooleanField(
        label=_("Validation des commandes par un second gestionnaire"),
        required=False,
        help_text=_(
            "Une commande préparée par un gestionnaire qui n'est pas administrateur attend "
            "l'approbation d'un administrateur avant le paiement."
        ),
    )
    allows_sunday_use = forms.BooleanField(
        label=_("Utilisation les dimanches et jours fériés"),
        required=False,
        help_text=_(
            "Pour les salariés qui travaillent ces jours-là : les cartes seront acceptées le "
            "dimanche et les jours fériés, et vos bénéficiaires en sont informés."
        ),
    )
    carry_over_policy = forms.ChoiceField(
        label=_("Report des soldes de l'année précédente"),
        choices=Client.CarryOver.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Les titres de l'année N sont utilisables jusqu'à fin février N+1 ; ensuite le solde "
            "est reporté pour tous, ou seulement pour les bénéficiaires qui le demandent."
        ),
        error_messages={
            "required": _("Choisissez comment reporter les soldes."),
            "invalid_choice": _("Choisissez comment reporter les soldes."),
        },
    )

    def to_options(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class ProfileBuilderForm(PortalForm):
    name = forms.CharField(
        label=_("Nom du profil"),
        max_length=40,
        help_text=_("Ex. Paie, Comptabilité, Responsable de site."),
        error_messages={"required": _("Donnez un nom au profil (ex. Paie).")},
    )
    capabilities = forms.MultipleChoiceField(
        label=_("Droits du profil"),
        choices=[(capability.value, capability.label) for capability in DELEGABLE_CAPABILITIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Cochez des droits de la liste.")},
    )
    version = _VersionField()

    @property
    def expected_version(self) -> int:
        return int(self.cleaned_data.get("version") or 0)

    def capability_rows(self) -> list[dict[str, Any]]:
        """Each right with its one-line explanation, ticked as the form holds it."""
        chosen = set(self["capabilities"].value() or [])
        return [
            {
                "value": capability.value,
                "label": capability.label,
                "help": CAPABILITY_HELP.get(capability, ""),
                "checked": capability.value in chosen,
                "id": f"id_capabilities_{index}",
            }
            for index, capability in enumerate(DELEGABLE_CAPABILITIES)
            if capability not in ALWAYS_GRANTED
        ]


def profile_choices(custom_profiles: list[Any]) -> list[tuple[str, str]]:
    """The built-in profiles, then the client's own (`custom-<id>`)."""
    return [
        *((profile.value, str(profile.label)) for profile in BUILT_IN_PROFILES),
        *((f"{CUSTOM_PREFIX}{profile.pk}", profile.name) for profile in custom_profiles),
    ]
