"""Bank account identifiers: the IBAN's check digits (ISO 13616, mod 97) and the BIC's shape
(ISO 9362)."""

import re

BIC = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?")
IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def iban_is_valid(text: str) -> bool:
    compact = "".join(text.split()).upper()
    if not IBAN.fullmatch(compact):
        return False
    rotated = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rotated)) % 97 == 1


def bic_is_valid(text: str) -> bool:
    return BIC.fullmatch(text.strip().upper()) is not None
