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
