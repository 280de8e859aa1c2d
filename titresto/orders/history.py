"""« Historique »: the orders of the list's filter as a file, one line per order, or on request
one line per beneficiary of each order. Labels are read in the requester's language before
streaming begins (the rows are written after the view has returned)."""

from collections.abc import Iterator, Sequence

from django.utils.translation import gettext as _

from titresto.cards.models import CardAction
from titresto.clients.models import Client
from titresto.orders.models import Order, OrderLine
from titresto.orders.selectors import OrderQuery, orders_matching


def _euros(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def _labels(choices: Sequence[tuple[str, object]]) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def order_history_rows(*, client: Client, query: OrderQuery) -> Iterator[list[str]]:
    statuses = _labels(Order.Status.choices)
    modes = _labels(Order.Mode.choices)
    methods = _labels(Order.PaymentMethod.choices)
    header = [
        _("Numéro"), _("Créée le"), _("Mode"), _("Mois des titres"), _("Statut"), _("Lignes"),
        _("Titres"), _("Total à payer (€)"), _("Moyen de paiement"), _("Payée le"), _("Créée par"),
    ]  # fmt: skip

    def rows() -> Iterator[list[str]]:
        yield header
        for order in orders_matching(client=client, query=query).iterator(chunk_size=2000):
            yield [
                order.number,
                order.created_at.strftime("%d/%m/%Y"),
                modes.get(order.mode, order.mode),
                order.load_period.strftime("%m/%Y"),
                statuses.get(order.status, order.status),
                str(order.line_count),
                str(order.breakdown.get("titres", "")),
                _euros(order.total_cents),
                methods.get(order.payment_method, ""),
                order.paid_at.strftime("%d/%m/%Y") if order.paid_at else "",
                order.created_by_label,
            ]

    return rows()


def order_history_line_rows(*, client: Client, query: OrderQuery) -> Iterator[list[str]]:
    statuses = _labels(Order.Status.choices)
    cards = _labels(CardAction.choices)
    home = _("Domicile")
    header = [
        _("Numéro"), _("Mois des titres"), _("Statut"), _("Matricule"), _("Nom"), _("Prénom"),
        _("Titres"), _("Valeur faciale (€)"), _("Part patronale (%)"), _("Carte"), _("Livraison"),
    ]  # fmt: skip
    month_format = "%m/%Y"

    def rows() -> Iterator[list[str]]:
        yield header
        lines = (
            OrderLine.objects.filter(
                client=client, order__in=orders_matching(client=client, query=query)
            )
            .select_related("order", "beneficiary", "delivery_point")
            .order_by("-order__created_at", "order_id", "position")
        )
        for line in lines.iterator(chunk_size=2000):
            yield [
                line.order.number,
                line.order.load_period.strftime(month_format),
                statuses.get(line.order.status, line.order.status),
                line.beneficiary.matricule,
                line.beneficiary.last_name,
                line.beneficiary.first_name,
                str(line.titres),
                _euros(line.face_value_cents),
                f"{line.employer_share:.2f}".replace(".", ","),
                cards.get(line.card_action, line.card_action),
                line.delivery_point.code
                if line.delivery_point
                else (home if line.home_address_line1 else ""),
            ]

    return rows()
