from django import template

from titresto.core.money import format_eur, format_eur_plain

register = template.Library()


@register.filter
def eur(cents: int | None) -> str:
    return "" if cents is None else format_eur(int(cents))


@register.filter
def eur_plain(cents: int | None) -> str:
    """« 9,50 »: the amount as a form field shows it for editing (no symbol, no grouping)."""
    return "" if cents is None else format_eur_plain(int(cents))
