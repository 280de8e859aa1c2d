from typing import Any

from django import forms

from titresto.clients.models import Contact
from titresto.clients.services import ContactData
from titresto.delivery.forms import VersionedForm
from titresto.delivery.validators import validate_phone


class ContactForm(VersionedForm):
    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(validate_phone)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def to_data(self) -> ContactData:
        data = self.cleaned_data
        return ContactData(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
        )
