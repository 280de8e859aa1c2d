"""Forms of « Activer mon compte » and « Recevoir un nouveau lien » (shape and password strength)."""

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from titresto.accounts.models import User
from titresto.core.forms import EMAIL_ERROR, PortalForm

NUMBER_ATTRS = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


class _NumbersForm(PortalForm):
    contract_number = forms.CharField(
        label=_("Numéro de contrat"),
        max_length=40,
        help_text=_("Il figure dans l'e-mail « Activer mon compte » (ex. CT12345678)."),
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
        error_messages={"required": _("Saisissez le numéro de contrat indiqué dans l'e-mail.")},
    )
    client_number = forms.CharField(
        label=_("Numéro client"),
        max_length=40,
        help_text=_("Il figure dans le même e-mail (8 chiffres)."),
        widget=forms.TextInput(attrs={**NUMBER_ATTRS, "inputmode": "numeric"}),
        error_messages={"required": _("Saisissez le numéro client indiqué dans l'e-mail.")},
    )


class ActivationForm(_NumbersForm):
    """For a person without a password yet: they create one."""

    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "12 caractères au moins, ni trop courant, ni uniquement des chiffres, ni proche "
            "de votre nom ou de votre adresse e-mail. Une phrase de plusieurs mots convient bien."
        ),
        error_messages={"required": _("Choisissez un mot de passe.")},
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Saisissez une seconde fois le même mot de passe.")},
    )
    field_order = ["password1", "password2", "contract_number", "client_number"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password2(self) -> str:
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2", "")
        if password1 and password1 != password2:
            raise forms.ValidationError(
                _("Les deux mots de passe diffèrent : saisissez deux fois le même."),
                code="password_mismatch",
            )
        return password2

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password1")
        if password:
            try:
                password_validation.validate_password(password, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

    @property
    def password(self) -> str:
        return self.cleaned_data["password1"]


class ExistingUserActivationForm(_NumbersForm):
    """For a person who already manages another client: they prove it with their password."""

    current_password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Celui que vous utilisez déjà pour vous connecter à votre Espace Client."),
        error_messages={"required": _("Saisissez votre mot de passe actuel.")},
    )
    field_order = ["current_password", "contract_number", "client_number"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    @property
    def password(self) -> str:
        return self.cleaned_data["current_password"]


class ActivationRequestForm(PortalForm):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        help_text=_("L'adresse à laquelle vous avez reçu l'e-mail « Activer mon compte »."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Saisissez votre adresse e-mail."),
            "invalid": EMAIL_ERROR,
        },
    )
