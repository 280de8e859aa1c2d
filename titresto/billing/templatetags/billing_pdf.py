from django import template

from titresto.billing.invoices import euros_fr

register = template.Library()
# French, whatever language is active: a document is written in French.
register.filter("eur", euros_fr)


@register.filter
def rate(basis_points: int) -> str:
    """2000 → « 20 % », 550 → « 5,5 % »."""
    whole, rest = divmod(basis_points, 100)
    text = f"{whole},{rest:02d}".rstrip("0").rstrip(",")
    return f"{text}\xa0%"
