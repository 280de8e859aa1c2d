"""Accent- and case-blind search on one stored column, the same on SQLite and PostgreSQL.

Services keep `Beneficiary.search_text` = normalized « nom prénom matricule e-mail »; a search
normalizes the typed words the same way and asks for each with LIKE '%word%'. No database
extension (unaccent, ICU) is needed, and the column starts with the name, so one index serves
both the alphabetical order and the scan of a search.
"""

import unicodedata

LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
SEPARATORS = str.maketrans({"'": " ", "’": " ", "-": " ", "_": " "})
MAX_TERMS = 5


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(LIGATURES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.lower().translate(SEPARATORS).split())


def search_text_for(*, last_name: str, first_name: str, matricule: str, email: str) -> str:
    return normalize(f"{last_name} {first_name} {matricule} {email}")


def search_terms(query: str) -> list[str]:
    return normalize(query).split()[:MAX_TERMS]
