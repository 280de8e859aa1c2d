"""The chat's websockets: a manager's panel and the agents' console.

`connect()` checks the Origin, the session and, for managers, the membership and capability
(for agents, staff with their second factor and the permission); every message's conversation
is checked against the actor's client. A message is stored by the services first, then sent
over the channel layer; a layer that fails loses nothing, since a reconnect reloads the
history from the database.
"""

import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.generic.websocket import JsonWebsocketConsumer
from django.utils import timezone
from django.utils.translation import gettext as _

from titresto.accounts.selectors import actor_for_session
from titresto.core.actors import Actor
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.support import chat
from titresto.support.models import ContactRequest

logger = logging.getLogger(__name__)
MAX_FRAME = 20_000  # characters: a message is at most 5 000, the rest is the envelope
SECOND_FACTOR_SESSION_KEY = "signin_second_factor_verified"
REFUSED_ORIGIN, NO_SESSION, FORBIDDEN = 4403, 4401, 4403


class ChatSocket(JsonWebsocketConsumer):
    def _broadcast(self, group: str, event: dict[str, Any]) -> bool:
        try:
            async_to_sync(self.channel_layer.group_send)(group, event)
        except Exception:
            logger.exception("support chat: channel layer unavailable")
            return False
        return True

    def _join(self, group: str) -> None:
        try:
            async_to_sync(self.channel_layer.group_add)(group, self.channel_name)
        except Exception:
            logger.exception("support chat: channel layer unavailable")

    def _leave(self, group: str) -> None:
        try:
            async_to_sync(self.channel_layer.group_discard)(group, self.channel_name)
        except Exception:
            logger.exception("support chat: channel layer unavailable")

    def _error(self, message: str) -> None:
        self.send_json({"type": "error", "message": message})

    def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data) > MAX_FRAME:
            self._error(_("Message trop long : 5 000 caractères au plus."))
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            content = None
        if not isinstance(content, dict):
            self._error(_("Message illisible : rechargez la page."))
            return
        self.receive_json(content)

    # Events sent to the groups this socket joined.
    def chat_message(self, event: dict[str, Any]) -> None:
        self.send_json(event["payload"])

    def chat_presence(self, event: dict[str, Any]) -> None:
        self.send_json({"type": "presence", "agents_online": event["agents_online"]})


class ManagerChatConsumer(ChatSocket):
    actor: Actor
    contact: ContactRequest | None = None

    def connect(self) -> None:
        if not chat.origin_allowed(self.scope.get("headers", [])):
            self.close(code=REFUSED_ORIGIN)
            return
        user, session = self.scope.get("user"), self.scope.get("session")
        actor = actor_for_session(user=user, session=session) if user and session else None
        if actor is None or user.is_staff:
            self.close(code=NO_SESSION)
            return
        if not actor.can(Capability.SUPPORT_REQUESTS):
            self.close(code=FORBIDDEN)
            return
        self.actor = actor
        self.accept()
        self._join(chat.PRESENCE_GROUP)
        self.contact = chat.chat_current(actor=actor)
        if self.contact is not None:
            self._follow(self.contact)
        self.send_json(
            {
                "type": "hello",
                "agents_online": chat.agents_online(),
                "conversation": chat.wire_conversation(self.contact) if self.contact else None,
                "messages": chat.wire_history(self.contact) if self.contact else [],
            }
        )

    def _follow(self, contact: ContactRequest) -> None:
        self._join(chat.request_group(contact))
        chat.manager_seen(contact=contact)

    def disconnect(self, code: int) -> None:
        if getattr(self, "actor", None) is None:
            return
        self._leave(chat.PRESENCE_GROUP)
        if self.contact is not None:
            self._leave(chat.request_group(self.contact))
            chat.manager_gone(contact=self.contact)

    def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        if content.get("type") == "ping":
            if self.contact is not None:
                chat.manager_seen(contact=self.contact)
            self.send_json({"type": "presence", "agents_online": chat.agents_online()})
            return
        if content.get("type") != "message":
            self._error(_("Message illisible : rechargez la page."))
            return
        try:
            sent = chat.chat_send_by_manager(
                actor=self.actor,
                public_id=content.get("conversation"),
                body=str(content.get("body", "")),
                now=timezone.now(),
            )
        except DomainError as error:
            self._error(str(error.user_message))
            return
        if sent.started or self.contact is None or self.contact.pk != sent.contact.pk:
            self.contact = sent.contact
            self._follow(sent.contact)
        payload = {
            "type": "message",
            "conversation": chat.wire_conversation(sent.contact),
            "message": chat.wire_message(sent.message),
        }
        delivered = self._broadcast(
            chat.request_group(sent.contact), {"type": "chat.message", "payload": payload}
        )
        self._broadcast(chat.AGENTS_GROUP, {"type": "chat.message", "payload": payload})
        if not delivered:
            self.send_json(payload)
        if not sent.agents_online:
            notice = {
                "type": "offline",
                "message": _(
                    "Aucun conseiller n'est en ligne : votre message est enregistré comme "
                    "demande %(number)s. Nous vous répondrons par e-mail et dans « Mes "
                    "demandes »."
                )
                % {"number": sent.contact.number},
            }
            self._to_self(notice, after_layer=delivered)

    def _to_self(self, payload: dict[str, Any], *, after_layer: bool) -> None:
        """After the message itself: through the layer when the message went that way."""
        if after_layer:
            try:
                async_to_sync(self.channel_layer.send)(
                    self.channel_name, {"type": "chat.message", "payload": payload}
                )
                return
            except Exception:
                logger.exception("support chat: channel layer unavailable")
        self.send_json(payload)


