"""Paying an order: by card at the provider's hosted page, or by bank transfer recorded by the
issuer's staff. Only `order_mark_paid` makes an order « payée ».

A card payment is a `PaymentAttempt`; it is settled by the provider's events, each stored
before it acts (`payment_event_receive`), so that a replayed event is a no-op and one that
comes too late or out of order is kept with what it did, never applied twice.
"""

import contextlib
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from titresto.core.actors import Actor
from titresto.core.audit import audit_record
from titresto.core.errors import DomainError
from titresto.core.money import format_eur
from titresto.core.states import Author, TransitionRefused, transition
from titresto.orders import states
from titresto.orders.models import Order, PaymentAttempt, PaymentEvent
from titresto.orders.payments.providers import (
    CheckoutRequest,
    Outcome,
    PaymentProvider,
    ProviderEvent,
    ProviderUnavailable,
    current_provider,
    provider_for,
)
from titresto.orders.services.orders import OrderInvalid, order_locked, order_mark_paid

# Stripe accepts a checkout's expiry between 30 minutes and 24 hours ahead.
ATTEMPT_LIFETIME = timedelta(hours=1)
Status = PaymentAttempt.Status


class PaymentUnavailable(DomainError):
    code = "payment_unavailable"
    status = 503


class TransferRefused(DomainError):
    code = "transfer_refused"


@dataclass(frozen=True)
class ReturnUrls:
    success: str
    cancel: str


def _awaiting_payment(order: Order) -> None:
    if order.status != Order.Status.AWAITING_PAYMENT:
        raise OrderInvalid(
            _("Cette commande n'attend pas de paiement : son statut est « %(status)s ».")
            % {"status": order.status_label}
        )


def payment_start(
    *,
    actor: Actor,
    order: Order,
    return_urls: Callable[[PaymentAttempt], ReturnUrls],
    now: datetime,
    provider: PaymentProvider | None = None,
) -> PaymentAttempt:
    """« Payer par carte »: the attempt whose hosted page the manager is sent to.

    A checkout still open for the same amount is given again (a double click, a second tab,
    the back button), so that one order never has two live checkouts. The order stays locked
    while the provider creates the checkout: a failure there leaves nothing behind.
    """
    provider = provider or current_provider()
    with transaction.atomic():
        order = order_locked(client=actor.client, order=order)
        _awaiting_payment(order)
        open_attempt = (
            PaymentAttempt.objects.filter(
                order=order,
                client=order.client,
                provider=provider.code,
                status=Status.PENDING,
                amount_cents=order.total_cents,
                expires_at__gt=now + timedelta(minutes=5),
            )
            .order_by("-created_at")
            .first()
        )
        if open_attempt is not None:
            return open_attempt
        attempt = PaymentAttempt(
            client=order.client,
            order=order,
            provider=provider.code,
            amount_cents=order.total_cents,
            idempotency_key=secrets.token_hex(16),
            expires_at=now + ATTEMPT_LIFETIME,
            created_by=actor.user,
            created_at=now,
        )
        urls = return_urls(attempt)
        try:
            checkout = provider.start(
                CheckoutRequest(
                    amount_cents=attempt.amount_cents,
                    description=_("Commande %(number)s") % {"number": order.number},
                    client_reference=attempt.public_id,
                    idempotency_key=attempt.idempotency_key,
                    success_url=urls.success,
                    cancel_url=urls.cancel,
                    expires_at=attempt.expires_at,
                )
            )
        except ProviderUnavailable as error:
            raise PaymentUnavailable(
                _(
                    "Le paiement par carte est momentanément indisponible : rien n'a été débité. "
                    "Réessayez dans quelques minutes, ou payez par virement."
                )
            ) from error
        attempt.provider_reference = checkout.reference
        attempt.checkout_url = checkout.url
        attempt.save()
        audit_record(
            actor_user=actor.user,
            action="order.payment_started",
            now=now,
            client=order.client,
            target=order,
            data={"number": order.number, "provider": provider.code, "amount": order.total_cents},
        )
    return attempt


def payment_event_receive(
    *, provider: str, body: bytes, headers: Mapping[str, str], now: datetime
) -> str:
    """A provider's webhook: checked (`InvalidEvent` when the signature is wrong: nothing is
    stored), stored under its own id, then applied in the same transaction. Returns what it
    did. A replay finds its id taken and does nothing."""
    event = provider_for(provider).parse_event(body, headers)
    return _receive(provider, event, json.loads(body), now=now)


def _receive(provider: str, event: ProviderEvent, body: object, *, now: datetime) -> str:
    with transaction.atomic():
        try:
            with transaction.atomic():
                stored = PaymentEvent.objects.create(
                    provider=provider,
                    event_id=event.event_id,
                    kind=event.kind,
                    reference=event.reference,
                    body=body,
                    received_at=now,
                )
        except IntegrityError:
            return "replayed"
        stored.outcome = _apply(provider, event, now=now)[:300]
        stored.save(update_fields=["outcome"])
    return stored.outcome


def _apply(provider: str, event: ProviderEvent, *, now: datetime) -> str:
    if event.outcome is None:
        return "ignored: nothing to do for this event"
    attempt = (
        PaymentAttempt.objects.select_for_update()
        .filter(provider=provider, provider_reference=event.reference)
        .first()
    )
    if attempt is None:
        return "ignored: unknown checkout"
    label = provider_for(provider).label
    if event.outcome is Outcome.SUCCEEDED:
        return _succeeded(attempt, event, label=label, now=now)
    target = Status.FAILED if event.outcome is Outcome.FAILED else Status.ABANDONED
    if attempt.status != Status.PENDING:
        return f"ignored: attempt already {attempt.status}"
    reason = event.reason or (_("Paiement refusé.") if target == Status.FAILED else "")
    _settle(attempt, target, by=label, now=now, reason=reason)
    return f"attempt {target}"


