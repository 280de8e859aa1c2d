from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from titresto.core.forms import PortalForm
from titresto.orders.models import Order
from titresto.support.attachments import MAX_BYTES, MAX_FILES, Upload
from titresto.support.models import ContactRequest

ACCEPTED = ".pdf,.png,.jpg,.jpeg,.csv,.xlsx,application/pdf,image/png,image/jpeg,text/csv"


ORDER_CHOICE_ERROR = _("Choisissez l'une des commandes de la liste.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to 5 files; their type and size are checked by the service, from their bytes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED}))
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [file for file in files if file]


def uploads_of(files: list[UploadedFile]) -> list[Upload]:
    """The files' bytes, read at most 1 byte past the limit so a huge one is refused cheaply."""
    return [Upload(name=file.name or "", content=file.read(MAX_BYTES + 1)) for file in files]


ATTACHMENTS_HELP = _("PDF, PNG, JPEG, CSV ou XLSX ; %(count)d fichiers de 10 Mo au plus.") % {
    "count": MAX_FILES
}


class MessageForm(PortalForm):
    body = forms.CharField(
        label=_("Votre message"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    attachments = AttachmentsField(label=_("Pièces jointes"), help_text=ATTACHMENTS_HELP)


class ContactRequestForm(MessageForm):
    category = forms.ChoiceField(
        label=_("Catégorie"), choices=[("", "—"), *ContactRequest.Category.choices]
    )
    subject = forms.CharField(label=_("Objet"), max_length=120)
    order = forms.ChoiceField(
        label=_("Commande concernée"),
        required=False,
        help_text=_("Facultatif : le conseiller voit alors la commande et ses colis."),
        error_messages={"invalid_choice": ORDER_CHOICE_ERROR},
    )
    field_order = ["category", "order", "subject", "body", "attachments"]

    def __init__(self, *args: Any, orders: list[Order], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [  # type: ignore[attr-defined]
            ("", _("Aucune")),
            *(
                (order.public_id, f"{order.number} – {order.get_status_display()}")
                for order in orders
            ),
        ]
