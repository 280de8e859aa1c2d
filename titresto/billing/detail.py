"""The detail of an order's lines, the annex of its invoices (CSV or XLSX, streamed): one row
per beneficiary, read as tuples in chunks, so 100 000 lines keep memory flat."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from titresto.cards.models import CardAction
from titresto.core.money import format_eur_plain
from titresto.orders.models import Order, OrderLine
from titresto.orders.pricing import share_of


def order_detail_rows(*, order: Order) -> Iterator[list[str]]:
    """Labels are read before the first row is streamed (in the requester's language)."""
    header = [
        _("Matricule"), _("Nom"), _("Prénom"), _("Titres"), _("Valeur faciale (€)"),
        _("Montant des titres (€)"), _("Part patronale (€)"), _("Part salariale (€)"),
        _("Carte"), _("Numéro de carte"), _("Destination"),
    ]  # fmt: skip
    card_labels = {value: str(label) for value, label in CardAction.choices}
    home = _("Domicile")

    def rows() -> Iterator[list[str]]:
        yield header
        lines = (
            OrderLine.objects.filter(order=order, client_id=order.client_id)
            .order_by("position", "id")
            .values_list(
                "beneficiary__matricule",
                "beneficiary__last_name",
                "beneficiary__first_name",
                "titres",
                "face_value_cents",
                "employer_share",
                "card_action",
                "card__last_four",
                "delivery_point__code",
                "delivery_point__name",
                "home_address_line1",
                "home_postcode",
                "home_city",
            )
        )
        share_basis_points: dict[object, int] = {}
        for (
            matricule, last_name, first_name, titres, face_value, share, card_action,
            last_four, point_code, point_name, home_line, home_postcode, home_city,
        ) in lines.iterator(chunk_size=5000):  # fmt: skip
            rate = share_basis_points.get(share)
            if rate is None:
                rate = share_basis_points[share] = int(share * 100)
            amount = titres * face_value
            employer = titres * share_of(face_value, rate)
            if point_code:
                destination = f"{point_code} — {point_name}"
            elif home_line:
                destination = f"{home} : {home_line} {home_postcode} {home_city}"
            else:
                destination = ""
            yield [
                matricule, last_name, first_name, str(titres), format_eur_plain(face_value),
                format_eur_plain(amount), format_eur_plain(employer), format_eur_plain(amount - employer),
                card_labels.get(card_action, card_action), f"•••• {last_four}" if last_four else "",
                destination,
            ]  # fmt: skip

    return rows()
