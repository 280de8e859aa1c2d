"""TOTP (RFC 6238) with pyotp: 30-second steps, 6 digits, one step of clock drift either way."""

import base64
import hmac
from datetime import datetime

import pyotp
import qrcode
import qrcode.image.svg
from django.conf import settings

DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(*, secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=settings.ISSUER["name"])


def qr_data_uri(uri: str) -> str:
    """The QR code as a data: SVG image (the CSP allows `img-src data:`; no inline markup)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    encoded = base64.b64encode(image.to_string()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def grouped(secret: str) -> str:
    """« JBSW Y3DP EHPK 3PXP »: easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalized_code(code: str) -> str:
    return "".join(code.split())


def matching_step(*, secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code was typed (so it can be refused next time), or None."""
    code = normalized_code(code)
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
