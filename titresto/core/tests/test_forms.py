"""The form plumbing every page shares: dates, widths, e-mail wording, error summary, novalidate."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings

from titresto.core.forms import FrenchDateField, PortalForm
from titresto.core.templatetags.portal_forms import summary_entries


class SampleForm(PortalForm):
    postcode = forms.CharField(label="Code postal", max_length=5)
    code = forms.CharField(label="Code", max_length=20)
    name = forms.CharField(label="Nom", max_length=38)
    day = FrenchDateField(label="Date")
    email = forms.EmailField(label="E-mail", required=False)
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") == "Personne":
            raise forms.ValidationError("Erreur du formulaire entier.")
        return data


VALID = {"postcode": "75008", "code": "SIEGE", "name": "Dupont", "day": "14/07/1985"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("14/07/1985", dt.date(1985, 7, 14)), (" 1/2/2004 ", dt.date(2004, 2, 1))],
)
def test_a_date_is_read_as_jj_mm_aaaa(typed, expected) -> None:
    assert FrenchDateField().clean(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2004", "Le 31/02/2004 n'existe pas"),
        ("29/02/2023", "Le 29/02/2023 n'existe pas"),
        ("00/01/2000", "Le 00/01/2000 n'existe pas"),
        ("1/13/2000", "Le 01/13/2000 n'existe pas"),
        ("2004-02-01", "au format JJ/MM/AAAA"),
        ("14/07/85", "au format JJ/MM/AAAA"),
        ("1" * 5000, "au format JJ/MM/AAAA"),
    ],
)
def test_an_impossible_date_says_so_and_a_wrong_shape_names_the_format(typed, message) -> None:
    with pytest.raises(forms.ValidationError) as error:
        FrenchDateField().clean(typed)

    assert message in error.value.messages[0]


def test_controls_are_as_wide_as_what_they_hold() -> None:
    form = SampleForm()

    widths = {name: form[name].width for name in ("postcode", "code", "name", "day", "note")}

    assert widths == {"postcode": "xs", "code": "md", "name": "lg", "day": "sm", "note": "full"}
    assert "app-w-xs" in str(form["postcode"])


def test_djangos_courriel_wording_is_replaced_by_ours() -> None:
    form = SampleForm({**VALID, "email": "marie@"})

    assert form.errors["email"] == [
        "Saisissez une adresse e-mail valide (ex. prenom.nom@entreprise.fr)."
    ]


def test_the_summary_lists_every_error_in_reading_order_with_its_field() -> None:
    form = SampleForm({**VALID, "postcode": "", "name": "Personne", "day": "31/02/2004"})
    form.is_valid()

    entries = [(entry.field_id, entry.label) for entry in summary_entries(form)]

    assert entries == [("", ""), ("id_postcode", "Code postal"), ("id_day", "Date")]


def test_after_a_failed_submit_no_field_keeps_the_autofocus() -> None:
    class FocusedForm(SampleForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["postcode"].widget.attrs["autofocus"] = True

    assert "autofocus" in str(FocusedForm()["postcode"])
    assert "autofocus" not in str(FocusedForm({"postcode": ""})["postcode"])


def test_every_form_with_fields_leaves_validation_to_us() -> None:
    """novalidate: the browser's own bubbles speak the browser's language, not ours."""
    missing = []
    for template in Path(settings.BASE_DIR).glob("**/templates/**/*.html"):
        for form in re.findall(r"<form\b[^>]*>.*?</form>", template.read_text(), re.S):
            has_fields = re.search(
                r"<input(?![^>]*type=\"hidden\")|<textarea|\{\{ ?form|core/field\.html", form
            )
            if has_fields and "novalidate" not in form[: form.index(">")]:
                missing.append(str(template.relative_to(settings.BASE_DIR)))
    assert missing == []
