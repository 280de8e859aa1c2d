from hypothesis import given
from hypothesis import strategies as st

from titresto.beneficiaries.search import normalize, search_terms, search_text_for


def test_normalize_drops_accents_case_ligatures_and_joiners() -> None:
    assert normalize("  Élodie LÉGARÉ-Œuvray N’Diaye ") == "elodie legare oeuvray n diaye"


def test_search_text_starts_with_the_name_so_it_sorts_by_name() -> None:
    text = search_text_for(
        last_name="Hébert", first_name="Zoé", matricule="EMP-42", email="zoe@x.fr"
    )

    assert text == "hebert zoe emp 42 zoe@x.fr"


def test_search_terms_match_the_stored_form() -> None:
    assert search_terms("HEBERT  zoe") == ["hebert", "zoe"]
    assert search_terms("a b c d e f g") == ["a", "b", "c", "d", "e"]


# Letters with accents, combining marks, ligatures, separators, spaces, Greek capital sigma
# (its lower case depends on what follows it), and plain ASCII.
PIECES = st.text(alphabet=" -_'’ÉéèœŒßΣσa\u0301\u0327BcZ0é\u00a0\u2126", max_size=8)


@given(last=PIECES, first=PIECES, matricule=PIECES, email=PIECES)
def test_the_search_text_is_the_whole_line_normalized(last, first, matricule, email) -> None:
    text = search_text_for(last_name=last, first_name=first, matricule=matricule, email=email)

    assert text == normalize(f"{last} {first} {matricule} {email}")
