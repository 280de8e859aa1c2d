"""Paying an order: the sandbox's hosted page through HTTP (success, refusal, 3-D Secure,
abandon), its signed events (replayed, forged, out of order), Stripe Checkout behind the same
interface (its session's creation and its webhook), and transfers recorded by the staff."""

import time
from types import SimpleNamespace

import pytest
import stripe
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import ContractFactory, actor_for
from titresto.clients.models import Client
from titresto.core.bank import bic_is_valid, iban_is_valid
from titresto.core.models import AuditEvent
from titresto.core.signing import sign
from titresto.orders import checks
from titresto.orders.models import Order, PaymentAttempt, PaymentEvent, SandboxCheckout
from titresto.orders.payments.sandbox import SIGNATURE_HEADER
from titresto.orders.payments.stripe_checkout import StripeCheckout
from titresto.orders.services.orders import order_cancel, order_choose_transfer
from titresto.orders.services.payments import (
    PaymentUnavailable,
    ReturnUrls,
    TransferRefused,
    payment_start,
    transfer_record,
)
from titresto.orders.tests.payment_helpers import (
    STRIPE_TEST_SECRET,
    payable,
    sandbox_body,
    stripe_body,
    stripe_signature,
)

pytestmark = pytest.mark.django_db
Status = PaymentAttempt.Status
SUCCESS, CHALLENGE, DECLINED, NO_FUNDS = (
    "4242 4242 4242 4242",
    "4000 0000 0000 3220",
    "4000 0000 0000 0002",
    "4000 0000 0000 9995",
)


@pytest.fixture(autouse=True)
def contract(tenant):
    return ContractFactory(client=tenant)


@pytest.fixture
def admin(client_admin):
    return actor_for(client_admin)


@pytest.fixture
def http(client_admin, signed_in):
    return signed_in(client_admin)


def _pay(http, order):
    """« Payer par carte »: the redirect to the sandbox's page."""
    response = http.post(reverse("orders:pay", args=[order.public_id]))
    assert response.status_code == 302
    return response["Location"]


def _card(http, checkout_url, number, expiry="12/30", cvc="123"):
    return http.post(checkout_url, {"number": number, "expiry": expiry, "cvc": cvc})


def _attempt(order):
    return PaymentAttempt.objects.get(order=order)


def test_a_card_payment_makes_the_order_paid_at_once(admin, http):
    order = payable(admin)
    checkout_url = _pay(http, order)
    page = http.get(checkout_url).content.decode()
    assert "Payer par carte" in page and "Bac à sable" in page

    back = _card(http, checkout_url, SUCCESS)
    landed = http.get(back["Location"], follow=True).content.decode()

    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.payment_method == "CARD"
    assert "Paiement accepté" in landed and 'data-testid="paid"' in landed
    assert _attempt(order).status == Status.SUCCEEDED
    assert PaymentEvent.objects.get().outcome == "order paid"
    assert Client.objects.get(pk=order.client_id).first_order_paid_at is not None
    assert list(order.events.values_list("event", flat=True)) == ["create", "submit", "pay"]


def test_a_double_click_on_pay_gives_the_same_checkout(admin, http):
    order = payable(admin)

    first, second = _pay(http, order), _pay(http, order)

    assert first == second
    assert PaymentAttempt.objects.count() == SandboxCheckout.objects.count() == 1


@pytest.mark.parametrize(
    ("number", "reason"),
    [(DECLINED, "La banque a refusé la carte."), (NO_FUNDS, "Les fonds disponibles")],
)
def test_a_refused_card_leaves_the_order_payable_and_says_why(admin, http, number, reason):
    order = payable(admin)
    checkout_url = _pay(http, order)

    refused = http.get(_card(http, checkout_url, number)["Location"]).content.decode()
    assert "Paiement refusé" in refused and reason in refused
    cancel = http.post(
        reverse("payments:sandbox_cancel", args=[_attempt(order).provider_reference])
    )
    page = http.get(cancel["Location"], follow=True).content.decode()

    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert _attempt(order).status == Status.FAILED and reason in _attempt(order).failure_reason
    assert "Le paiement a été refusé" in page and 'data-testid="card-refused"' in page
    # Paying again opens a new checkout, and this one succeeds.
    retry = _pay(http, order)
    assert retry != checkout_url
    http.get(_card(http, retry, SUCCESS)["Location"])
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


