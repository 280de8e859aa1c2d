"""Login throttling kept in the cache (database cache embedded, Redis in production).

Policy (see the README's design notes):
- Every password or code attempt is written down *before* it is checked, in three sliding-window
  logs of the last `LOGIN_THROTTLE_MINUTES`: one per account (a hash of the typed e-mail, so an
  unknown address behaves exactly like a real one), one per client address (IPv6 grouped by /64)
  and, for a browser that already signed in to that account, one per device.
- A bucket that holds its limit refuses further attempts without checking the password, until its
  oldest entry leaves the window: a lock never outlasts the window, and refused attempts do not
  extend it.
- A browser that completed a sign-in to the account carries a signed *device cookie*; for that
  account it is judged on its own device log and skips the account and address logs. An attacker
  who floods an account or shares an office's address slows down strangers only; the real user's
  usual browser still gets in (OWASP, « device cookies »).
- A successful sign-in clears the account's log and removes that account's entries from the
  address's log (a colleague's typos do not count against the office, an attacker's do).
"""

import hashlib
import ipaddress
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase

DEVICE_COOKIE_NAME = "titresto_device"
DEVICE_COOKIE_DAYS = 180
_DEVICE_SALT = "titresto.accounts.security.device"
_PREFIX = "signin-throttle"


def account_key(email: str) -> str:
    """The same key for `Jean@X.fr` and ` jean@x.fr`, and for addresses that have no account."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or X-Forwarded-For as written by our own proxies.

    With `TRUSTED_PROXY_COUNT = n`, the n-th address from the right of X-Forwarded-For is the one
    our first proxy saw; anything to its left was written by the client and cannot be trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - a bucket name only
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote
    return candidate


def address_bucket(ip: str) -> str:
    """IPv6 users get a whole /64, so an attacker cannot rotate through their own addresses."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


@dataclass(frozen=True)
class Attempt:
    """Who is trying: an account (hashed e-mail), from an address, maybe from a known device."""

    account: str
    ip: str
    device: str | None = None

    @property
    def _keys(self) -> list[str]:
        if self.device is not None:
            return [f"{_PREFIX}:device:{self.account}:{self.device}"]
        return [f"{_PREFIX}:account:{self.account}", f"{_PREFIX}:ip:{address_bucket(self.ip)}"]


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES)


def _limit(key: str) -> int:
    if f"{_PREFIX}:ip:" in key:
        return settings.LOGIN_FAILURES_PER_IP
    return settings.LOGIN_FAILURES_PER_ACCOUNT


def _recent(key: str, *, now: datetime) -> list[list[object]]:
    """The log's entries still inside the window: [timestamp, account] pairs, oldest first."""
    oldest = (now - _window()).timestamp()
    entries = cache.get(key) or []
    return [entry for entry in entries if float(entry[0]) > oldest]


def wait_seconds(attempt: Attempt, *, now: datetime) -> int:
    """0 when the attempt may go on; else how long until the fullest log lets one more through."""
    wait = 0.0
    for key in attempt._keys:
        entries = _recent(key, now=now)
        limit = _limit(key)
        if len(entries) >= limit:
            frees_at = float(entries[-limit][0]) + _window().total_seconds()  # type: ignore[arg-type]
            wait = max(wait, frees_at - now.timestamp())
    return max(0, math.ceil(wait))


def record(attempt: Attempt, *, now: datetime) -> None:
    """Writes the attempt down before the password or code is checked (parallel tries count)."""
    timeout = math.ceil(_window().total_seconds())
    for key in attempt._keys:
        entries = _recent(key, now=now)
        entries.append([now.timestamp(), attempt.account])
        # Only the newest `limit` entries can ever matter; the log stays small under attack.
        cache.set(key, entries[-_limit(key) :], timeout)


def forgive(attempt: Attempt, *, now: datetime) -> None:
    """After a successful sign-in: the account starts afresh, the address forgets its tries on it."""
    timeout = math.ceil(_window().total_seconds())
    cache.delete_many(
        [
            f"{_PREFIX}:account:{attempt.account}",
            f"{_PREFIX}:device:{attempt.account}:{attempt.device}",
        ]
    )
    ip_key = f"{_PREFIX}:ip:{address_bucket(attempt.ip)}"
    others = [entry for entry in _recent(ip_key, now=now) if entry[1] != attempt.account]
    if others:
        cache.set(ip_key, others, timeout)
    else:
        cache.delete(ip_key)


def forgive_account(email: str) -> None:
    """After a password reset: whoever controls the mailbox is the owner; the account starts afresh."""
    cache.delete(f"{_PREFIX}:account:{account_key(email)}")


RESET_MAILS_PER_ACCOUNT = 3


def reset_mail_allowed(*, email: str, ip: str, now: datetime) -> bool:
    """Password-reset mails: a few per address and window, so nobody floods a mailbox.

    Over the limit the page answers exactly as usual (nothing to learn); only the mail is skipped.
    """
    timeout = math.ceil(_window().total_seconds())
    limits = {
        f"{_PREFIX}:reset-account:{account_key(email)}": RESET_MAILS_PER_ACCOUNT,
        f"{_PREFIX}:reset-ip:{address_bucket(ip)}": settings.LOGIN_FAILURES_PER_IP,
    }
    logs = {key: _recent(key, now=now) for key in limits}
    if any(len(logs[key]) >= limit for key, limit in limits.items()):
        return False
    for key, entries in logs.items():
        cache.set(key, [*entries, [now.timestamp(), ""]][-limits[key] :], timeout)
    return True


NEW_LINK_PER_ADDRESS = 3
NEW_LINK_PER_IP = 20
NEW_LINK_WINDOW_SECONDS = 3600


def _over_limit(key: str, limit: int) -> bool:
    """Counts one request against `key` for a fixed window; True once the limit is passed."""
    cache.add(key, 0, NEW_LINK_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, NEW_LINK_WINDOW_SECONDS)
        count = 1
    return count > limit


def activation_request_allowed(*, email: str, ip: str) -> bool:
    """« Recevoir un nouveau lien »: a few per address and per client address each hour."""
    over_address = _over_limit(
        f"{_PREFIX}:new-link-account:{account_key(email)}", NEW_LINK_PER_ADDRESS
    )
    over_ip = _over_limit(f"{_PREFIX}:new-link-ip:{address_bucket(ip)}", NEW_LINK_PER_IP)
    return not (over_address or over_ip)


def wait_minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


# --- the device cookie ----------------------------------------------------------------------


def known_device(request: HttpRequest, *, account: str) -> str | None:
    """The device id if this browser completed a sign-in to `account` before, else None."""
    value = request.COOKIES.get(DEVICE_COOKIE_NAME)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=_DEVICE_SALT, max_age=timedelta(days=DEVICE_COOKIE_DAYS))
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("account") != account:
        return None
    device = data.get("device")
    return device if isinstance(device, str) else None


def remember_device(response: HttpResponseBase, *, account: str, device: str | None) -> None:
    value = signing.dumps(
        {"account": account, "device": device or secrets.token_urlsafe(12)}, salt=_DEVICE_SALT
    )
    response.set_cookie(
        DEVICE_COOKIE_NAME,
        value,
        max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
