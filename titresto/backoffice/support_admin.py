"""The service clients in the back-office: the FAQ written by the issuer's staff, and the
agents' queue of requests and chats."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from titresto.accounts.models import User
from titresto.backoffice.selectors import client_context
from titresto.backoffice.site import backoffice_site
from titresto.core.errors import DomainError
from titresto.support.forms import ATTACHMENTS_HELP, AttachmentsField, uploads_of
from titresto.support.models import ContactRequest, FaqCategory, FaqQuestion, SupportAttachment
from titresto.support.requests import (
    request_agent_reply,
    request_assign,
    request_resolve,
)
from titresto.support.selectors import request_thread
from titresto.support.services import faq_category_save, faq_question_save


@admin.register(FaqCategory, site=backoffice_site)
class FaqCategoryAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "title_en", "position", "is_public", "is_published"]
    list_editable = ["position", "is_public", "is_published"]

    def save_model(self, request: HttpRequest, obj: FaqCategory, form: Any, change: bool) -> None:
        faq_category_save(category=obj, staff=request.user, now=timezone.now())  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # unpublish instead: a deleted heading would take its counts with it


@admin.register(FaqQuestion, site=backoffice_site)
class FaqQuestionAdmin(admin.ModelAdmin):
    """Questions with their « Cette réponse vous a-t-elle aidé ? » counts, most read first."""

    list_display = [
        "question_fr",
        "category",
        "position",
        "is_published",
        "helpful_count",
        "unhelpful_count",
        "helpful_share",
    ]
    list_editable = ["position", "is_published"]
    list_filter = ["category", "is_published"]
    list_select_related = ["category"]
    search_fields = ["question_fr", "question_en"]
    readonly_fields = ["helpful_count", "unhelpful_count", "updated_at"]
    fields = [
        "category",
        "position",
        "is_published",
        "question_fr",
        "answer_fr",
        "question_en",
        "answer_en",
        "helpful_count",
        "unhelpful_count",
        "updated_at",
    ]

    @admin.display(description=gettext_lazy("part d'avis utiles"))
    def helpful_share(self, question: FaqQuestion) -> str:
        votes = question.helpful_count + question.unhelpful_count
        return f"{round(100 * question.helpful_count / votes)} %" if votes else "—"

    def save_model(self, request: HttpRequest, obj: FaqQuestion, form: Any, change: bool) -> None:
        staff: User = request.user  # type: ignore[assignment]
        faq_question_save(question=obj, staff=staff, now=timezone.now())

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AgentMessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Message"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    attachments = AttachmentsField(label=gettext_lazy("Pièces jointes"), help_text=ATTACHMENTS_HELP)
    internal = forms.BooleanField(
        label=gettext_lazy("Note interne (jamais montrée au client)"), required=False
    )
    resolve = forms.BooleanField(label=gettext_lazy("Marquer la demande résolue"), required=False)


class AssignForm(forms.Form):
    agent = forms.ModelChoiceField(
        label=gettext_lazy("Conseiller"),
        queryset=User.objects.filter(is_staff=True, is_active=True).order_by("email"),
        required=False,
        empty_label=gettext_lazy("Personne"),
    )


class QueueFilter(admin.SimpleListFilter):
    """The queue shows what is left to do unless told otherwise."""

    title = gettext_lazy("file")
    parameter_name = "file"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("mine", gettext_lazy("Mes demandes à traiter")),
            ("waiting", gettext_lazy("En attente du client")),
            ("resolved", gettext_lazy("Résolues")),
            ("all", gettext_lazy("Toutes")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ContactRequest]) -> QuerySet:
        value, status = self.value(), ContactRequest.Status
        if value == "all":
            return queryset
        if value == "waiting":
            return queryset.filter(status=status.WAITING)
        if value == "resolved":
            return queryset.filter(status=status.RESOLVED)
        if value == "mine":
            return queryset.filter(status=status.OPEN, assigned_to_id=request.user.pk)
        return queryset.filter(status=status.OPEN)

    def choices(self, changelist: Any) -> Any:
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("À traiter"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


@admin.register(ContactRequest, site=backoffice_site)
class ContactRequestAdmin(admin.ModelAdmin):
    """The agents' queue: open requests and chats, oldest first, by category; each opens on
    its thread, the reply and note forms and the client's context."""

    list_display = [
        "number",
        "waiting_since",
        "client",
        "category",
        "channel",
        "subject",
        "status",
        "assigned_to",
    ]
    list_filter = [QueueFilter, "category", "channel"]
    list_select_related = ["client", "assigned_to"]
    search_fields = ["=number", "=client__client_number", "client__legal_name", "subject"]
    ordering = ["created_at", "id"]
    show_full_result_count = False
    change_list_template = "backoffice/support_request_change_list.html"

    @admin.display(description=gettext_lazy("ouverte depuis"), ordering="created_at")
    def waiting_since(self, contact: ContactRequest) -> str:
        return timesince(contact.created_at)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ContactRequest]:
        return (
            super()
            .get_queryset(request)
            .select_related("client", "created_by", "assigned_to", "order")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a request is a manager's: staff answer it

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        download = self.admin_site.admin_view(self.attachment_view)
        console = self.admin_site.admin_view(self.console_view)
        return [
            path("console/", console, name="support_console"),
            path(
                "piece-jointe/<public_id:public_id>/",
                download,
                name="support_attachment",
            ),
            *super().get_urls(),
        ]

    def console_view(self, request: HttpRequest) -> HttpResponse:
        """The chat console: the chats going on and the one chosen, live over a websocket
        that checks the staff's session and second factor again."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Console du chat"),
            "subtitle": None,
            "opts": self.model._meta,
            "socket_path": "/ws/aide/console/",
        }
        return TemplateResponse(request, "backoffice/support_console.html", context)

    def attachment_view(self, request: HttpRequest, public_id: str) -> FileResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        attachment = SupportAttachment.objects.filter(public_id=public_id).first()
        if attachment is None:
            raise Http404
        return FileResponse(
            default_storage.open(attachment.storage_name, "rb"),
            as_attachment=True,
            filename=attachment.file_name,
            content_type=attachment.content_type,
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        contact = self.get_object(request, object_id)
        if contact is None:
            raise Http404
        if not self.has_view_or_change_permission(request, contact):
            raise PermissionDenied
        can_change = self.has_change_permission(request, contact)
        action = request.POST.get("action") if request.method == "POST" else None
        if action and not can_change:
            raise PermissionDenied
        message_form = AgentMessageForm(
            request.POST if action == "message" else None,
            request.FILES if action == "message" else None,
        )
        assign_form = AssignForm(
            request.POST if action == "assign" else None,
            initial={"agent": contact.assigned_to_id},
        )
        done = self._act(request, contact, action, message_form, assign_form)
        if done:
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{contact.number} – {contact.subject}",
            "subtitle": None,
            "opts": self.model._meta,
            "contact": contact,
            "thread": request_thread(contact=contact, for_client=False),
            "context": client_context(client=contact.client),
            "message_form": message_form,
            "assign_form": assign_form,
            "can_change": can_change,
            "attachment_url_name": "backoffice:support_attachment",
            "show_agent_names": True,
        }
        return TemplateResponse(request, "backoffice/support_request.html", context)

    def _act(
        self,
        request: HttpRequest,
        contact: ContactRequest,
        action: str | None,
        message_form: AgentMessageForm,
        assign_form: AssignForm,
    ) -> bool:
        staff: User = request.user  # type: ignore[assignment]
        now = timezone.now()
        try:
            if action == "message" and message_form.is_valid():
                data = message_form.cleaned_data
                request_agent_reply(
                    staff=staff,
                    contact=contact,
                    body=data["body"],
                    uploads=uploads_of(data["attachments"]),
                    now=now,
                    internal=data["internal"],
                )
                if data["resolve"]:
                    request_resolve(staff=staff, contact=contact, now=now)
                self.message_user(
                    request,
                    _("Note enregistrée.") if data["internal"] else _("Réponse envoyée au client."),
                    messages.SUCCESS,
                )
                return True
            if action == "assign" and assign_form.is_valid():
                request_assign(
                    staff=staff, contact=contact, agent=assign_form.cleaned_data["agent"], now=now
                )
                self.message_user(request, _("Demande attribuée."), messages.SUCCESS)
                return True
            if action == "take":
                request_assign(staff=staff, contact=contact, agent=staff, now=now)
                self.message_user(request, _("Vous prenez cette demande."), messages.SUCCESS)
                return True
            if action == "resolve":
                request_resolve(staff=staff, contact=contact, now=now)
                self.message_user(request, _("Demande résolue."), messages.SUCCESS)
                return True
        except DomainError as error:
            if action == "message":
                field = error.field if error.field in message_form.fields else None
                message_form.add_error(field, str(error.user_message))
            else:
                self.message_user(request, str(error.user_message), messages.ERROR)
        return False
