"""Money is held as integer cents; this module is the one place that parses and formats it."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language

NBSP = "\xa0"


def format_eur(cents: int) -> str:
    """1234.56 € held as 123456 → « 1 234,56 € » in French (no-break spaces), « €1,234.56 »
    in English: the amount in the reader's language, like the dates."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    if (get_language() or "fr").startswith("en"):
        return f"{sign}€{euros:,}.{rest:02d}"
    grouped = f"{euros:,}".replace(",", NBSP)
    return f"{sign}{grouped},{rest:02d}{NBSP}€"


def format_eur_plain(cents: int) -> str:
    """« 9,50 »: the amount as a form field or a spreadsheet cell holds it (no symbol, no
    grouping)."""
    euros, rest = divmod(cents, 100)
    return f"{euros},{rest:02d}"


def parse_eur(text: str) -> int:
    """« 9,50 », « 9.50 », « 9,50 € » → 950. Raises ValueError on anything else."""
    cleaned = text.replace("€", "").replace(NBSP, "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(text)
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def basis_points(percent: Decimal) -> int:
    """60,00 % → 6000: percentages with up to two decimals as exact integers, so that a price of
    100 000 lines is integer arithmetic. More decimals would be rounded silently: refused."""
    scaled = percent * 100
    if not scaled.is_finite() or scaled != scaled.to_integral_value():
        raise ValueError(f"{percent} has more than two decimals")
    return int(scaled)
