"""Webhook signatures, built like Stripe's (`t=<unix time>,v1=<HMAC-SHA256 of "<t>.<body>">`):
the payment sandbox's and the fulfilment partners'. A forged body, or one replayed after the
tolerance, is refused."""

import hashlib
import hmac
import time

TOLERANCE_SECONDS = 300


def sign(body: bytes, secret: str, *, at: int | None = None) -> str:
    timestamp = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def signature_is_valid(body: bytes, header: str, secret: str, *, now: int | None = None) -> bool:
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    current = int(time.time()) if now is None else now
    if abs(current - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = sign(body, secret, at=timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
