"""The providers' webhook endpoint: /paiement/webhooks/<provider>/."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from titresto.orders.payments.models import Provider
from titresto.orders.payments.providers import InvalidEvent
from titresto.orders.services.payments import payment_event_receive

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 256 * 1024


def _accepts(provider: str) -> bool:
    """Stripe's endpoint is always open (events of past payments keep coming); the sandbox's
    only while the sandbox is the provider, so that a deployment cannot be paid by it."""
    if provider == Provider.STRIPE:
        return True
    return provider == Provider.SANDBOX and settings.PAYMENT_PROVIDER == "sandbox"


@csrf_exempt  # the provider cannot send our CSRF token: its signature authenticates it
@login_not_required
@require_POST
def payment_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    code = provider.upper()
    if not _accepts(code):
        raise Http404
    if len(request.body) > MAX_BODY_BYTES:
        return JsonResponse({"error": "body too large"}, status=413)
    try:
        outcome = payment_event_receive(
            provider=code, body=request.body, headers=request.headers, now=timezone.now()
        )
    except InvalidEvent as error:
        log.warning("payment webhook refused (%s): %s", code, error)
        return JsonResponse({"error": "invalid signature or body"}, status=400)
    return JsonResponse({"outcome": outcome})
