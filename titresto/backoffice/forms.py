"""The back-office's « Nouveau client » form: shape only; the onboarding service checks the
contract's rules (`contract_terms_check`) and the admin ties its errors to these fields."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from titresto.clients.services import Address, ContractTerms
from titresto.clients.validators import normalize_siret, validate_postcode, validate_siret

DEFAULTS = ContractTerms()


def euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def cents(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


def _euro_field(label: Any, initial_cents: int, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        localize=True,
        initial=euros(initial_cents),
        help_text=help_text,
    )


class ClientOnboardingForm(forms.Form):
    legal_name = forms.CharField(label=_("Raison sociale"), max_length=120)
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        help_text=_("14 chiffres, espaces permis (ex. 732 829 320 00074)."),
    )
    address_line1 = forms.CharField(label=_("Adresse"), max_length=38)
    address_line2 = forms.CharField(label=_("Complément d'adresse"), max_length=38, required=False)
    postcode = forms.CharField(label=_("Code postal"), max_length=5, validators=[validate_postcode])
    city = forms.CharField(label=_("Ville"), max_length=38)

    signed_date = forms.DateField(label=_("Date de signature du contrat"), initial=dt.date.today)
    face_value_min = _euro_field(_("Valeur faciale minimale (€)"), DEFAULTS.face_value_min_cents)
    face_value_max = _euro_field(_("Valeur faciale maximale (€)"), DEFAULTS.face_value_max_cents)
    face_value_default = _euro_field(
        _("Valeur faciale par défaut (€)"), DEFAULTS.face_value_default_cents
    )
    employer_share_default = forms.DecimalField(
        label=_("Part patronale par défaut (%)"),
        min_value=Decimal(50),
        max_value=Decimal(60),
        max_digits=5,
        decimal_places=2,
        localize=True,
        initial=DEFAULTS.employer_share_default,
        help_text=_("Entre 50 et 60 % pour l'exonération."),
    )
    commission_rate = forms.DecimalField(
        # xgettext:no-python-format
        label=_("Commission (% de la valeur faciale)"),
        min_value=Decimal(0),
        max_value=Decimal(99),
        max_digits=5,
        decimal_places=2,
        localize=True,
        initial=DEFAULTS.commission_rate,
    )
    commission_min = _euro_field(
        _("Commission minimale par commande (€)"), DEFAULTS.commission_min_cents
    )
    card_fee = _euro_field(_("Frais par carte (€)"), DEFAULTS.card_fee_cents)
    delivery_fee = _euro_field(_("Frais de livraison par colis (€)"), DEFAULTS.delivery_fee_cents)
    home_delivery_fee = _euro_field(
        _("Frais d'envoi à domicile par carte (€)"), DEFAULTS.home_delivery_fee_cents
    )

    manager_email = forms.EmailField(
        label=_("E-mail du gestionnaire principal"),
        help_text=_("Il reçoit l'e-mail « Activer mon compte »."),
    )
    manager_first_name = forms.CharField(label=_("Prénom du gestionnaire"), max_length=38)
    manager_last_name = forms.CharField(label=_("Nom du gestionnaire"), max_length=38)

    def clean_siret(self) -> str:
        value = self.cleaned_data["siret"]
        validate_siret(value)
        return normalize_siret(value)

    def address(self) -> Address:
        data = self.cleaned_data
        return Address(
            line1=data["address_line1"],
            line2=data["address_line2"],
            postcode=data["postcode"],
            city=data["city"],
        )

    def terms(self) -> ContractTerms:
        data = self.cleaned_data
        return ContractTerms(
            face_value_min_cents=cents(data["face_value_min"]),
            face_value_max_cents=cents(data["face_value_max"]),
            face_value_default_cents=cents(data["face_value_default"]),
            employer_share_default=data["employer_share_default"],
            commission_rate=data["commission_rate"],
            commission_min_cents=cents(data["commission_min"]),
            card_fee_cents=cents(data["card_fee"]),
            delivery_fee_cents=cents(data["delivery_fee"]),
            home_delivery_fee_cents=cents(data["home_delivery_fee"]),
        )


class TransferReceivedForm(forms.Form):
    """« Enregistrer un virement reçu »: what the bank statement says. The service checks the
    reference and the amount against the order."""

    reference = forms.CharField(
        label=_("Référence du virement"),
        max_length=40,
        help_text=_("Telle qu'elle figure sur le relevé, ex. TR7K2M9Q4X1C."),
    )
    amount = forms.DecimalField(
        label=_("Montant reçu (€)"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    received_on = forms.DateField(
        label=_("Reçu le"), input_formats=["%d/%m/%Y"], help_text=_("JJ/MM/AAAA")
    )

    def amount_cents(self) -> int:
        return cents(self.cleaned_data["amount"])


class CarrierFileForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier du transporteur (CSV)"),
        help_text=_("Colonnes reference_colis;transporteur;numero_suivi, séparées par « ; »."),
    )
