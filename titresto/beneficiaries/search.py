"""Accent- and case-blind search on one stored column, the same on SQLite and PostgreSQL.

Services keep `Beneficiary.search_text` = normalized « nom prénom matricule e-mail »; a search
normalizes the typed words the same way and asks for each with LIKE '%word%'. No database
extension (unaccent, ICU) is needed, and the column starts with the name, so one index serves
both the alphabetical order and the scan of a search.
"""

import unicodedata
from functools import lru_cache

LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
SEPARATORS = str.maketrans({"'": " ", "’": " ", "-": " ", "_": " "})
MAX_TERMS = 5


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(LIGATURES))
    if decomposed.isascii():  # no accent to strip (most e-mails): skip the walk
        bare = decomposed
    else:
        bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.lower().translate(SEPARATORS).split())


@lru_cache(maxsize=8192)
def _name(text: str) -> str:
    return normalize(text)


def search_text_for(*, last_name: str, first_name: str, matricule: str, email: str) -> str:
    """normalize(« nom prénom matricule e-mail »), each name normalized once (an order
    creating 100 000 people meets the same names again and again): every step of `normalize`
    works within a word, so cutting the text at its spaces changes nothing."""
    parts = (_name(last_name), _name(first_name), normalize(f"{matricule} {email}"))
    return " ".join(part for part in parts if part)


def search_terms(query: str) -> list[str]:
    return normalize(query).split()[:MAX_TERMS]
