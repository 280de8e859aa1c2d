from django import template
from django.utils import translation

from titresto.core.money import format_eur

register = template.Library()


@register.filter
def eur(cents: int) -> str:
    """French, whatever language is active: a document is written in French."""
    with translation.override("fr"):
        return format_eur(cents)


@register.filter
def rate(basis_points: int) -> str:
    """2000 → « 20 % », 550 → « 5,5 % »."""
    whole, rest = divmod(basis_points, 100)
    text = f"{whole},{rest:02d}".rstrip("0").rstrip(",")
    return f"{text}\xa0%"
