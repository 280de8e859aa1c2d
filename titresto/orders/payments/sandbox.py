"""The built-in sandbox: a payment provider that behaves like a hosted payment page, offline.

It keeps its checkouts in its own table (`SandboxCheckout`, as Stripe keeps its sessions),
serves its page at /paiement/bac-a-sable/<reference>/ (`sandbox_views`), and reports each
outcome with a signed event delivered to the same handler as the webhook endpoint, in
process, before sending the payer back. Its test cards are Stripe's, so that a newcomer's
habits carry over.
"""

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from titresto.core.signing import sign, signature_is_valid
from titresto.orders.payments.models import Provider, SandboxCheckout
from titresto.orders.payments.providers import (
    Checkout,
    CheckoutRequest,
    InvalidEvent,
    Outcome,
    ProviderEvent,
)

StrOrPromise = str | Promise


SIGNATURE_HEADER = "Sandbox-Signature"


class CardBehaviour(StrEnum):
    SUCCEEDS = "succeeds"
    CHALLENGE = "challenge"  # 3-D Secure: the bank asks the payer to confirm
    DECLINED = "declined"
    INSUFFICIENT_FUNDS = "insufficient_funds"


@dataclass(frozen=True)
class TestCard:
    number: str
    behaviour: CardBehaviour
    label: StrOrPromise


TEST_CARDS = [
    TestCard("4242424242424242", CardBehaviour.SUCCEEDS, _("paiement accepté")),
    TestCard("4000000000003220", CardBehaviour.CHALLENGE, _("authentification 3-D Secure")),
    TestCard("4000000000000002", CardBehaviour.DECLINED, _("carte refusée")),
    TestCard("4000000000009995", CardBehaviour.INSUFFICIENT_FUNDS, _("fonds insuffisants")),
]
CARDS_BY_NUMBER = {card.number: card for card in TEST_CARDS}

DECLINE_REASONS = {
    CardBehaviour.DECLINED: _("La banque a refusé la carte."),
    CardBehaviour.INSUFFICIENT_FUNDS: _("Les fonds disponibles sur la carte sont insuffisants."),
}
CHALLENGE_FAILED = _("L'authentification 3-D Secure a échoué.")

EVENT_OUTCOMES = {
    "checkout.completed": Outcome.SUCCEEDED,
    "checkout.declined": Outcome.FAILED,
    "checkout.expired": Outcome.EXPIRED,
}
STATUS_OUTCOMES: dict[str, Outcome] = {
    SandboxCheckout.Status.COMPLETE: Outcome.SUCCEEDED,
    SandboxCheckout.Status.DECLINED: Outcome.FAILED,
    SandboxCheckout.Status.CANCELLED: Outcome.EXPIRED,
}


class Sandbox:
    code = Provider.SANDBOX

    @property
    def label(self) -> str:
        return str(_("Bac à sable"))

    def start(self, request: CheckoutRequest) -> Checkout:
        """Creates the checkout; the same idempotency key gives back the same checkout."""
        try:
            with transaction.atomic():
                checkout = SandboxCheckout.objects.create(
                    reference=f"cs_sandbox_{secrets.token_hex(12)}",
                    idempotency_key=request.idempotency_key,
                    amount_cents=request.amount_cents,
                    description=request.description,
                    merchant=settings.ISSUER["name"],
                    success_url=request.success_url,
                    cancel_url=request.cancel_url,
                    expires_at=request.expires_at,
                    created_at=timezone.now(),
                )
        except IntegrityError:
            checkout = SandboxCheckout.objects.get(idempotency_key=request.idempotency_key)
        return Checkout(
            reference=checkout.reference,
            url=reverse("payments:sandbox_checkout", args=[checkout.reference]),
        )

    def parse_event(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        header = headers.get(SIGNATURE_HEADER, "")
        if not signature_is_valid(body, header, settings.PAYMENT_SANDBOX_SECRET):
            raise InvalidEvent("bad signature")
        try:
            event = json.loads(body)
            data = event["data"]
            return ProviderEvent(
                event_id=str(event["id"]),
                kind=str(event["type"]),
                reference=str(data["reference"]),
                outcome=EVENT_OUTCOMES.get(event["type"]),
                amount_cents=int(data["amount_cents"]),
                reason=str(data.get("reason", "")),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidEvent("not an event") from error

    def fetch(self, reference: str) -> ProviderEvent | None:
        checkout = SandboxCheckout.objects.filter(reference=reference).first()
        if checkout is None or checkout.status not in STATUS_OUTCOMES:
            return None
        return ProviderEvent(
            event_id=f"{reference}:{checkout.status.lower()}",
            kind=f"checkout.fetched.{checkout.status.lower()}",
            reference=reference,
            outcome=STATUS_OUTCOMES[SandboxCheckout.Status(checkout.status)],
            amount_cents=checkout.amount_cents,
            reason=checkout.decline_reason,
        )

    def cancel(self, reference: str) -> None:
        SandboxCheckout.objects.filter(
            reference=reference,
            status__in=[SandboxCheckout.Status.OPEN, SandboxCheckout.Status.CHALLENGE],
        ).update(status=SandboxCheckout.Status.CANCELLED)


def sandbox_event(checkout: SandboxCheckout, kind: str, *, reason: str = "") -> tuple[bytes, str]:
    """The event the sandbox sends about `checkout`, and its signature header's value."""
    body = json.dumps(
        {
            "id": f"evt_sandbox_{secrets.token_hex(12)}",
            "type": kind,
            "created": int(timezone.now().timestamp()),
            "data": {
                "reference": checkout.reference,
                "amount_cents": checkout.amount_cents,
                "reason": reason,
            },
        }
    ).encode()
    return body, sign(body, settings.PAYMENT_SANDBOX_SECRET)


def sandbox_deliver(checkout: SandboxCheckout, kind: str, *, reason: str = "") -> None:
    """What a real provider does over HTTP, in process: the portal's webhook handler gets the
    signed event before the payer is sent back, so the order is paid when they land."""
    from titresto.orders.services.payments import payment_event_receive

    body, signature = sandbox_event(checkout, kind, reason=reason)
    payment_event_receive(
        provider=Provider.SANDBOX,
        body=body,
        headers={SIGNATURE_HEADER: signature},
        now=timezone.now(),
    )
