"""An order's life: created (from a checked file, or as an empty draft), priced, submitted,
approved or rejected, paid, cancelled. Every status change goes through `order_transition`."""

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from titresto.cards.models import CardAction
from titresto.clients.models import Client
from titresto.core.actors import Actor
from titresto.core.audit import audit_record
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.core.money import basis_points
from titresto.core.numbering import NumberSequence
from titresto.core.public_ids import ALPHABET
from titresto.core.states import Author, author_label_of, author_user, transition
from titresto.orders import states
from titresto.orders.models import Order, OrderEvent, OrderLine
from titresto.orders.pricing import Breakdown, PriceLine, price
from titresto.orders.signals import order_awaits_transfer, order_paid
from titresto.orders.terms import OrderTerms

ORDER_NUMBERS = NumberSequence(kind="order", prefix="CMD")
LINE_BATCH = 5000
CREATE = "create"


class OrderInvalid(DomainError):
    code = "order_invalid"


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def load_day(load_date: dt.date | None, *, now: datetime) -> dt.date:
    """The day whose rules price an order: its load date, or today for « dès le paiement »."""
    return load_date or timezone.localdate(now)


def check_load_date(load_date: dt.date | None, *, now: datetime) -> None:
    if load_date is not None and load_date < timezone.localdate(now):
        raise OrderInvalid(
            _("La date de chargement est passée : choisissez aujourd'hui ou une date à venir."),
            field="load_date",
        )


def order_new(
    *,
    client: Client,
    mode: str,
    terms: OrderTerms,
    load_period: dt.date,
    load_date: dt.date | None,
    by: Author,
    now: datetime,
    duplicated_from: Order | None = None,
) -> Order:
    """An empty draft with its number, its terms and its first history row. Call it inside
    the transaction that writes its lines: a rollback gives the number back."""
    user = author_user(by)
    order = Order.objects.create(
        client=client,
        number=ORDER_NUMBERS.next(year=timezone.localdate(now).year),
        mode=mode,
        load_period=first_of_month(load_period),
        load_date=load_date,
        terms=terms.as_json(),
        duplicated_from=duplicated_from,
        created_by=user,
        created_by_label=author_label_of(by),
        created_at=now,
        updated_at=now,
    )
    OrderEvent.objects.create(
        order=order,
        client=client,
        event=CREATE,
        from_status="",
        to_status=order.status,
        actor_user=user,
        actor_label=author_label_of(by),
        created_at=now,
    )
    audit_record(
        actor_user=user,
        action="order.create",
        now=now,
        client=client,
        target=order,
        data={"number": order.number, "mode": mode},
    )
    return order


def lines_write(lines: Iterable[OrderLine]) -> None:
    OrderLine.objects.bulk_create(lines, batch_size=LINE_BATCH)


def price_line_of(line: OrderLine) -> PriceLine:
    """How pricing sees a stored line: one parcel per delivery point, one per home address."""
    parcel: object | None = None
    if line.makes_card:
        parcel = (
            ("point", line.delivery_point_id)
            if line.delivery_point_id is not None
            else ("home", line.beneficiary_id)
        )
    return PriceLine(
        titres=line.titres,
        face_value_cents=line.face_value_cents,
        employer_share_basis_points=basis_points(line.employer_share),
        card=line.makes_card,
        ships_home=line.ships_home,
        parcel=parcel,
    )


def order_set_price(order: Order, breakdown: Breakdown, *, now: datetime) -> None:
    """The price of the lines as written, and how many are over the exemption cap."""
    from titresto.orders.selectors import order_over_cap_count

    order.breakdown = breakdown.as_dict()
    order.total_cents = breakdown.total_cents
    order.line_count = breakdown.lines
    order.over_cap_lines = order_over_cap_count(order=order)
    order.updated_at = now
    order.save(
        update_fields=["breakdown", "total_cents", "line_count", "over_cap_lines", "updated_at"]
    )