def test_3d_secure_confirmed_pays_and_failed_refuses(admin, http):
    order, other = payable(admin), payable(admin)
    challenge = _card(http, _pay(http, order), CHALLENGE)["Location"]
    assert "Confirmez ce paiement" in http.get(challenge).content.decode()
    http.get(http.post(challenge, {"answer": "confirm"})["Location"])

    failed = _card(http, _pay(http, other), CHALLENGE)["Location"]
    http.post(failed, {"answer": "fail"})

    order.refresh_from_db()
    other.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert other.status == Order.Status.AWAITING_PAYMENT
    assert "3-D Secure a échoué" in _attempt(other).failure_reason


def test_an_abandoned_checkout_is_closed_and_the_order_stays_payable(admin, http):
    order = payable(admin)
    checkout_url = _pay(http, order)
    reference = _attempt(order).provider_reference

    cancel = http.post(reverse("payments:sandbox_cancel", args=[reference]))
    page = http.get(cancel["Location"], follow=True).content.decode()

    assert "Paiement abandonné" in page
    assert _attempt(order).status == Status.ABANDONED
    assert SandboxCheckout.objects.get().status == SandboxCheckout.Status.CANCELLED
    assert _card(http, checkout_url, SUCCESS).status_code == 200  # closed: nothing to pay
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert _pay(http, order) != checkout_url


def test_the_sandbox_page_explains_a_wrong_card_and_charges_nothing(admin, http):
    order = payable(admin)
    checkout_url = _pay(http, order)

    response = _card(http, checkout_url, "5555 5555 5555 4444", expiry="13/30", cvc="12")

    page = response.content.decode()
    assert response.status_code == 200
    assert "carte de test" in page and "MM/AA" in page and "3 chiffres" in page
    assert _attempt(order).status == Status.PENDING and not PaymentEvent.objects.exists()


def test_an_empty_card_form_says_what_to_type_in_each_field(admin, http):
    page = http.post(_pay(http, payable(admin)), {}).content.decode()

    assert "16 chiffres" in page and "MM/AA" in page and "au dos de la carte" in page
    assert "Ce champ est obligatoire" not in page


def _sandbox_webhook(http, body, secret=None):
    return http.post(
        reverse("payments:webhook", args=["sandbox"]),
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: sign(body, secret or settings.PAYMENT_SANDBOX_SECRET)},
    )


def test_a_replayed_event_pays_once(admin, http, client):
    order = payable(admin)
    _pay(http, order)
    attempt = _attempt(order)
    body = sandbox_body(
        attempt.provider_reference, attempt.amount_cents, "checkout.completed", "evt_1"
    )

    first, again = _sandbox_webhook(client, body), _sandbox_webhook(client, body)

    assert first.json() == {"outcome": "order paid"} and again.json() == {"outcome": "replayed"}
    assert PaymentEvent.objects.count() == 1
    assert order.events.filter(event="pay").count() == 1


def test_a_forged_event_is_refused_and_not_stored(admin, http, client):
    order = payable(admin)
    _pay(http, order)
    attempt = _attempt(order)
    body = sandbox_body(
        attempt.provider_reference, attempt.amount_cents, "checkout.completed", "evt_1"
    )

    forged = _sandbox_webhook(client, body, secret="not-the-secret")
    unsigned = client.post(
        reverse("payments:webhook", args=["sandbox"]), data=body, content_type="application/json"
    )

    assert forged.status_code == unsigned.status_code == 400
    assert not PaymentEvent.objects.exists()
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT


