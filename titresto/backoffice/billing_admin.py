"""The issuer's staff and accounting documents: list and search them across clients, download
them, re-send one by e-mail, and issue a credit note on a paid order's invoice (its own
permission, `billing.issue_credit_note`). Nothing here can change a document."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from titresto.accounts.models import User
from titresto.backoffice.site import backoffice_site
from titresto.billing.models import Document
from titresto.billing.services import (
    CreditNoteRefused,
    NoRecipient,
    credit_note_issue,
    creditable_cents,
    document_resend,
)
from titresto.billing.storage import stored_bytes
from titresto.core.errors import DomainError
from titresto.core.money import format_eur

DOCUMENT_FIELDS: list[str] = [
        "number", "kind", "client", "order", "refers_to", "issue_date", "issued_at",
        "total_excl_vat_cents", "vat_cents", "total_cents", "reason", "pdf_sha256",
        "xml_sha256", "issued_by_label",
    ]  # fmt: skip


def _staff(request: HttpRequest) -> User:
    return cast(User, request.user)


class CreditNoteForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Montant HT à créditer (€)"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Imprimé sur l'avoir, ex. « Carte non livrée : adresse inconnue »."),
    )

    def amount_cents(self) -> int:
        return int(self.cleaned_data["amount"] * 100)


@admin.register(Document, site=backoffice_site)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "client", "order", "issue_date", "total", "links"]
    list_select_related = ["client", "order"]
    list_filter = ["kind", "year"]
    search_fields = ["=number", "=order__number", "=client__client_number", "client__legal_name"]
    show_full_result_count = False
    actions = ["resend"]
    fields = tuple(DOCUMENT_FIELDS)
    readonly_fields = DOCUMENT_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_issue_credit_note_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("billing.issue_credit_note")

    @admin.display(description=gettext_lazy("total TTC"))
    def total(self, document: Document) -> str:
        return format_eur(document.total_cents)

    @admin.display(description=gettext_lazy("actions"))
    def links(self, document: Document) -> str:
        pdf = reverse("backoffice:billing_document_pdf", args=[document.pk])
        html = format_html('<a href="{}">{}</a>', pdf, _("PDF"))
        if document.is_invoice:
            credit = reverse("backoffice:billing_document_credit_note", args=[document.pk])
            html = format_html('{} · <a href="{}">{}</a>', html, credit, _("Émettre un avoir"))
        return html

    @admin.action(description=gettext_lazy("Renvoyer par e-mail au client"))
    def resend(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        sent = 0
        for document in queryset.select_related("order__created_by"):
            try:
                document_resend(document=document, staff=_staff(request), now=timezone.now())
            except NoRecipient as error:
                self.message_user(request, str(error.user_message), messages.WARNING)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext("%(count)d document renvoyé.", "%(count)d documents renvoyés.", sent)
                % {"count": sent},
                messages.SUCCESS,
            )

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:document_id>/pdf/", wrap(self.pdf_view), name="billing_document_pdf"),
            path(
                "<int:document_id>/avoir/",
                wrap(self.credit_note_view),
                name="billing_document_credit_note",
            ),
            *super().get_urls(),
        ]

    def _document(self, request: HttpRequest, document_id: int) -> Document:
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = Document.objects.select_related("client", "order").filter(pk=document_id).first()
        if document is None:
            raise Http404
        return document

    def pdf_view(self, request: HttpRequest, document_id: int) -> HttpResponse:
        document = self._document(request, document_id)
        data = stored_bytes(document.pdf_name, sha256=document.pdf_sha256)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{document.number}.pdf"'
        return response

    def credit_note_view(self, request: HttpRequest, document_id: int) -> HttpResponse:
        if not self.has_issue_credit_note_permission(request):
            raise PermissionDenied
        invoice = self._document(request, document_id)
        if not invoice.is_invoice or invoice.order is None:
            raise Http404
        form = CreditNoteForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                credit_note = credit_note_issue(
                    order=invoice.order,
                    kind=invoice.kind,
                    amount_cents=form.amount_cents(),
                    reason=form.cleaned_data["reason"],
                    by=_staff(request),
                    now=timezone.now(),
                )
            except DomainError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.user_message))
            else:
                self.message_user(
                    request,
                    _("Avoir %(number)s de %(amount)s TTC émis sur la facture %(invoice)s.")
                    % {
                        "number": credit_note.number,
                        "amount": format_eur(credit_note.total_cents),
                        "invoice": invoice.number,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(
                        "backoffice:billing_document_changelist", current_app=self.admin_site.name
                    )
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Émettre un avoir"),
            "subtitle": None,
            "opts": self.model._meta,
            "form": form,
            "invoice": invoice,
            "creditable": format_eur(creditable_cents(invoice)),
        }
        return TemplateResponse(request, "backoffice/credit_note_issue.html", context)


__all__ = ["CreditNoteRefused", "DocumentAdmin"]
