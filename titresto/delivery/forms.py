from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from titresto.clients.models import Client
from titresto.core.forms import PortalModelForm
from titresto.delivery.models import DeliveryPoint
from titresto.delivery.selectors import delivery_point_holding_code
from titresto.delivery.services import DeliveryPointData
from titresto.delivery.validators import code_taken_message, normalize_code

# Six digits fail the field's length check before the postcode validator says what a postcode is.
POSTCODE_ERRORS = {"max_length": _("Le code postal compte 5 chiffres (ex. 75008).")}


class VersionedForm(PortalModelForm):
    """Carries the version the page was rendered from: a save over a newer one is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    @property
    def expected_version(self) -> int:
        return int(self.cleaned_data.get("version") or 0)


class DeliveryPointForm(VersionedForm):
    class Meta:
        model = DeliveryPoint
        fields = [
            "code",
            "name",
            "address_line1",
            "address_line2",
            "postcode",
            "city",
            "contact_name",
            "contact_phone",
            "contact_email",
            "instructions",
        ]
        error_messages = {"postcode": POSTCODE_ERRORS}
        widgets = {
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        self.fields["code"].widget.attrs["class"] = "text-uppercase"

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        # Said with the other errors of the round; the service checks again under its lock.
        holder = delivery_point_holding_code(
            client=self.client, code=code, excluding=self.instance.pk
        )
        if holder is not None:
            raise forms.ValidationError(code_taken_message(holder), code="code_taken")
        return code

    def clean_city(self) -> str:
        return self.cleaned_data["city"].upper()

    def to_data(self) -> DeliveryPointData:
        data = self.cleaned_data
        return DeliveryPointData(
            code=data["code"],
            name=data["name"],
            address_line1=data["address_line1"],
            address_line2=data["address_line2"],
            postcode=data["postcode"],
            city=data["city"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"].lower(),
            instructions=data["instructions"],
        )