def test_events_out_of_order_never_undo_a_payment(admin, http, client):
    order = payable(admin)
    _pay(http, order)
    attempt = _attempt(order)
    reference, amount = attempt.provider_reference, attempt.amount_cents

    _sandbox_webhook(client, sandbox_body(reference, amount, "checkout.completed", "evt_1"))
    late = _sandbox_webhook(client, sandbox_body(reference, amount, "checkout.expired", "evt_0"))

    assert late.json()["outcome"] == "ignored: attempt already SUCCEEDED"
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and PaymentEvent.objects.count() == 2


def test_a_late_confirmation_of_an_abandoned_checkout_still_pays(admin, http, client):
    order = payable(admin)
    _pay(http, order)
    attempt = _attempt(order)
    http.get(reverse("orders:payment_abandon", args=[order.public_id, attempt.public_id]))
    body = sandbox_body(attempt.provider_reference, attempt.amount_cents, "checkout.completed", "e")

    assert _sandbox_webhook(client, body).json() == {"outcome": "order paid"}


def test_money_for_an_order_no_longer_payable_is_to_be_refunded(admin, http, client):
    order, other = payable(admin), payable(admin)
    _pay(http, order)
    _pay(http, other)
    cancelled, attempt = order_cancel(actor=admin, order=order, now=timezone.now()), _attempt(order)
    wrong = _attempt(other)

    _sandbox_webhook(
        client,
        sandbox_body(attempt.provider_reference, attempt.amount_cents, "checkout.completed", "a"),
    )
    _sandbox_webhook(
        client,
        sandbox_body(wrong.provider_reference, wrong.amount_cents - 1, "checkout.completed", "b"),
    )

    attempt.refresh_from_db()
    wrong.refresh_from_db()
    assert attempt.status == wrong.status == Status.REFUND_DUE
    assert "Annulée" in attempt.failure_reason and "au lieu de" in wrong.failure_reason
    assert cancelled.status == Order.Status.CANCELLED
    other.refresh_from_db()
    assert other.status == Order.Status.AWAITING_PAYMENT
    assert AuditEvent.objects.filter(action="order.payment_to_refund").count() == 2


def test_only_an_order_awaiting_payment_can_be_paid(admin, http):
    from titresto.orders.tests.order_helpers import draft_with

    draft = draft_with(admin)

    response = http.post(reverse("orders:pay", args=[draft.public_id]), follow=True)

    assert "attend pas de paiement" in response.content.decode()
    assert not PaymentAttempt.objects.exists()


def test_the_sandbox_is_closed_when_stripe_is_the_provider(admin, http, client, settings):
    order = payable(admin)
    checkout_url = _pay(http, order)
    settings.PAYMENT_PROVIDER = "stripe"

    assert client.get(checkout_url).status_code == 404
    assert _sandbox_webhook(client, b"{}").status_code == 404


# --- Stripe Checkout ---------------------------------------------------------------------


