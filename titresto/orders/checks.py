"""Start-up checks of the payment settings: a wrong IBAN would send clients' money nowhere, and
the sandbox in a deployment would mark orders paid without money."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

from titresto.core.bank import bic_is_valid, iban_is_valid
from titresto.orders.payments.models import Provider


@register()
def payment_settings(**_kwargs: Any) -> list[Error]:
    errors = []
    if not iban_is_valid(settings.ISSUER["iban"]):
        errors.append(
            Error("ISSUER_IBAN is not a valid IBAN (check digits).", id="titresto.orders.E001")
        )
    if not bic_is_valid(settings.ISSUER["bic"]):
        errors.append(Error("ISSUER_BIC is not a valid BIC.", id="titresto.orders.E002"))
    if settings.PAYMENT_PROVIDER.upper() not in Provider.values:
        errors.append(
            Error("PAYMENT_PROVIDER must be sandbox or stripe.", id="titresto.orders.E003")
        )
    if settings.PAYMENT_PROVIDER == "stripe" and not (
        settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET
    ):
        errors.append(
            Error(
                "PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.",
                id="titresto.orders.E004",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def sandbox_not_deployed(**_kwargs: Any) -> list[Error]:
    if settings.PAYMENT_PROVIDER == "sandbox" and not settings.PAYMENT_SANDBOX_ALLOWED:
        return [
            Error(
                "PAYMENT_PROVIDER=sandbox in a deployment: its test cards would mark orders paid "
                "without money. Use stripe, or set PAYMENT_SANDBOX_ALLOWED=true for a demo.",
                id="titresto.orders.E005",
            )
        ]
    return []
