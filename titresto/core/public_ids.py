"""The random id a tenant's object is known by outside the database (URLs, forms, selections).

A sequential primary key in an address tells anyone how many beneficiaries the issuer holds
and invites guessing the next one; a public id tells nothing. Twelve characters of lower-case
Crockford base32 (no i, l, o, u: nothing to misread when it is read aloud) make 60 random
bits: at 10 million rows a new id meets an existing one about once in 10¹¹ draws, and the
unique constraint refuses that rare one.
"""

import re
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
PUBLIC_ID_LENGTH = 12
PUBLIC_ID_PATTERN = f"[{ALPHABET}]{{{PUBLIC_ID_LENGTH}}}"
_PUBLIC_ID = re.compile(PUBLIC_ID_PATTERN)
_BYTE_TO_CHARACTER = bytes(ord(ALPHABET[byte % 32]) for byte in range(256))


def new_public_id() -> str:
    """Twelve random bytes, each kept for its last 5 bits (256 is a multiple of 32, so every
    character is as uniform as `secrets.choice` makes it: 60 random bits), read through one
    C-level table: an order creates 100 000 ids at once."""
    return secrets.token_bytes(PUBLIC_ID_LENGTH).translate(_BYTE_TO_CHARACTER).decode()


def parse_public_id(text: object) -> str | None:
    """A well-formed public id, or None (whatever its length or characters)."""
    if isinstance(text, str) and _PUBLIC_ID.fullmatch(text):
        return text
    return None


def public_id_field() -> models.CharField:
    """The column every tenant object addressed by URL carries (unique, hence indexed)."""
    return models.CharField(
        _("identifiant public"),
        max_length=PUBLIC_ID_LENGTH,
        unique=True,
        editable=False,
        default=new_public_id,
    )


class PublicIdConverter:
    """`<public_id:…>` in a URL pattern (registered by CoreConfig.ready): anything else does
    not match, so a mangled address is a plain 404 before any query."""

    regex = PUBLIC_ID_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def fill_missing_public_ids(model: type[models.Model], *, batch: int = 2000) -> None:
    """For a data migration: gives every row without a public id a fresh one, by batches, so a
    table of millions is neither read nor written in one piece."""
    while True:
        rows = list(model._default_manager.filter(public_id__isnull=True).only("pk")[:batch])
        if not rows:
            return
        for row in rows:
            row.public_id = new_public_id()  # type: ignore[attr-defined]
        model._default_manager.bulk_update(rows, ["public_id"])
