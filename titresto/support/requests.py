"""Every write of contact requests and their threads (the FAQ's are in services.py)."""

from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from titresto.accounts.models import User
from titresto.core.actors import Actor
from titresto.core.audit import audit_record
from titresto.core.errors import DomainError
from titresto.core.numbering import NumberSequence
from titresto.core.public_ids import new_public_id
from titresto.core.states import Author, transition
from titresto.orders.models import Order
from titresto.support import states
from titresto.support.attachments import Upload, attachments_check
from titresto.support.models import MESSAGE_MAX, ContactRequest, SupportAttachment, SupportMessage

REQUEST_NUMBERS = NumberSequence(kind="support_request", prefix="DEM")
SUBJECT_MAX = 120


class MessageInvalid(DomainError):
    code = "message_invalid"
    field = "body"


def clean_body(body: str) -> str:
    """The message as it will be stored: trimmed; empty or past 5 000 characters is refused."""
    text = (body or "").strip()
    if not text:
        raise MessageInvalid(_("Écrivez votre message avant de l'envoyer."))
    if len(text) > MESSAGE_MAX:
        raise MessageInvalid(
            _(
                "Votre message compte %(count)d caractères, pour %(max)d au plus : "
                "raccourcissez-le, ou joignez un fichier."
            )
            % {"count": len(text), "max": MESSAGE_MAX}
        )
    return text


def _notify(message: SupportMessage) -> None:
    from titresto.support.tasks import send_support_email

    message_id = message.pk
    transaction.on_commit(lambda: send_support_email.delay(message_id=message_id))


def _store_message(
    *,
    contact: ContactRequest,
    kind: str,
    author: User,
    body: str,
    uploads: list[Upload],
    now: datetime,
) -> SupportMessage:
    checked = attachments_check(uploads)
    message = SupportMessage.objects.create(
        client_id=contact.client_id,
        request=contact,
        kind=kind,
        author=author,
        body=body,
        created_at=now,
    )
    for file in checked:
        public_id = new_public_id()
        # A rolled-back message leaves its file behind, unreachable: no row names it.
        stored = default_storage.save(
            f"support/{contact.client_id}/{public_id}.{file.file_type.extension}",
            ContentFile(file.content),
        )
        SupportAttachment.objects.create(
            client_id=contact.client_id,
            message=message,
            public_id=public_id,
            file_name=file.file_name,
            content_type=file.file_type.content_type,
            size=len(file.content),
            sha256=file.sha256,
            storage_name=stored,
            created_at=now,
        )
    if kind != SupportMessage.Kind.NOTE:
        ContactRequest.objects.filter(pk=contact.pk).update(last_message_at=now)
        contact.last_message_at = now
    return message


def _locked(contact: ContactRequest) -> ContactRequest:
    """The request as it stands now, locked: two people writing at once are put in a row,
    and a stale copy (a page open for an hour) is judged on today's status."""
    return ContactRequest.objects.select_for_update().select_related("client").get(pk=contact.pk)


@transaction.atomic
def request_create(
    *,
    actor: Actor,
    category: str,
    subject: str,
    body: str,
    order: Order | None,
    uploads: list[Upload],
    now: datetime,
    channel: str = ContactRequest.Channel.FORM,
    notify: bool = True,
) -> ContactRequest:
    """A manager's request (its order fetched through `access_order`, so the actor's)."""
    if order is not None and order.client_id != actor.client.pk:
        raise DomainError(_("Choisissez l'une des commandes de la liste."), field="order")
    text = clean_body(body)
    contact = ContactRequest.objects.create(
        client=actor.client,
        number=REQUEST_NUMBERS.next(year=timezone.localdate(now).year),
        channel=channel,
        category=category,
        subject=" ".join(subject.split())[:SUBJECT_MAX] or text[:60],
        order=order,
        created_by=actor.user,
        created_at=now,
        last_message_at=now,
    )
    message = _store_message(
        contact=contact,
        kind=SupportMessage.Kind.CLIENT,
        author=actor.user,
        body=text,
        uploads=uploads,
        now=now,
    )
    audit_record(
        actor_user=actor.user,
        action="support_request.create",
        now=now,
        client=actor.client,
        target=contact,
        data={"number": contact.number, "category": category, "channel": channel},
    )
    if notify:
        _notify(message)
    return contact


