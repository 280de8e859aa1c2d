"""The sandbox's hosted payment page: what Stripe's page does, offline, with test cards.

It is the provider's site, not the portal's: public (it knows the checkout by its unguessable
reference, never the manager's session), and served only while the sandbox is the payment
provider. Each outcome is reported to the portal by a signed event before the payer is sent
back (`sandbox.sandbox_deliver`).
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from titresto.core.forms import PortalForm
from titresto.orders.payments.models import SandboxCheckout
from titresto.orders.payments.sandbox import (
    CARDS_BY_NUMBER,
    CHALLENGE_FAILED,
    DECLINE_REASONS,
    TEST_CARDS,
    CardBehaviour,
    sandbox_deliver,
)

Status = SandboxCheckout.Status


class CardForm(PortalForm):
    number = forms.CharField(
        label=gettext_lazy("Numéro de carte"),
        max_length=23,
        widget=forms.TextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Saisissez le numéro de la carte (16 chiffres, au recto).")
        },
    )
    expiry = forms.CharField(
        label=gettext_lazy("Date d'expiration (MM/AA)"),
        max_length=5,
        widget=forms.TextInput(attrs={"autocomplete": "cc-exp", "inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Saisissez la date d'expiration au format MM/AA (ex. 12/30).")
        },
    )
    cvc = forms.CharField(
        label=gettext_lazy("Cryptogramme (3 chiffres au dos)"),
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "cc-csc", "inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Saisissez les 3 chiffres inscrits au dos de la carte.")
        },
    )

    def clean_number(self) -> str:
        number = "".join(self.cleaned_data["number"].split())
        if number not in CARDS_BY_NUMBER:
            raise forms.ValidationError(
                _(
                    "Ce numéro n'est pas une carte de test du bac à sable : utilisez une des "
                    "cartes listées sur cette page (aucune vraie carte n'est acceptée ici)."
                )
            )
        return number

    def clean_expiry(self) -> tuple[int, int]:
        text = self.cleaned_data["expiry"].strip()
        month, _slash, year = text.partition("/")
        if not (month.isdigit() and year.isdigit() and len(year) == 2 and 1 <= int(month) <= 12):
            raise forms.ValidationError(
                _("Saisissez la date d'expiration au format MM/AA (ex. 12/30).")
            )
        today = timezone.localdate()
        if (2000 + int(year), int(month)) < (today.year, today.month):
            raise forms.ValidationError(_("Cette carte a expiré : utilisez une date à venir."))
        return int(month), int(year)

    def clean_cvc(self) -> str:
        cvc = self.cleaned_data["cvc"].strip()
        if not (cvc.isdigit() and len(cvc) == 3):
            raise forms.ValidationError(_("Le cryptogramme compte 3 chiffres (ex. 123)."))
        return cvc


def _checkout(reference: str) -> SandboxCheckout:
    if settings.PAYMENT_PROVIDER != "sandbox":
        raise Http404
    checkout = SandboxCheckout.objects.filter(reference=reference[:64]).first()
    if checkout is None:
        raise Http404
    if checkout.status in (Status.OPEN, Status.CHALLENGE) and checkout.expires_at <= timezone.now():
        checkout.status = Status.CANCELLED
        checkout.save(update_fields=["status"])
        sandbox_deliver(checkout, "checkout.expired")
    return checkout


def _closed(request: HttpRequest, checkout: SandboxCheckout) -> HttpResponse:
    return render(request, "payments/sandbox_closed.html", {"checkout": checkout})


def _decline(checkout: SandboxCheckout, reason: str) -> HttpResponse:
    checkout.status = Status.DECLINED
    checkout.decline_reason = reason
    checkout.save(update_fields=["status", "decline_reason"])
    sandbox_deliver(checkout, "checkout.declined", reason=reason)
    return redirect("payments:sandbox_checkout", reference=checkout.reference)


def _complete(checkout: SandboxCheckout) -> HttpResponse:
    checkout.status = Status.COMPLETE
    checkout.save(update_fields=["status"])
    sandbox_deliver(checkout, "checkout.completed")
    return redirect(checkout.success_url)


@login_not_required
@require_http_methods(["GET", "POST"])
def sandbox_checkout(request: HttpRequest, reference: str) -> HttpResponse:
    with transaction.atomic():
        checkout = _checkout(reference)
        if checkout.status == Status.CHALLENGE:
            return redirect("payments:sandbox_challenge", reference=checkout.reference)
        if checkout.status != Status.OPEN:
            return _closed(request, checkout)
        form = CardForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            card = CARDS_BY_NUMBER[form.cleaned_data["number"]]
            checkout.last_four = card.number[-4:]
            checkout.save(update_fields=["last_four"])
            if card.behaviour is CardBehaviour.SUCCEEDS:
                return _complete(checkout)
            if card.behaviour is CardBehaviour.CHALLENGE:
                checkout.status = Status.CHALLENGE
                checkout.save(update_fields=["status"])
                return redirect("payments:sandbox_challenge", reference=checkout.reference)
            return _decline(checkout, str(DECLINE_REASONS[card.behaviour]))
    context = {"checkout": checkout, "form": form, "test_cards": TEST_CARDS}
    return render(request, "payments/sandbox_checkout.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def sandbox_challenge(request: HttpRequest, reference: str) -> HttpResponse:
    """The bank's 3-D Secure step: the payer confirms, or the authentication fails."""
    with transaction.atomic():
        checkout = _checkout(reference)
        if checkout.status != Status.CHALLENGE:
            return redirect("payments:sandbox_checkout", reference=checkout.reference)
        if request.method == "POST":
            if request.POST.get("answer") == "confirm":
                return _complete(checkout)
            return _decline(checkout, str(CHALLENGE_FAILED))
    return render(request, "payments/sandbox_challenge.html", {"checkout": checkout})


@login_not_required
@require_POST
def sandbox_cancel(request: HttpRequest, reference: str) -> HttpResponse:
    """« Annuler et revenir » (or « Revenir » after a refusal): back to the merchant, unpaid."""
    with transaction.atomic():
        checkout = _checkout(reference)
        if checkout.status in (Status.OPEN, Status.CHALLENGE):
            checkout.status = Status.CANCELLED
            checkout.save(update_fields=["status"])
    return redirect(checkout.cancel_url)