class AgentConsoleConsumer(ChatSocket):
    agent: Any

    def connect(self) -> None:
        if not chat.origin_allowed(self.scope.get("headers", [])):
            self.close(code=REFUSED_ORIGIN)
            return
        user, session = self.scope.get("user"), self.scope.get("session")
        if not (user and user.is_authenticated and user.is_active and user.is_staff):
            self.close(code=NO_SESSION)
            return
        if not (session and session.get(SECOND_FACTOR_SESSION_KEY)):
            self.close(code=NO_SESSION)
            return
        if not user.has_perm("support.change_contactrequest"):
            self.close(code=FORBIDDEN)
            return
        self.agent = user
        self.accept()
        self._join(chat.AGENTS_GROUP)
        chat.agent_seen(agent=user)
        self._broadcast(chat.PRESENCE_GROUP, {"type": "chat.presence", "agents_online": True})
        self.send_json(
            {
                "type": "queue",
                "conversations": [chat.wire_conversation(c) for c in chat.chat_queue()],
            }
        )

    def disconnect(self, code: int) -> None:
        if getattr(self, "agent", None) is None:
            return
        self._leave(chat.AGENTS_GROUP)
        chat.agent_gone(agent=self.agent)
        online = chat.agents_online()
        self._broadcast(chat.PRESENCE_GROUP, {"type": "chat.presence", "agents_online": online})

    def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        kind = content.get("type")
        if kind == "ping":
            chat.agent_seen(agent=self.agent)
            return
        try:
            if kind == "open":
                contact = chat.chat_for_agent(public_id=content.get("conversation"))
                self.send_json(
                    {
                        "type": "history",
                        "conversation": chat.wire_conversation(contact),
                        "messages": chat.wire_history(contact),
                    }
                )
                return
            if kind == "message":
                sent = chat.chat_send_by_agent(
                    agent=self.agent,
                    public_id=content.get("conversation"),
                    body=str(content.get("body", "")),
                    now=timezone.now(),
                )
            else:
                self._error(_("Message illisible : rechargez la page."))
                return
        except DomainError as error:
            self._error(str(error.user_message))
            return
        chat.agent_seen(agent=self.agent)
        payload = {
            "type": "message",
            "conversation": chat.wire_conversation(sent.contact),
            "message": chat.wire_message(sent.message),
        }
        self._broadcast(
            chat.request_group(sent.contact), {"type": "chat.message", "payload": payload}
        )
        if not self._broadcast(chat.AGENTS_GROUP, {"type": "chat.message", "payload": payload}):
            self.send_json(payload)
