from django import template

from titresto.core.money import format_eur

register = template.Library()


@register.filter
def eur(cents: int | None) -> str:
    return "" if cents is None else format_eur(int(cents))
