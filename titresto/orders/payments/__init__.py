"""Paying an order: the `PaymentProvider` interface, its built-in sandbox and Stripe Checkout.

The portal never sees a card number: the manager is sent to the provider's hosted page, and
the provider tells us the outcome by a signed event (a webhook), which is stored before it acts
(`orders.services.payments`).
"""
