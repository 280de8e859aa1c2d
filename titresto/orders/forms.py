import datetime as dt
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from titresto.core.forms import FrenchDateField, PortalForm
from titresto.orders.models import Order
from titresto.orders.services.drafts import next_period

MONTHS_AHEAD = 3


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
