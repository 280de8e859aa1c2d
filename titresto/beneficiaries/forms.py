import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from titresto.beneficiaries.models import Beneficiary
from titresto.beneficiaries.selectors import (
    HOME,
    SORTS,
    BeneficiaryQuery,
    beneficiary_holding_matricule,
)
from titresto.beneficiaries.services import BeneficiaryData
from titresto.beneficiaries.validators import (
    HOME_FIELDS,
    POINT_AND_HOME,
    check_birth_date,
    matricule_taken_message,
    missing_home_fields,
    normalize_person_name,
    ships_to_both,
)
from titresto.clients.models import Client
from titresto.core.forms import FrenchDateField, PortalForm
from titresto.core.public_ids import parse_public_id
from titresto.delivery.forms import POSTCODE_ERRORS, VersionedForm
from titresto.delivery.models import DeliveryPoint
from titresto.delivery.selectors import delivery_point_choices


class BeneficiaryForm(VersionedForm):
    birth_date = FrenchDateField(label=_("Date de naissance"))
    field_widths = {"civility": "sm"}

    class Meta:
        model = Beneficiary
        fields = [
            "matricule",
            "civility",
            "last_name",
            "first_name",
            "birth_date",
            "email",
            "phone",
            "delivery_point",
            *HOME_FIELDS,
        ]
        error_messages = {"home_postcode": POSTCODE_ERRORS}
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "home_postcode": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "matricule": _(
                "Le numéro du salarié dans votre entreprise (colonne matricule des fichiers)."
            ),
        }

    def __init__(self, *args: Any, client: Client, today: dt.date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.client = client
        self.today = today
        field = self.fields["delivery_point"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = delivery_point_choices(
            client=client, keeping=self.instance.delivery_point_id
        )
        # The page names points by their public id, like every URL and selection.
        field.to_field_name = "public_id"
        if self.instance.delivery_point_id and not self.is_bound:
            self.initial["delivery_point"] = self.instance.delivery_point
        field.empty_label = _("Aucun : envoi à domicile")
        field.help_text = _(
            "Le site où la carte est expédiée. Sans point, la carte part à l'adresse personnelle."
        )
        self.fields["civility"].choices = Beneficiary.Civility.choices  # type: ignore[attr-defined]

    def clean_matricule(self) -> str:
        matricule = self.cleaned_data["matricule"]
        # Said with the other errors of the round; the service checks again under its lock.
        holder = beneficiary_holding_matricule(
            client=self.client, matricule=matricule, excluding=self.instance.pk
        )
        if holder is not None:
            raise forms.ValidationError(matricule_taken_message(holder), code="matricule_taken")
        return matricule

    def clean_last_name(self) -> str:
        return normalize_person_name(self.cleaned_data["last_name"])

    def clean_first_name(self) -> str:
        return normalize_person_name(self.cleaned_data["first_name"])

    def clean_home_city(self) -> str:
        return self.cleaned_data["home_city"].upper()

    def clean_birth_date(self) -> dt.date:
        birth_date = self.cleaned_data["birth_date"]
        check_birth_date(birth_date, today=self.today)
        return birth_date

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "delivery_point" in self.errors:
            return data
        has_point = data.get("delivery_point") is not None
        home = {name: data.get(name, "") for name in HOME_FIELDS}
        if ships_to_both(has_point=has_point, home=home):
            self.add_error("delivery_point", POINT_AND_HOME)
        missing = _("À remplir pour un envoi à domicile, ou choisissez un point de livraison.")
        for name in missing_home_fields(has_point=has_point, home=home):
            if name not in self.errors:
                self.add_error(name, missing)
        return data

    def to_data(self) -> BeneficiaryData:
        data = self.cleaned_data
        return BeneficiaryData(
            matricule=data["matricule"],
            civility=data["civility"],
            last_name=data["last_name"],
            first_name=data["first_name"],
            birth_date=data["birth_date"],
            email=data["email"].lower(),
            phone=data["phone"],
            delivery_point=data["delivery_point"],
            home_address_line1=data["home_address_line1"],
            home_address_line2=data["home_address_line2"],
            home_postcode=data["home_postcode"],
            home_city=data["home_city"],
        )


class DeliveryChoiceField(forms.ChoiceField):
    """A point's public id or « DOMICILE »: read before the client's points are loaded (same query)."""

    def valid_value(self, value: Any) -> bool:
        return value == HOME or parse_public_id(value) is not None


class BeneficiarySearchForm(PortalForm):
    """The list's GET form; a value it does not know falls back to « all », never to an error."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    statut = forms.ChoiceField(label=_("Statut"), required=False)
    point = DeliveryChoiceField(label=_("Livraison"), required=False)
    tri = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[
            ("nom", _("Nom (A → Z)")),
            ("-nom", _("Nom (Z → A)")),
            ("matricule", _("Matricule (croissant)")),
            ("-matricule", _("Matricule (décroissant)")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _(
            "Nom, prénom, matricule ou e-mail ; accents et majuscules indifférents."
        )
        # input_type, not attrs["type"]: that would render a second, ignored type attribute.
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["autocomplete"] = "off"
        statuses = [("", _("Tous")), *Beneficiary.Status.choices]
        self.fields["statut"].choices = statuses  # type: ignore[attr-defined]

    def show_points(self, points: list[DeliveryPoint]) -> None:
        self.fields["point"].choices = [  # type: ignore[attr-defined]
            ("", _("Toutes")),
            *((point.public_id, f"{point.code} – {point.name}") for point in points),
            (HOME, _("Envoi à domicile")),
        ]

    def to_query(self) -> BeneficiaryQuery:
        self.is_valid()  # a bad value drops that filter only: cleaned_data keeps the others
        data = self.cleaned_data
        sort = data.get("tri") or "nom"
        return BeneficiaryQuery(
            text=data.get("q", ""),
            status=data.get("statut", ""),
            delivery=data.get("point", ""),
            sort=sort if sort in SORTS else "nom",
        )


class DepartureForm(PortalForm):
    departure_date = FrenchDateField(
        label=_("Date de départ"),
        error_messages={"required": _("Indiquez la date de départ, au format JJ/MM/AAAA.")},
    )