def _settle(
    attempt: PaymentAttempt, target: str, *, by: Author, now: datetime, reason: str = ""
) -> None:
    transition(
        attempt,
        target,
        table=states.ATTEMPT_MOVES,
        by=by,
        now=now,
        reason=reason[:300],
        changes={"failure_reason": reason[:300]},
    )


def _succeeded(attempt: PaymentAttempt, event: ProviderEvent, *, label: str, now: datetime) -> str:
    if attempt.status not in (Status.PENDING, Status.ABANDONED):
        return f"ignored: attempt already {attempt.status}"
    order = Order.objects.select_for_update().get(pk=attempt.order_id)
    problem = ""
    if event.amount_cents != attempt.amount_cents:
        problem = _("montant confirmé %(paid)s au lieu de %(due)s") % {
            "paid": format_eur(event.amount_cents or 0),
            "due": format_eur(attempt.amount_cents),
        }
    elif order.status != Order.Status.AWAITING_PAYMENT or order.total_cents != attempt.amount_cents:
        problem = _("la commande était déjà « %(status)s »") % {"status": order.status_label}
    if problem:
        _settle(attempt, Status.REFUND_DUE, by=label, now=now, reason=problem)
        audit_record(
            actor_user=None,
            action="order.payment_to_refund",
            now=now,
            client=order.client,
            target=order,
            data={"number": order.number, "reference": attempt.provider_reference, "why": problem},
        )
        return f"refund due: {problem}"
    _settle(attempt, Status.SUCCEEDED, by=label, now=now)
    order_mark_paid(order=order, by=label, method=Order.PaymentMethod.CARD, now=now)
    return "order paid"


def payment_settle_on_return(*, attempt: PaymentAttempt, now: datetime) -> PaymentAttempt:
    """The manager is back from the provider's page before its event: ask the provider where
    the checkout stands, and apply the answer as an event of its own (stored, once)."""
    if attempt.status == Status.PENDING:
        provider = provider_for(attempt.provider)
        event = provider.fetch(attempt.provider_reference)
        if event is not None:
            _receive(attempt.provider, event, {"fetched": event.kind}, now=now)
            attempt.refresh_from_db()
    return attempt


def payment_abandon(*, actor: Actor, attempt: PaymentAttempt, now: datetime) -> PaymentAttempt:
    """Back from the provider's page without paying: its checkout is closed, so that it can
    no longer be paid, and the order stays payable by another attempt or by transfer."""
    provider = provider_for(attempt.provider)
    provider.cancel(attempt.provider_reference)
    attempt = payment_settle_on_return(attempt=attempt, now=now)
    if attempt.status == Status.PENDING:
        with contextlib.suppress(TransitionRefused):  # settled meanwhile by its event
            _settle(attempt, Status.ABANDONED, by=actor, now=now)
        attempt.refresh_from_db()
    return attempt


def payments_close_open(*, order_id: int, by: Author, now: datetime) -> None:
    """The order was cancelled: each checkout still open is closed at its provider and the
    attempt abandoned (a payment that got through meanwhile is then « à rembourser »)."""
    for attempt in PaymentAttempt.objects.filter(order_id=order_id, status=Status.PENDING):
        provider_for(attempt.provider).cancel(attempt.provider_reference)
        with contextlib.suppress(TransitionRefused):  # settled meanwhile by its event
            _settle(attempt, Status.ABANDONED, by=by, now=now, reason=_("Commande annulée"))


def transfer_record(
    *, staff: AbstractBaseUser, reference: str, amount_cents: int, received_on: date, now: datetime
) -> Order:
    """The issuer's staff saw a transfer on the bank statement: the order it names is paid
    when the amount is exactly its total. A partial or excess amount is refused with what to
    do; nothing changes then."""
    reference = "".join(reference.split()).upper()
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(transfer_reference=reference).first()
        if order is None:
            raise TransferRefused(
                _(
                    "Aucune commande n'a la référence de virement %(reference)s : vérifiez-la sur "
                    "le relevé (elle commence par TR et compte 12 caractères)."
                )
                % {"reference": reference or "—"},
                field="reference",
            )
        if not order.awaits_transfer:
            raise TransferRefused(
                _(
                    "La commande %(number)s n'attend pas de virement : son statut est « %(status)s »."
                )
                % {"number": order.number, "status": order.status_label},
                field="reference",
            )
        difference = amount_cents - order.total_cents
        if difference:
            raise TransferRefused(
                (
                    _(
                        "Le virement reçu (%(received)s) est inférieur de %(gap)s au total de la "
                        "commande %(number)s (%(total)s) : ne l'enregistrez pas, demandez au client "
                        "de virer le complément."
                    )
                    if difference < 0
                    else _(
                        "Le virement reçu (%(received)s) dépasse de %(gap)s le total de la "
                        "commande %(number)s (%(total)s) : ne l'enregistrez pas, le trop-perçu "
                        "doit être remboursé au client."
                    )
                )
                % {
                    "received": format_eur(amount_cents),
                    "gap": format_eur(abs(difference)),
                    "number": order.number,
                    "total": format_eur(order.total_cents),
                },
                field="amount",
            )
        paid = order_mark_paid(order=order, by=staff, method=Order.PaymentMethod.TRANSFER, now=now)
        audit_record(
            actor_user=staff,
            action="order.transfer_recorded",
            now=now,
            client=order.client,
            target=order,
            data={
                "number": order.number,
                "reference": reference,
                "amount": amount_cents,
                "received_on": received_on.isoformat(),
            },
        )
    return paid