def order_reprice(order: Order, *, now: datetime) -> Breakdown:
    """The price of the draft's lines as they are now, stored on the order (one query)."""
    terms = OrderTerms.from_json(order.terms)
    lines = OrderLine.objects.filter(order=order).only(
        "titres",
        "face_value_cents",
        "employer_share",
        "card_action",
        "delivery_point_id",
        "beneficiary_id",
    )
    breakdown = price(terms.pricing, (price_line_of(line) for line in lines.iterator(5000)))
    order_set_price(order, breakdown, now=now)
    return breakdown


def order_locked(*, client: Client, order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk, client=client)


def order_transition(
    order: Order,
    event: str,
    *,
    by: Author,
    now: datetime,
    reason: str = "",
    changes: dict | None = None,
    on_commit: Iterable[Callable[[], None]] = (),
) -> Order:
    """The only way an order's status changes (core's locked transition + an audit event)."""
    with transaction.atomic():
        moved = transition(
            order,
            event,
            table=states.ORDER_MOVES,
            by=by,
            now=now,
            reason=reason,
            changes={**(changes or {}), "updated_at": now},
            on_commit=on_commit,
        )
        audit_record(
            actor_user=author_user(by),
            action=f"order.{event}",
            now=now,
            client=moved.client,
            target=moved,
            data={"number": moved.number, "status": moved.status, "reason": reason},
        )
    return moved


def _check_submittable(order: Order) -> None:
    if not order.line_count:
        raise OrderInvalid(
            _("La commande est vide : ajoutez au moins un bénéficiaire avant de la valider.")
        )
    nothing = not order.breakdown.get("titres") and not order.breakdown.get("cards")
    if nothing:
        raise OrderInvalid(
            _(
                "La commande ne charge aucun titre et ne fabrique aucune carte : indiquez un "
                "nombre de titres sur au moins une ligne."
            )
        )
    unshipped = OrderLine.objects.filter(
        order=order, delivery_point__isnull=True, home_address_line1=""
    ).exclude(card_action=CardAction.NONE)
    if unshipped.exists():
        raise OrderInvalid(
            _(
                "Une carte à fabriquer n'a pas d'adresse de livraison : choisissez un point de "
                "livraison ou une adresse pour chaque bénéficiaire signalé."
            )
        )


def needs_approval(*, actor: Actor, client: Client) -> bool:
    """Four eyes: a client that requires them, and a preparer who could not approve."""
    return client.requires_order_approval and not actor.can(Capability.ORDERS_APPROVE)


def order_submit(*, actor: Actor, order: Order, now: datetime, acknowledged: bool = False) -> Order:
    """« Valider la commande »: to payment, or to an administrator's approval first. Lines
    over the exemption cap are allowed once the manager `acknowledged` them."""
    from titresto.orders.tasks import send_order_email  # tasks import the services

    with transaction.atomic():
        order = order_locked(client=actor.client, order=order)
        if order.status == Order.Status.DRAFT:
            _check_submittable(order)
            over_cap = order.over_cap_lines
            if over_cap and not acknowledged:
                raise OrderInvalid(
                    ngettext(
                        "%(count)s ligne dépasse le plafond d'exonération : lisez l'avertissement "
                        "et cochez « J'ai lu les avertissements » pour valider la commande.",
                        "%(count)s lignes dépassent le plafond d'exonération : lisez "
                        "l'avertissement et cochez « J'ai lu les avertissements » pour valider "
                        "la commande.",
                        over_cap,
                    )
                    % {"count": over_cap},
                    field="acknowledged",
                )
        if not needs_approval(actor=actor, client=actor.client):
            return order_transition(order, states.SUBMIT, by=actor, now=now)
        order_id = order.pk
        return order_transition(
            order,
            states.SUBMIT_FOR_APPROVAL,
            by=actor,
            now=now,
            on_commit=[
                lambda: send_order_email.delay(order_id=order_id, kind="approval_requested")
            ],
        )