@transaction.atomic
def request_client_reply(
    *,
    actor: Actor,
    contact: ContactRequest,
    body: str,
    uploads: list[Upload],
    now: datetime,
    notify: bool = True,
) -> SupportMessage:
    """The manager writes in the thread: a waiting or resolved request opens again."""
    text = clean_body(body)
    contact = _locked(contact)
    if contact.status != ContactRequest.Status.OPEN:
        contact = transition(
            contact,
            states.CLIENT_ANSWERS,
            table=states.REQUEST_TABLE,
            by=actor,
            now=now,
            changes={"resolved_at": None},
        )
    message = _store_message(
        contact=contact,
        kind=SupportMessage.Kind.CLIENT,
        author=actor.user,
        body=text,
        uploads=uploads,
        now=now,
    )
    audit_record(
        actor_user=actor.user,
        action="support_request.reply",
        now=now,
        client=actor.client,
        target=contact,
        data={"number": contact.number},
    )
    if notify:
        _notify(message)
    return message


@transaction.atomic
def request_agent_reply(
    *,
    staff: User,
    contact: ContactRequest,
    body: str,
    uploads: list[Upload],
    now: datetime,
    internal: bool = False,
    notify: bool = True,
) -> SupportMessage:
    """An agent's answer (e-mailed to the manager; the request then waits for the client), or
    an internal note (never shown to the client, nothing moves)."""
    text = clean_body(body)
    contact = _locked(contact)
    if internal:
        return _store_message(
            contact=contact,
            kind=SupportMessage.Kind.NOTE,
            author=staff,
            body=text,
            uploads=uploads,
            now=now,
        )
    by: Author = staff
    if contact.status == ContactRequest.Status.RESOLVED:
        contact = transition(
            contact, states.REOPEN, table=states.REQUEST_TABLE, by=by, now=now,
            changes={"resolved_at": None},
        )  # fmt: skip
    if contact.status == ContactRequest.Status.OPEN:
        contact = transition(
            contact, states.AWAIT_CLIENT, table=states.REQUEST_TABLE, by=by, now=now
        )
    if contact.assigned_to_id is None:
        ContactRequest.objects.filter(pk=contact.pk).update(assigned_to=staff)
    message = _store_message(
        contact=contact,
        kind=SupportMessage.Kind.AGENT,
        author=staff,
        body=text,
        uploads=uploads,
        now=now,
    )
    audit_record(
        actor_user=staff,
        action="support_request.answered",
        now=now,
        client=contact.client,
        target=contact,
        data={"number": contact.number},
    )
    if notify:
        _notify(message)
    return message


@transaction.atomic
def request_resolve(*, staff: User, contact: ContactRequest, now: datetime) -> ContactRequest:
    contact = transition(
        contact, states.RESOLVE, table=states.REQUEST_TABLE, by=staff, now=now,
        changes={"resolved_at": now},
    )  # fmt: skip
    audit_record(
        actor_user=staff,
        action="support_request.resolved",
        now=now,
        client=contact.client,
        target=contact,
        data={"number": contact.number},
    )
    return contact


@transaction.atomic
def request_assign(
    *, staff: User, contact: ContactRequest, agent: User | None, now: datetime
) -> ContactRequest:
    """Who takes the request (an agent of the issuer, or nobody)."""
    if agent is not None and not agent.is_staff:
        raise DomainError(_("Seul un agent de l'émetteur peut prendre une demande."))
    locked = ContactRequest.objects.select_for_update().get(pk=contact.pk)
    locked.assigned_to = agent
    locked.save(update_fields=["assigned_to"])
    audit_record(
        actor_user=staff,
        action="support_request.assigned",
        now=now,
        target=locked,
        data={"number": locked.number, "agent": agent.email if agent else ""},
    )
    return locked