class FakeSessions:
    """Stands for Stripe's API (outside: never reached from the tests)."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[dict, dict]] = []
        self.fail = fail

    def create(self, params, options):
        self.calls.append((params, options))
        if self.fail:
            raise stripe.APIConnectionError("network down")
        return SimpleNamespace(
            id="cs_test_123", url="https://checkout.stripe.com/c/pay/cs_test_123"
        )


@pytest.fixture
def stripe_api(monkeypatch, settings):
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_titresto"
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_TEST_SECRET
    sessions = FakeSessions()
    fake = SimpleNamespace(v1=SimpleNamespace(checkout=SimpleNamespace(sessions=sessions)))
    monkeypatch.setattr(StripeCheckout, "_client", lambda self: fake)
    return sessions


def _urls(attempt):
    return ReturnUrls(success="https://portail.example/ok", cancel="https://portail.example/ko")


def test_stripe_gets_one_checkout_session_per_attempt_with_its_idempotency_key(admin, stripe_api):
    order = payable(admin)

    attempt = payment_start(actor=admin, order=order, return_urls=_urls, now=timezone.now())
    again = payment_start(actor=admin, order=order, return_urls=_urls, now=timezone.now())

    assert again.pk == attempt.pk and len(stripe_api.calls) == 1
    params, options = stripe_api.calls[0]
    assert options == {"idempotency_key": attempt.idempotency_key}
    assert params["line_items"][0]["price_data"]["unit_amount"] == order.total_cents
    assert params["client_reference_id"] == attempt.public_id
    assert (attempt.provider, attempt.provider_reference) == ("STRIPE", "cs_test_123")
    assert attempt.checkout_url.startswith("https://checkout.stripe.com/")


def test_stripe_unreachable_leaves_nothing_and_says_so(admin, stripe_api):
    stripe_api.fail = True
    order = payable(admin)

    with pytest.raises(PaymentUnavailable, match="momentanément indisponible"):
        payment_start(actor=admin, order=order, return_urls=_urls, now=timezone.now())

    assert not PaymentAttempt.objects.exists()


def _stripe_webhook(client, body, signature):
    return client.post(
        reverse("payments:webhook", args=["stripe"]),
        data=body,
        content_type="application/json",
        headers={"Stripe-Signature": signature},
    )


def test_stripes_webhook_pays_once_and_refuses_forged_or_stale_events(admin, stripe_api, client):
    order = payable(admin)
    attempt = payment_start(actor=admin, order=order, return_urls=_urls, now=timezone.now())
    paid = stripe_body("cs_test_123", attempt.amount_cents, "checkout.session.completed", "evt_1")

    forged = _stripe_webhook(client, paid, stripe_signature(paid, secret="whsec_forged"))
    stale = _stripe_webhook(client, paid, stripe_signature(paid, at=int(time.time()) - 3600))
    assert forged.status_code == stale.status_code == 400 and not PaymentEvent.objects.exists()

    valid = _stripe_webhook(client, paid, stripe_signature(paid))
    replayed = _stripe_webhook(client, paid, stripe_signature(paid))
    expired = stripe_body("cs_test_123", attempt.amount_cents, "checkout.session.expired", "evt_2")
    late = _stripe_webhook(client, expired, stripe_signature(expired))

    assert valid.json() == {"outcome": "order paid"}
    assert replayed.json() == {"outcome": "replayed"}
    assert late.json() == {"outcome": "ignored: attempt already SUCCEEDED"}
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.events.filter(event="pay").count() == 1


def test_stripes_asynchronous_outcomes(admin, stripe_api, client):
    order = payable(admin)
    attempt = payment_start(actor=admin, order=order, return_urls=_urls, now=timezone.now())
    unpaid = stripe_body(
        "cs_test_123", attempt.amount_cents, "checkout.session.completed", "e1", "unpaid"
    )
    failed = stripe_body(
        "cs_test_123", attempt.amount_cents, "checkout.session.async_payment_failed", "e2"
    )
    other = b'{"id": "e3", "object": "event", "type": "customer.created", "data": {"object": {}}}'

    outcomes = [
        _stripe_webhook(client, body, stripe_signature(body)).json()["outcome"]
        for body in (unpaid, failed, other)
    ]

    assert outcomes == ["ignored: nothing to do for this event", "attempt FAILED", outcomes[0]]
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT


# --- bank transfers ------------------------------------------------------------------------


def test_a_transfer_of_the_exact_amount_pays_the_order(admin, issuer_agent):
    order = order_choose_transfer(actor=admin, order=payable(admin), now=timezone.now())

    paid = transfer_record(
        staff=issuer_agent,
        reference=order.transfer_reference.lower(),
        amount_cents=order.total_cents,
        received_on=timezone.localdate(),
        now=timezone.now(),
    )

    assert paid.status == Order.Status.PAID and paid.payment_method == "TRANSFER"
    assert AuditEvent.objects.filter(action="order.transfer_recorded").exists()


@pytest.mark.parametrize(
    ("change", "said"), [(-100, "inférieur de 1,00"), (2345, "dépasse de 23,45")]
)
def test_a_partial_or_excess_transfer_is_refused_and_changes_nothing(
    admin, issuer_agent, change, said
):
    order = order_choose_transfer(actor=admin, order=payable(admin), now=timezone.now())

    with pytest.raises(TransferRefused, match=said):
        transfer_record(
            staff=issuer_agent,
            reference=order.transfer_reference,
            amount_cents=order.total_cents + change,
            received_on=timezone.localdate(),
            now=timezone.now(),
        )

    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT


def test_a_transfer_for_an_unknown_or_settled_reference_is_refused(admin, issuer_agent):
    order = order_choose_transfer(actor=admin, order=payable(admin), now=timezone.now())
    record = {"received_on": timezone.localdate(), "now": timezone.now(), "staff": issuer_agent}
    transfer_record(reference=order.transfer_reference, amount_cents=order.total_cents, **record)

    with pytest.raises(TransferRefused, match="Aucune commande"):
        transfer_record(reference="TRINCONNU000", amount_cents=100, **record)
    with pytest.raises(TransferRefused, match="n'attend pas de virement"):
        transfer_record(
            reference=order.transfer_reference, amount_cents=order.total_cents, **record
        )


# --- settings ------------------------------------------------------------------------------


def test_iban_and_bic_are_checked():
    assert iban_is_valid("FR76 3000 6000 0112 3456 7890 189")
    assert not iban_is_valid("FR76 3000 6000 0112 3456 7890 188")
    assert not iban_is_valid("not an iban")
    assert bic_is_valid("AGRIFRPPXXX") and bic_is_valid("BNPAFRPP")
    assert not bic_is_valid("AGRI")


def test_the_payment_settings_are_checked_at_start(settings):
    assert checks.payment_settings() == []
    settings.ISSUER = {**settings.ISSUER, "iban": "FR00 1234", "bic": "?"}
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = ""

    ids = [error.id for error in checks.payment_settings()]

    assert ids == ["titresto.orders.E001", "titresto.orders.E002", "titresto.orders.E004"]


def test_a_deployment_on_the_sandbox_is_refused_unless_allowed(settings):
    settings.PAYMENT_PROVIDER = "sandbox"
    assert [error.id for error in checks.sandbox_not_deployed()] == ["titresto.orders.E005"]
    settings.PAYMENT_SANDBOX_ALLOWED = True
    assert checks.sandbox_not_deployed() == []


def test_cancelling_the_order_closes_its_open_checkout(
    admin, http, django_capture_on_commit_callbacks
):
    order = payable(admin)
    checkout_url = _pay(http, order)

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(actor=admin, order=order, now=timezone.now())

    assert _attempt(order).status == Status.ABANDONED
    assert SandboxCheckout.objects.get().status == SandboxCheckout.Status.CANCELLED
    assert "plus valable" in http.get(checkout_url).content.decode()


def test_a_manager_may_give_up_an_attempt_but_never_settle_one(admin, http):
    from titresto.core.states import TransitionForbidden, transition
    from titresto.orders.states import ATTEMPT_MOVES

    _pay(http, payable(admin))
    attempt = PaymentAttempt.objects.get()

    with pytest.raises(TransitionForbidden):
        transition(attempt, Status.SUCCEEDED, table=ATTEMPT_MOVES, by=admin, now=timezone.now())
    moved = transition(attempt, Status.ABANDONED, table=ATTEMPT_MOVES, by=admin, now=timezone.now())

    assert moved.status == Status.ABANDONED
