"""The page's filters: a period (month, quarter, year or custom) and a delivery point."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from titresto.core.forms import FrenchDateField, PortalForm
from titresto.statistics.figures import (
    Period,
    PointChoice,
    custom_period,
    month_period,
    quarter_period,
    year_period,
)

KINDS = [
    ("mois", _("Mois")),
    ("trimestre", _("Trimestre")),
    ("annee", _("Année")),
    ("personnalisee", _("Période personnalisée")),
]
CUSTOM_DAYS_MAX = 3 * 366
YEARS_BACK = 5


class UsageFilterForm(PortalForm):
    """GET filters; a value it does not know is an error at its field, never a 500."""

    periode = forms.ChoiceField(label=_("Période"), choices=KINDS, required=False)
    annee = forms.TypedChoiceField(label=_("Année"), coerce=int, required=False)
    mois = forms.TypedChoiceField(
        label=_("Mois"), coerce=int, required=False, choices=list(MONTHS.items())
    )
    trimestre = forms.TypedChoiceField(
        label=_("Trimestre"),
        coerce=int,
        required=False,
        choices=[(quarter, _("T%(n)s") % {"n": quarter}) for quarter in range(1, 5)],
    )
    du = FrenchDateField(label=_("Du"), required=False)
    au = FrenchDateField(label=_("Au (inclus)"), required=False)
    point = forms.ChoiceField(label=_("Point de livraison"), required=False)

    def __init__(self, *args: Any, points: list[PointChoice], today: dt.date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.today = today
        years = range(today.year, today.year - YEARS_BACK, -1)
        self.fields["annee"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        self.fields["point"].choices = [  # type: ignore[attr-defined]
            ("", _("Tous les points")),
            *((point.public_id, point.label) for point in points),
        ]
        self.initial = {
            "periode": "mois",
            "annee": today.year,
            "mois": today.month,
            "trimestre": (today.month + 2) // 3,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("periode") or "mois"
        if kind == "personnalisee":
            start, end = data.get("du"), data.get("au")
            if not start and "du" not in self.errors:
                self.add_error("du", _("Donnez la date de début (JJ/MM/AAAA)."))
            if not end and "au" not in self.errors:
                self.add_error("au", _("Donnez la date de fin (JJ/MM/AAAA)."))
            if start and end and end < start:
                self.add_error("au", _("La date de fin précède la date de début : inversez-les."))
            elif start and end and (end - start).days > CUSTOM_DAYS_MAX:
                self.add_error("au", _("Choisissez une période de trois ans au plus."))
        return data

    def period(self) -> Period:
        """The chosen period (call after is_valid()); the current month by default."""
        data = self.cleaned_data if self.is_bound else {}
        kind = data.get("periode") or "mois"
        year = data.get("annee") or self.today.year
        if kind == "personnalisee":
            return custom_period(data["du"], data["au"])
        if kind == "annee":
            return year_period(year)
        if kind == "trimestre":
            return quarter_period(year, data.get("trimestre") or (self.today.month + 2) // 3)
        return month_period(year, data.get("mois") or self.today.month)
