"""The English catalog: complete, nothing fuzzy, placeholders kept, and really served on request."""

import io
import os
import re
import shutil
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

ENGLISH_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# What `make messages` leaves out of the catalog (keep both in step).
NOT_EXTRACTED = ["static/*", "*/tests/*"]
GETTEXT_TOOLS = ("xgettext", "msguniq")

# Named placeholders (%(name)s, and {{ name }} of blocktranslate once extracted) and bare %s/%d.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[sd]")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")

# The French labels of the portal's chrome and menu: none may be left on an English page.
FRENCH_CHROME = [
    "Tableau de bord",
    "Suivi de mes commandes",
    "Mes documents comptables",
    "Mes bénéficiaires",
    "Points de livraison",
    "Gestion des accès",
    "COMMANDER",
    "Premiers pas",
    "Se déconnecter",
    "Menu principal",
    "Aller au contenu",
    "Service clients",
]


@pytest.fixture(scope="module")
def catalog() -> polib.POFile:
    return polib.pofile(str(ENGLISH_PO))


@pytest.fixture
def english_catalog_compiled(settings) -> None:
    """Compiles the .mo if the .po is newer, then makes Django reload its catalogs."""
    call_command("compiletranslations", stdout=io.StringIO())
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # setting_changed drops cached catalogs


@pytest.fixture
def extracted_from_sources(tmp_path, settings, monkeypatch) -> polib.POFile:
    """Every translatable string of the sources, as `make messages` finds them, in a .pot.

    makemessages writes into the first locale folder it meets, so it runs on a copy of the
    package whose only locale folder is an empty one: the real catalog is never touched.
    """
    missing_tools = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing_tools:
        reason = (
            f"gettext's {' and '.join(missing_tools)} missing (Debian: apt-get install gettext)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: CI must check that the catalog is complete")
        pytest.skip(reason)
    sources = tmp_path / "titresto"
    shutil.copytree(
        settings.BASE_DIR,
        sources,
        ignore=shutil.ignore_patterns("locale", "static", "tests", "__pycache__"),
    )
    locale = sources / "locale"
    locale.mkdir()
    settings.LOCALE_PATHS = [str(locale)]
    monkeypatch.chdir(sources)

    call_command(
        "makemessages",
        all=True,  # every locale of the empty folder, i.e. none: only the .pot is built
        keep_pot=True,
        ignore_patterns=NOT_EXTRACTED,
        verbosity=0,
        stdout=io.StringIO(),
    )

    return polib.pofile(str(locale / "django.pot"))


def _key(entry: polib.POEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def _described(entry: polib.POEntry) -> str:
    where = entry.occurrences[0][0] if entry.occurrences else "?"
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{where}: {context}{entry.msgid}"


def _msgstrs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs: one for a plain entry, one per plural form otherwise."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [
        (entry.msgid if index == 0 else entry.msgid_plural, text)
        for index, text in sorted(entry.msgstr_plural.items())
    ]


def test_the_english_catalog_declares_its_language_and_plural_forms(catalog) -> None:
    assert catalog.metadata["Language"] == "en"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not catalog.metadata_is_fuzzy


def test_every_entry_is_translated_and_none_is_fuzzy(catalog) -> None:
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]

    assert untranslated == [], "run `make messages` and translate these entries"
    assert fuzzy == [], "check these translations, then remove their fuzzy flag"
    assert len(catalog.translated_entries()) == len(catalog)


def test_every_translatable_string_of_the_sources_is_in_the_catalog(
    catalog, extracted_from_sources
) -> None:
    in_catalog = {_key(entry) for entry in catalog}

    missing = [
        _described(entry) for entry in extracted_from_sources if _key(entry) not in in_catalog
    ]

    assert extracted_from_sources.find("Tableau de bord"), "the extraction found nothing"
    assert not missing, "run `make messages` and translate:\n" + "\n".join(missing)


