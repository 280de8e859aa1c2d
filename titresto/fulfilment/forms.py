from django import forms
from django.utils.translation import gettext_lazy as _

from titresto.cards.models import ReplacementReason
from titresto.cards.states import OPPOSITION_EVENTS
from titresto.core.forms import PortalForm


class OppositionForm(PortalForm):
    """« Faire opposition »: the card the manager saw (hidden) and why it must be stopped."""

    card = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.ChoiceField(
        label=_("Motif de l'opposition"),
        choices=[("", _("Choisissez…"))]
        + [
            (value, label)
            for value, label in ReplacementReason.choices
            if value in OPPOSITION_EVENTS
        ],
        error_messages={"required": _("Choisissez le motif : perte ou vol.")},
    )
