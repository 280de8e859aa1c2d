"""French typography that a translated sentence cannot carry by itself.

« de » before a name or a month elides before a vowel: « la fiche d'Élodie », « la commande
d'avril », but « la fiche de Marc ». The sentence cannot know which: its msgid says
« la fiche %(de_name)s » and the name comes through `de()`, which writes the preposition in
French and leaves the name bare in any other language (the English sentence has its own « of »).
A word in h is left unelided: whether its h is mute is not something a program can tell.
"""

import unicodedata

from django.utils.translation import get_language

VOWELS = frozenset("aeiouy")


def starts_with_vowel(text: str) -> bool:
    first = unicodedata.normalize("NFKD", text.strip()[:1]).casefold()[:1]
    return first in VOWELS


def de(name: object) -> str:
    """« de Marc », « d'Élodie » in French; the name alone otherwise."""
    text = str(name)
    if not (get_language() or "fr").startswith("fr"):
        return text
    return f"d'{text}" if starts_with_vowel(text) else f"de {text}"