def test_plural_entries_have_both_english_forms(catalog) -> None:
    incomplete = [
        entry.msgid
        for entry in catalog
        if entry.msgid_plural and sorted(entry.msgstr_plural) != [0, 1]
    ]

    assert incomplete == []


def test_translations_keep_every_placeholder_and_add_none(catalog) -> None:
    broken = []
    for entry in catalog.translated_entries():
        if "python-format" not in entry.flags:
            continue
        known = set(PLACEHOLDER.findall(entry.msgid)) | set(
            PLACEHOLDER.findall(entry.msgid_plural or "")
        )
        for source, text in _msgstrs(entry):
            found = set(PLACEHOLDER.findall(text))
            if not set(PLACEHOLDER.findall(source)) <= found or not found <= known:
                broken.append((source, text))

    assert broken == []


def test_translations_keep_the_html_tags_of_their_source(catalog) -> None:
    broken = [
        (source, text)
        for entry in catalog.translated_entries()
        for source, text in _msgstrs(entry)
        if sorted(HTML_TAG.findall(source)) != sorted(HTML_TAG.findall(text))
    ]

    assert broken == []


@pytest.mark.django_db
def test_the_login_page_is_in_english_once_chosen(client, english_catalog_compiled) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("accounts:login"))

    page = response.content.decode()
    assert response["Content-Language"] == "en"
    assert "Sign in to your Client Area" in page
    assert "Forgot your password?" in page
    assert "Connexion" not in page and "Se connecter" not in page
    assert "Mot de passe" not in page


@pytest.mark.django_db
def test_the_dashboard_and_its_menu_are_in_english_once_chosen(
    client_admin, signed_in, english_catalog_compiled
) -> None:
    http = signed_in(client_admin)
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = http.get(reverse("portal:dashboard"))

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    for english in ("Dashboard", "Getting started", "My beneficiaries", "Delivery points"):
        assert english in page
    assert "Sign out" in page and "Main menu" in page
    assert [french for french in FRENCH_CHROME if french in page] == []
    # The contract's face values (« Mon compte » card) in English money, not « 5,00 € ».
    assert re.search(r"€\d+\.\d\d", page) and not re.search(r"\d,\d\d\xa0€", page)


@pytest.mark.django_db
def test_the_order_list_is_in_english_once_chosen(
    client_admin, signed_in, english_catalog_compiled
) -> None:
    http = signed_in(client_admin)
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = http.get(reverse("orders:list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    for english in (
        "Order tracking",
        "Search orders",
        "Order number",
        "Awaiting payment",
        "Manual",
        "0 orders",
        "You have not placed any orders yet.",
        "Place the first order",
    ):
        assert english in page
    french = [
        "Suivi de mes commandes",
        "Rechercher des commandes",
        "Numéro de commande",
        "En attente de paiement",
        "Unitaire",
        "0 commande",
        "encore passé aucune commande",
        "Passer la première commande",
    ]
    assert [text for text in french if text in page] == []


def test_french_counts_zero_and_one_in_the_singular(english_catalog_compiled, catalog) -> None:
    """Our msgids are French, yet without a French catalog gettext counts like English and
    writes « 0 bénéficiaires »: compiletranslations builds the French plurals from the English
    catalog's entries, so every count of the portal follows French's rule."""
    from django.utils import translation

    plurals = [entry for entry in catalog if entry.msgid_plural]
    assert plurals
    with translation.override("fr"):
        for entry in plurals:
            for count, form in ((0, entry.msgid), (1, entry.msgid), (2, entry.msgid_plural)):
                if entry.msgctxt:
                    said = translation.npgettext(
                        entry.msgctxt, entry.msgid, entry.msgid_plural, count
                    )
                else:
                    said = translation.ngettext(entry.msgid, entry.msgid_plural, count)
                assert said == form, (count, entry.msgid)


def test_an_empty_list_says_zero_in_the_singular(client_admin, signed_in) -> None:
    response = signed_in(client_admin).get(reverse("beneficiaries:list"))

    assert 'data-testid="result-count">0 bénéficiaire</p>' in response.content.decode()
