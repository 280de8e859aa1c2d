"""The page's figures as rows for the CSV and XLSX exports: the same aggregates, folded the
same way, never a transaction or a person."""

from django.utils.translation import gettext as _

from titresto.statistics.figures import UsageFigures
from titresto.statistics.privacy import Group


def _amount(cents: int | None) -> str:
    """« 1234,56 »: what a French spreadsheet reads as a number."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros},{rest:02d}"


def _groups(section: str, groups: list[Group]) -> list[list[str]]:
    return [
        [section, group.label, str(group.count), _amount(group.amount_cents)] for group in groups
    ]


def figures_rows(figures: UsageFigures) -> list[list[str]]:
    period = figures.period.label
    point = figures.point.label if figures.point else _("Tous les points")
    rows = [
        [_("Rubrique"), _("Libellé"), _("Nombre"), _("Montant (€)")],
        [_("Période"), period, "", ""],
        [_("Point de livraison"), point, "", ""],
        [_("Titres"), _("Chargés"), "", _amount(figures.loaded_cents)],
        [_("Titres"), _("Dépensés"), str(figures.accepted), _amount(figures.spent_cents)],
        [_("Titres"), _("Périmés"), "", _amount(figures.expired_cents)],
        [_("Paiements"), _("Refusés"), str(figures.refused), ""],
        [_("Cartes"), _("Commandées"), str(figures.cards_ordered), ""],
        [_("Cartes"), _("Activées"), str(figures.cards_activated), ""],
        [_("Cartes"), _("Actives"), str(figures.cards_active), ""],
        [_("Cartes"), _("Jamais utilisées"), str(figures.cards_never_used), ""],
        [
            _("À expirer le %(day)s") % {"day": figures.expiring_on},
            _("Bénéficiaires concernés"),
            str(figures.expiring_beneficiaries),
            _amount(figures.expiring_cents),
        ],
    ]
    rows += _groups(_("Dépenses par catégorie"), figures.by_category)
    rows += _groups(_("Paiements par jour"), figures.by_weekday)
    rows += _groups(_("Paiements par heure"), figures.by_hour)
    rows += _groups(_("Refus par motif"), [refusal.group for refusal in figures.refusals])
    for month in figures.months:
        count = "" if month.transactions is None else str(month.transactions)
        rows.append([_("Évolution : chargé"), month.label, "", _amount(month.loaded_cents)])
        rows.append([_("Évolution : dépensé"), month.label, count, _amount(month.spent_cents)])
    return rows
