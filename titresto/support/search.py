"""FAQ search: accent- and case-blind, on one stored column (as the beneficiaries' search)."""

from titresto.beneficiaries.search import normalize, search_terms

__all__ = ["faq_search_text", "search_terms"]


def faq_search_text(*parts: str) -> str:
    return " ".join(text for text in (normalize(part) for part in parts) if text)
