"""Sign-in and security forms: shape only; errors are tied to their fields by PortalForm."""

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from titresto.accounts.security import totp
from titresto.core.forms import EMAIL_ERROR, PortalBoundField, PortalForm


class LoginForm(PortalForm):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code à 6 chiffres"),
        max_length=9,
        help_text=_(
            "Le code affiché par votre application d'authentification (il change toutes les 30 secondes)."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


def _clean_code(value: str) -> str:
    code = totp.normalized_code(value)
    if len(code) != 6 or not code.isdigit():
        raise forms.ValidationError(
            _("Saisissez les 6 chiffres affichés par votre application d'authentification.")
        )
    return code


class CodeForm(PortalForm):
    code = code_field()

    def clean_code(self) -> str:
        return _clean_code(self.cleaned_data["code"])


class SignInCodeForm(CodeForm):
    """The code page asks for nothing else: the cursor waits in the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True


class TotpDisableForm(PortalForm):
    password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = code_field()

    def clean_code(self) -> str:
        return _clean_code(self.cleaned_data["code"])


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    bound_field_class = PortalBoundField
    template_name = "core/form_fields.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django focuses the old password; on « Sécurité de mon compte » it is the second
        # section, and the jump would skip the second factor for keyboard and screen readers.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


class PasswordResetForm(auth_forms.PasswordResetForm):
    bound_field_class = PortalBoundField
    template_name = "core/form_fields.html"

    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": EMAIL_ERROR},
    )


class SetPasswordForm(auth_forms.SetPasswordForm):
    bound_field_class = PortalBoundField
    template_name = "core/form_fields.html"
