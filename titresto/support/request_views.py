"""« Formulaire »: a manager's requests to the service clients and their threads."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.core.parsing import parse_page
from titresto.core.public_ids import parse_public_id
from titresto.orders.access import access_order
from titresto.orders.models import Order
from titresto.support.access import access_attachment, access_request
from titresto.support.forms import ContactRequestForm, MessageForm, uploads_of
from titresto.support.requests import request_client_reply, request_create
from titresto.support.selectors import request_order_choices, request_page, request_thread


def _form_error(form: MessageForm, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.user_message))


@require(Capability.SUPPORT_REQUESTS)
def request_list(request: PortalRequest) -> HttpResponse:
    page = request_page(actor=request.actor, number=parse_page(request.GET.get("page")))
    return render(request, "support/request_list.html", {"page": page})


def _chosen_order(request: PortalRequest, value: str) -> Order | None:
    """The order the form names, fetched through `access_order`: another client's is a 404
    there, turned into an error on the field here."""
    if not value:
        return None
    public_id = parse_public_id(value)
    if public_id is None:
        raise DomainError(_("Choisissez l'une des commandes de la liste."), field="order")
    try:
        return access_order(actor=request.actor, public_id=public_id)
    except Http404:
        raise DomainError(_("Choisissez l'une des commandes de la liste."), field="order") from None


@require(Capability.SUPPORT_REQUESTS)
def request_new(request: PortalRequest) -> HttpResponse:
    orders = request_order_choices(actor=request.actor)
    initial = {"order": request.GET.get("commande", "")}
    form = ContactRequestForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        orders=orders,
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            contact = request_create(
                actor=request.actor,
                category=data["category"],
                subject=data["subject"],
                body=data["body"],
                order=_chosen_order(request, data["order"]),
                uploads=uploads_of(data["attachments"]),
                now=timezone.now(),
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Demande %(number)s envoyée : un conseiller vous répond ici et par e-mail.")
                % {"number": contact.number},
            )
            return redirect("support:request_detail", public_id=contact.public_id)
    return render(request, "support/request_new.html", {"form": form})


@require(Capability.SUPPORT_REQUESTS)
def request_detail(request: PortalRequest, public_id: str) -> HttpResponse:
    contact = access_request(actor=request.actor, public_id=public_id)
    form = MessageForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if form.is_bound and form.is_valid():
        try:
            request_client_reply(
                actor=request.actor,
                contact=contact,
                body=form.cleaned_data["body"],
                uploads=uploads_of(form.cleaned_data["attachments"]),
                now=timezone.now(),
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Message envoyé au service clients."))
            return redirect("support:request_detail", public_id=contact.public_id)
    context = {
        "contact": contact,
        "thread": request_thread(contact=contact, for_client=True),
        "form": form,
    }
    return render(request, "support/request_detail.html", context)


@require(Capability.SUPPORT_REQUESTS)
def attachment_download(request: PortalRequest, public_id: str) -> FileResponse:
    """A file of the client's own threads, as a download (never shown inline, never a public
    URL: the storage's name is known to this view alone)."""
    attachment = access_attachment(actor=request.actor, public_id=public_id)
    return FileResponse(
        default_storage.open(attachment.storage_name, "rb"),
        as_attachment=True,
        filename=attachment.file_name,
        content_type=attachment.content_type,
    )


@require(Capability.SUPPORT_REQUESTS)
def chat_page(request: PortalRequest) -> HttpResponse:
    """The chat panel: live with an agent when one is online, else a message left as a request.
    The websocket checks the session again (support/consumers.py)."""
    return render(request, "support/chat.html", {"socket_path": "/ws/aide/chat/"})
