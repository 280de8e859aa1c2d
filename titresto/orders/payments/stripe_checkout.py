"""Stripe Checkout behind the `PaymentProvider` interface, with the official `stripe` package.

One Checkout Session per attempt, created with the attempt's idempotency key (a retried
request gives the same session); outcomes come from the webhook, whose signature
`stripe.Webhook.construct_event` checks (`STRIPE_WEBHOOK_SECRET`, 5 minutes' tolerance). Set
`PAYMENT_PROVIDER=stripe`, `STRIPE_SECRET_KEY` and `STRIPE_WEBHOOK_SECRET`, and point the
account's webhook at /paiement/webhooks/stripe/ for the checkout.session.* events.
"""

import contextlib
from collections.abc import Mapping
from typing import Any

import stripe
from django.conf import settings

from titresto.orders.payments.models import Provider
from titresto.orders.payments.providers import (
    Checkout,
    CheckoutRequest,
    InvalidEvent,
    Outcome,
    ProviderEvent,
    ProviderUnavailable,
)

SIGNATURE_HEADER = "Stripe-Signature"
TIMEOUT_SECONDS = 15

EVENT_OUTCOMES = {
    # « completed » is paid at once for a card; an asynchronous method completes unpaid and
    # reports later with one of the two async events.
    "checkout.session.completed": Outcome.SUCCEEDED,
    "checkout.session.async_payment_succeeded": Outcome.SUCCEEDED,
    "checkout.session.async_payment_failed": Outcome.FAILED,
    "checkout.session.expired": Outcome.EXPIRED,
}


def _session_event(event_id: str, kind: str, session: Any) -> ProviderEvent:
    outcome = EVENT_OUTCOMES.get(kind)
    if outcome is Outcome.SUCCEEDED and session["payment_status"] != "paid":
        outcome = None
    return ProviderEvent(
        event_id=event_id,
        kind=kind,
        reference=str(session["id"]),
        outcome=outcome,
        amount_cents=session.get("amount_total"),
        reason="" if outcome is not Outcome.FAILED else "async_payment_failed",
    )


class StripeCheckout:
    code = Provider.STRIPE
    label = "Stripe"

    def _client(self) -> stripe.StripeClient:
        return stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
            max_network_retries=2,
        )

    def start(self, request: CheckoutRequest) -> Checkout:
        try:
            session = self._client().v1.checkout.sessions.create(
                params={  # type: ignore[arg-type]  # a plain dict, checked by Stripe
                    "mode": "payment",
                    "payment_method_types": ["card"],
                    "line_items": [
                        {
                            "quantity": 1,
                            "price_data": {
                                "currency": "eur",
                                "unit_amount": request.amount_cents,
                                "product_data": {"name": request.description},
                            },
                        }
                    ],
                    "client_reference_id": request.client_reference,
                    "metadata": {"attempt": request.client_reference},
                    "success_url": request.success_url,
                    "cancel_url": request.cancel_url,
                    "expires_at": int(request.expires_at.timestamp()),
                    "locale": "auto",
                },
                options={"idempotency_key": request.idempotency_key},
            )
        except stripe.StripeError as error:
            raise ProviderUnavailable(str(error)) from error
        return Checkout(reference=session.id, url=str(session.url))

    def parse_event(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        try:
            event = stripe.Webhook.construct_event(
                body, headers.get(SIGNATURE_HEADER, ""), settings.STRIPE_WEBHOOK_SECRET
            ).to_dict()
        except (ValueError, stripe.SignatureVerificationError) as error:
            raise InvalidEvent(str(error)) from error
        data = event.get("data", {}).get("object", {})
        if not str(event["type"]).startswith("checkout.session.") or "id" not in data:
            return ProviderEvent(
                event_id=event["id"], kind=event["type"], reference="", outcome=None
            )
        return _session_event(event["id"], event["type"], data)

    def fetch(self, reference: str) -> ProviderEvent | None:
        try:
            session = self._client().v1.checkout.sessions.retrieve(reference).to_dict()
        except stripe.StripeError:
            return None  # the webhook will tell
        if session["status"] == "complete" and session["payment_status"] == "paid":
            return _session_event(f"{reference}:complete", "checkout.session.completed", session)
        if session["status"] == "expired":
            return _session_event(f"{reference}:expired", "checkout.session.expired", session)
        return None

    def cancel(self, reference: str) -> None:
        # Already complete or expired: its event says which.
        with contextlib.suppress(stripe.StripeError):
            self._client().v1.checkout.sessions.expire(reference)
