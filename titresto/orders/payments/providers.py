"""The one interface every card payment provider implements, and the setting that picks one.

`PAYMENT_PROVIDER=sandbox` (the default: `make run`, the demo, the tests) or `stripe`. A
provider creates a hosted checkout for an amount, says what a signed event it sent means, can
tell where a checkout stands (for the manager's return, when its event is slow) and can close
one the manager gave up. It knows nothing of orders: `orders.services.payments` does the rest.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from django.conf import settings

from titresto.orders.payments.models import Provider


class Outcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"


@dataclass(frozen=True)
class CheckoutRequest:
    amount_cents: int
    description: str  # « Commande CMD-2026-000123 », shown on the provider's page
    client_reference: str  # the attempt's public id, echoed back in the provider's events
    idempotency_key: str
    success_url: str
    cancel_url: str
    expires_at: datetime


@dataclass(frozen=True)
class Checkout:
    reference: str  # the provider's id of the checkout
    url: str  # its hosted page, where the manager is sent


@dataclass(frozen=True)
class ProviderEvent:
    """What a provider's event says of one checkout. `outcome` is None for an event the portal
    has nothing to do with (it is stored all the same)."""

    event_id: str
    kind: str
    reference: str
    outcome: Outcome | None
    amount_cents: int | None = None
    reason: str = ""


class InvalidEvent(Exception):
    """A body whose signature does not check, or that is not an event: refused, not stored."""


class ProviderUnavailable(Exception):
    """The provider could not be reached or refused the request; nothing was charged."""


class PaymentProvider(Protocol):
    code: Provider

    @property
    def label(self) -> str: ...

    def start(self, request: CheckoutRequest) -> Checkout: ...

    def parse_event(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent: ...

    def fetch(self, reference: str) -> ProviderEvent | None:
        """Where the checkout stands now, as an event, or None while it is still open."""
        ...

    def cancel(self, reference: str) -> None:
        """Closes an open checkout so that it can no longer be paid (no-op once it ended)."""
        ...


def provider_for(code: str) -> PaymentProvider:
    if code == Provider.STRIPE:
        from titresto.orders.payments.stripe_checkout import StripeCheckout

        return StripeCheckout()
    if code == Provider.SANDBOX:
        from titresto.orders.payments.sandbox import Sandbox

        return Sandbox()
    raise LookupError(code)


def current_provider() -> PaymentProvider:
    """The provider new payments go to. Events of a provider used before keep being read."""
    return provider_for(settings.PAYMENT_PROVIDER.upper())
