import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from titresto.core.forms import FrenchDateField, PortalForm
from titresto.core.money import parse_eur
from titresto.orders.models import Order
from titresto.orders.services.drafts import next_period

MONTHS_AHEAD = 3

if TYPE_CHECKING:
    from titresto.orders.selectors import OrderQuery


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    """This month and the next ones: what a load may be for."""
    month = today.replace(day=1)
    choices = []
    for _rank in range(MONTHS_AHEAD):
        choices.append((month.isoformat(), date_format(month, "F Y").capitalize()))
        month = next_period(month)
    return choices


class LoadForm(PortalForm):
    """When the titres are for, and when the cards are credited (default: once paid)."""

    load_period = forms.TypedChoiceField(
        label=_("Mois des titres"), coerce=dt.date.fromisoformat, choices=()
    )
    load_date = FrenchDateField(
        label=_("Date de chargement"),
        required=False,
        help_text=_("Au format JJ/MM/AAAA. Laissez vide pour charger les cartes dès le paiement."),
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["load_period"].choices = period_choices(today)  # type: ignore[attr-defined]


class UploadForm(LoadForm):
    file = forms.FileField(
        label=_("Fichier de commande"),
        help_text=_("Formats autorisés : CSV (séparateur « ; ») ou Excel (.xlsx), 20 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": _("Choisissez le fichier de commande à déposer.")},
    )
    field_order = ["file", "load_period", "load_date"]


class OrderSearchForm(PortalForm):
    numero = forms.CharField(label=_("Numéro de commande"), required=False, max_length=20)
    statut = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous")), *Order.Status.choices]
    )
    mode = forms.ChoiceField(
        label=_("Mode"), required=False, choices=[("", _("Tous")), *Order.Mode.choices]
    )
    mois = forms.CharField(
        label=_("Mois des titres"),
        required=False,
        max_length=7,
        help_text=_("MM/AAAA, ex. 11/2026"),
    )
    montant_min = forms.CharField(label=_("Montant à partir de (€)"), required=False, max_length=15)
    montant_max = forms.CharField(label=_("Montant jusqu'à (€)"), required=False, max_length=15)
    field_widths = {"mois": "sm", "montant_min": "sm", "montant_max": "sm"}

    def clean_mois(self) -> dt.date | None:
        text = self.cleaned_data["mois"].strip()
        if not text:
            return None
        month, _slash, year = text.partition("/")
        if not (month.isdigit() and year.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
            raise forms.ValidationError(_("Saisissez le mois au format MM/AAAA (ex. 11/2026)."))
        return dt.date(int(year), int(month), 1)

    def _amount(self, name: str) -> int | None:
        text = self.cleaned_data[name].strip()
        if not text:
            return None
        try:
            return parse_eur(text)
        except ValueError:
            raise forms.ValidationError(_("Saisissez un montant en euros, ex. 1 250,00.")) from None

    def clean_montant_min(self) -> int | None:
        return self._amount("montant_min")

    def clean_montant_max(self) -> int | None:
        return self._amount("montant_max")

    def to_query(self) -> "OrderQuery":
        from titresto.orders.selectors import OrderQuery

        data = self.cleaned_data if self.is_valid() else {}
        return OrderQuery(
            number=data.get("numero", ""),
            status=data.get("statut", ""),
            mode=data.get("mode", ""),
            period=data.get("mois"),
            amount_min_cents=data.get("montant_min"),
            amount_max_cents=data.get("montant_max"),
        )


class RejectForm(PortalForm):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Il est envoyé par e-mail à la personne qui a préparé la commande."),
        error_messages={"required": _("Indiquez le motif du refus.")},
    )


class AcknowledgeForm(PortalForm):
    acknowledged = forms.BooleanField(
        label=_("J'ai lu les avertissements et je confirme la commande."), required=False
    )
