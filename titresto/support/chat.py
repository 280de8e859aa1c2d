"""The live chat's rules, without the websocket: who may open it, which conversation a
message belongs to, agents' presence, the flood limit, and what a message looks like on the
wire. A chat is a `ContactRequest` of the chat channel, so every message is stored by the
same services as the form's, before anything is sent."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port, validate_host
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from titresto.accounts.models import User
from titresto.core.actors import Actor
from titresto.core.errors import DomainError
from titresto.core.public_ids import parse_public_id
from titresto.support.models import ContactRequest, SupportMessage
from titresto.support.requests import request_agent_reply, request_client_reply, request_create

AGENTS_GROUP = "support-agents"
PRESENCE_GROUP = "support-presence"
PRESENCE_SECONDS = 60  # a console that stopped pinging for a minute is away
_AGENTS_KEY = "support:chat:agents"


def request_group(contact: ContactRequest) -> str:
    return f"support-request-{contact.pk}"


class ChatRefused(DomainError):
    code = "chat_refused"


# --- who may connect -------------------------------------------------------------------------
def origin_allowed(headers: list[tuple[bytes, bytes]]) -> bool:
    """The page that opened the socket is ours: its Origin names the host the socket was
    opened on, and that host is one of ALLOWED_HOSTS (another site's page cannot ride on the
    manager's session cookie)."""
    values = {name.lower(): value.decode("latin-1") for name, value in headers}
    origin, host = values.get(b"origin", ""), values.get(b"host", "")
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not host or parts.netloc.lower() != host.lower():
        return False
    hostname, _port = split_domain_port(host)
    return bool(hostname) and validate_host(hostname, settings.ALLOWED_HOSTS)


# --- presence --------------------------------------------------------------------------------
def _agents(now: float) -> dict[int, float]:
    seen = cache.get(_AGENTS_KEY) or {}
    return {agent: at for agent, at in seen.items() if now - at < PRESENCE_SECONDS}


def agent_seen(*, agent: User) -> None:
    now = timezone.now().timestamp()
    seen = _agents(now)
    seen[agent.pk] = now
    cache.set(_AGENTS_KEY, seen, PRESENCE_SECONDS * 2)


def agent_gone(*, agent: User) -> None:
    seen = _agents(timezone.now().timestamp())
    seen.pop(agent.pk, None)
    cache.set(_AGENTS_KEY, seen, PRESENCE_SECONDS * 2)


def agents_online() -> bool:
    return bool(_agents(timezone.now().timestamp()))


def _manager_key(contact: ContactRequest) -> str:
    return f"support:chat:manager:{contact.pk}"


def manager_seen(*, contact: ContactRequest) -> None:
    cache.set(_manager_key(contact), True, PRESENCE_SECONDS)


def manager_gone(*, contact: ContactRequest) -> None:
    cache.delete(_manager_key(contact))


def manager_online(*, contact: ContactRequest) -> bool:
    return bool(cache.get(_manager_key(contact)))


# --- the flood limit -------------------------------------------------------------------------
def rate_allowed(*, user: User, now: datetime) -> bool:
    """At most SUPPORT_CHAT_MESSAGES_PER_MINUTE messages a minute per person (fixed window)."""
    key = f"support:chat:rate:{user.pk}:{int(now.timestamp() // 60)}"
    cache.add(key, 0, 120)
    try:
        count = cache.incr(key)
    except ValueError:  # the window's key expired in between
        cache.set(key, 1, 120)
        count = 1
    return count <= settings.SUPPORT_CHAT_MESSAGES_PER_MINUTE


# --- conversations ---------------------------------------------------------------------------
def chat_current(*, actor: Actor) -> ContactRequest | None:
    """The manager's chat still going on (not resolved), if any."""
    return (
        ContactRequest.objects.filter(
            client=actor.client, created_by=actor.user, channel=ContactRequest.Channel.CHAT
        )
        .exclude(status=ContactRequest.Status.RESOLVED)
        .order_by("-created_at", "-id")
        .first()
    )


def chat_of_client(*, actor: Actor, public_id: object) -> ContactRequest:
    """The conversation a message names, checked against the actor's client."""
    contact = None
    if (checked := parse_public_id(public_id)) is not None:
        contact = ContactRequest.objects.filter(
            client=actor.client, public_id=checked, channel=ContactRequest.Channel.CHAT
        ).first()
    if contact is None:
        raise ChatRefused(_("Cette conversation n'existe pas dans votre espace."))
    return contact


def chat_for_agent(*, public_id: object) -> ContactRequest:
    contact = None
    if (checked := parse_public_id(public_id)) is not None:
        contact = ContactRequest.objects.filter(
            public_id=checked, channel=ContactRequest.Channel.CHAT
        ).first()
    if contact is None:
        raise ChatRefused(_("Cette conversation n'existe pas."))
    return contact


@dataclass(frozen=True)
class Sent:
    contact: ContactRequest
    message: SupportMessage
    started: bool  # this message opened the conversation
    agents_online: bool


def chat_send_by_manager(*, actor: Actor, public_id: object, body: str, now: datetime) -> Sent:
    """Stores the manager's message (a new conversation when it names none). With no agent
    online the chat is a contact request like any other: e-mailed to the service clients
    and answered by e-mail."""
    if not rate_allowed(user=actor.user, now=now):
        raise ChatRefused(
            _("Vous envoyez beaucoup de messages : patientez une minute avant le suivant.")
        )
    online = agents_online()
    if public_id:
        contact = chat_of_client(actor=actor, public_id=public_id)
        message = request_client_reply(
            actor=actor, contact=contact, body=body, uploads=[], now=now, notify=not online
        )
        return Sent(contact, message, started=False, agents_online=online)
    contact = request_create(
        actor=actor,
        category=ContactRequest.Category.OTHER,
        subject=_("Chat du %(date)s")
        % {"date": date_format(timezone.localtime(now), "SHORT_DATETIME_FORMAT")},
        body=body,
        order=None,
        uploads=[],
        now=now,
        channel=ContactRequest.Channel.CHAT,
        notify=not online,
    )
    return Sent(contact, contact.messages.get(), started=True, agents_online=online)


def chat_send_by_agent(*, agent: User, public_id: object, body: str, now: datetime) -> Sent:
    """An agent's answer in the console, e-mailed only when the manager is not connected."""
    contact = chat_for_agent(public_id=public_id)
    message = request_agent_reply(
        staff=agent,
        contact=contact,
        body=body,
        uploads=[],
        now=now,
        notify=not manager_online(contact=contact),
    )
    return Sent(contact, message, started=False, agents_online=True)


def chat_queue() -> list[ContactRequest]:
    """The chats still going on, oldest first, for the console."""
    return list(
        ContactRequest.objects.filter(channel=ContactRequest.Channel.CHAT)
        .exclude(status=ContactRequest.Status.RESOLVED)
        .select_related("client")
        .order_by("created_at", "id")[:100]
    )


# --- on the wire -----------------------------------------------------------------------------
def wire_message(message: SupportMessage) -> dict[str, Any]:
    if message.kind == SupportMessage.Kind.CLIENT:
        author = message.author.get_full_name() or message.author.email
    else:
        author = _("Service clients %(issuer)s") % {"issuer": settings.ISSUER["name"]}
    return {
        "id": message.pk,
        "kind": "agent" if message.kind == SupportMessage.Kind.AGENT else "client",
        "author": author,
        "body": message.body,
        "at": date_format(timezone.localtime(message.created_at), "SHORT_DATETIME_FORMAT"),
    }


def wire_history(contact: ContactRequest) -> list[dict[str, Any]]:
    messages = (
        SupportMessage.objects.filter(request=contact, client_id=contact.client_id)
        .exclude(kind=SupportMessage.Kind.NOTE)
        .select_related("author")
        .order_by("created_at", "id")
    )
    return [wire_message(message) for message in messages]


def wire_conversation(contact: ContactRequest) -> dict[str, Any]:
    return {
        "id": contact.public_id,
        "number": contact.number,
        "client": contact.client.legal_name,
        "subject": contact.subject,
        "status": contact.get_status_display(),
    }