def order_approve(*, actor: Actor, order: Order, now: datetime) -> Order:
    return order_transition(order, states.APPROVE, by=actor, now=now)


def order_reject(*, actor: Actor, order: Order, reason: str, now: datetime) -> Order:
    """Back to its preparer as a draft, with the reason, which they are e-mailed."""
    from titresto.orders.tasks import send_order_email

    reason = " ".join(reason.split())
    if not reason:
        raise OrderInvalid(
            _(
                "Indiquez le motif du refus : il est envoyé à la personne qui a préparé la commande."
            ),
            field="reason",
        )
    order_id = order.pk
    return order_transition(
        order,
        states.REJECT,
        by=actor,
        now=now,
        reason=reason[:500],
        on_commit=[lambda: send_order_email.delay(order_id=order_id, kind="rejected")],
    )


def order_cancel(*, actor: Actor, order: Order, now: datetime, reason: str = "") -> Order:
    """Cancelled until paid; a card checkout still open is closed once the cancel commits, so
    that it can no longer take money for it."""
    from titresto.orders.services.payments import payments_close_open

    order_id = order.pk
    return order_transition(
        order,
        states.CANCEL,
        by=actor,
        now=now,
        reason=reason[:500],
        on_commit=[lambda: payments_close_open(order_id=order_id, by=actor, now=now)],
    )


TRANSFER_REFERENCE_PREFIX = "TR"
TRANSFER_ATTEMPTS = 10


def _transfer_reference() -> str:
    """What the client writes on their transfer: short enough for any bank's field (18
    characters in SEPA's remittance fields are safe), nothing to misread."""
    return TRANSFER_REFERENCE_PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(10)).upper()


def order_choose_transfer(*, actor: Actor, order: Order, now: datetime) -> Order:
    """« Payer par virement »: the order keeps waiting, now for the funds, under a reference
    of its own. Asking again shows the same reference; a card payment stays possible."""
    with transaction.atomic():
        order = order_locked(client=actor.client, order=order)
        if order.status != Order.Status.AWAITING_PAYMENT:
            raise OrderInvalid(
                _("Cette commande n'attend pas de paiement : son statut est « %(status)s ».")
                % {"status": order.status_label}
            )
        if order.transfer_reference:
            return order
        for _attempt in range(TRANSFER_ATTEMPTS):
            try:
                with transaction.atomic():
                    order.transfer_reference = _transfer_reference()
                    order.payment_method = Order.PaymentMethod.TRANSFER
                    order.updated_at = now
                    order.save(update_fields=["transfer_reference", "payment_method", "updated_at"])
                    break
            except IntegrityError:
                continue
        else:
            raise RuntimeError("no free transfer reference")
        audit_record(
            actor_user=actor.user,
            action="order.transfer_chosen",
            now=now,
            client=order.client,
            target=order,
            data={"number": order.number, "reference": order.transfer_reference},
        )
        order_id = order.pk
        transaction.on_commit(lambda: order_awaits_transfer.send(sender=Order, order_id=order_id))
    return order


def _announce_paid(order_id: int) -> None:
    order_paid.send(sender=Order, order_id=order_id)


def order_mark_paid(*, order: Order, by: Author, method: str, now: datetime) -> Order:
    """The provider confirmed the payment (or the issuer's staff recorded the transfer): the
    order is « payée », and the client's first paid order unlocks its account's management."""
    from titresto.orders.tasks import send_order_email

    with transaction.atomic():
        order_id = order.pk
        paid = order_transition(
            order,
            states.PAY,
            by=by,
            now=now,
            changes={"paid_at": now, "payment_method": method},
            on_commit=[
                lambda: send_order_email.delay(order_id=order_id, kind="paid"),
                lambda: _announce_paid(order_id),
            ],
        )
        Client.objects.filter(pk=paid.client_id, first_order_paid_at__isnull=True).update(
            first_order_paid_at=now
        )
    return paid
