"""The chat's websockets through Channels' WebsocketCommunicator: who may connect (session,
membership, Origin), every message's conversation checked against the actor's client, stored
before it is sent, the history on reconnect, agents' presence and the offline fallback, the
flood limit. Transactional: the consumers run their database work in worker threads."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.core.cache import cache

from titresto.asgi import application
from titresto.support.models import ContactRequest, SupportMessage

pytestmark = pytest.mark.django_db(transaction=True)
CHAT, CONSOLE = "/ws/aide/chat/", "/ws/aide/console/"
WAIT = 30  # seconds: a busy machine is slow, a missing message still fails


@pytest.fixture(autouse=True)
def _fresh_presence():
    cache.clear()
    yield
    cache.clear()


def session_of(http) -> str:
    return http.cookies["sessionid"].value


def socket(path: str, session: str | None = None, origin: str | None = "http://testserver"):
    headers = [(b"host", b"testserver")]
    if origin:
        headers.append((b"origin", origin.encode()))
    if session:
        headers.append((b"cookie", f"sessionid={session}".encode()))
    return WebsocketCommunicator(application, path, headers=headers)


def run(scenario):
    return async_to_sync(scenario)()


async def connected(path, session, origin="http://testserver"):
    communicator = socket(path, session, origin)
    accepted, code = await communicator.connect(timeout=WAIT)
    return communicator, accepted, code


def test_without_a_session_the_socket_is_refused() -> None:
    async def scenario():
        _, accepted, code = await connected(CHAT, None)
        return accepted, code

    assert run(scenario) == (False, 4401)


def test_another_sites_origin_is_refused(client_admin, signed_in) -> None:
    session = session_of(signed_in(client_admin))

    async def scenario():
        refused = [
            await connected(CHAT, session, origin) for origin in ("http://evil.example", None)
        ]
        return [(accepted, code) for _, accepted, code in refused]

    assert run(scenario) == [(False, 4403), (False, 4403)]


def test_a_visiteur_may_not_chat(visiteur, signed_in) -> None:
    session = session_of(signed_in(visiteur))

    async def scenario():
        _, accepted, code = await connected(CHAT, session)
        return accepted, code

    assert run(scenario) == (False, 4403)


def test_a_message_is_stored_before_it_is_sent_and_comes_back_after_a_reconnect(
    client_admin, signed_in
) -> None:
    session = session_of(signed_in(client_admin))

    async def scenario():
        first, accepted, _ = await connected(CHAT, session)
        hello = await first.receive_json_from(timeout=WAIT)
        await first.send_json_to({"type": "message", "body": "Bonjour, notre colis ?"})
        echoed = await first.receive_json_from(timeout=WAIT)
        stored_when_sent = await SupportMessage.objects.filter(
            body="Bonjour, notre colis ?"
        ).acount()
        await first.disconnect(timeout=WAIT)
        again, _, _ = await connected(CHAT, session)
        reloaded = await again.receive_json_from(timeout=WAIT)
        await again.disconnect(timeout=WAIT)
        return accepted, hello, echoed, stored_when_sent, reloaded

    accepted, hello, echoed, stored_when_sent, reloaded = run(scenario)
    contact = ContactRequest.objects.get()
    assert accepted and hello["conversation"] is None and hello["messages"] == []
    assert echoed["type"] == "message" and echoed["message"]["body"] == "Bonjour, notre colis ?"
    assert stored_when_sent == 1
    assert (contact.channel, contact.client) == ("CHAT", client_admin.client)
    assert reloaded["conversation"]["id"] == contact.public_id
    assert [m["body"] for m in reloaded["messages"]] == ["Bonjour, notre colis ?"]


def test_with_no_agent_online_the_chat_becomes_a_contact_request(
    client_admin, signed_in, django_capture_on_commit_callbacks
) -> None:
    session = session_of(signed_in(client_admin))

    async def scenario():
        manager, _, _ = await connected(CHAT, session)
        hello = await manager.receive_json_from(timeout=WAIT)
        await manager.send_json_to({"type": "message", "body": "Quelqu'un ?"})
        await manager.receive_json_from(timeout=WAIT)  # the message itself
        offline = await manager.receive_json_from(timeout=WAIT)
        await manager.disconnect(timeout=WAIT)
        return hello, offline

    hello, offline = run(scenario)
    contact = ContactRequest.objects.get()
    assert hello["agents_online"] is False
    assert offline["type"] == "offline" and contact.number in offline["message"]
    assert [email.to for email in mail.outbox] == [["service-clients@titresto.example"]]


def test_an_agent_answers_from_the_console_and_the_manager_sees_it_live(
    client_admin, issuer_agent, signed_in
) -> None:
    manager_session = session_of(signed_in(client_admin))
    agent_session = session_of(signed_in(issuer_agent))

    async def scenario():
        console, console_accepted, _ = await connected(CONSOLE, agent_session)
        await console.receive_json_from(timeout=WAIT)  # the queue
        manager, _, _ = await connected(CHAT, manager_session)
        hello = await manager.receive_json_from(timeout=WAIT)
        await manager.send_json_to({"type": "message", "body": "Notre carte est refusée."})
        await manager.receive_json_from(timeout=WAIT)
        seen_by_agent = await console.receive_json_from(timeout=WAIT)
        conversation = seen_by_agent["conversation"]["id"]
        await console.send_json_to(
            {"type": "message", "conversation": conversation, "body": "Je regarde."}
        )
        live = await manager.receive_json_from(timeout=WAIT)
        await manager.disconnect(timeout=WAIT)
        await console.disconnect(timeout=WAIT)
        return console_accepted, hello, seen_by_agent, live

    console_accepted, hello, seen_by_agent, live = run(scenario)
    contact = ContactRequest.objects.get()
    assert console_accepted and hello["agents_online"] is True
    assert seen_by_agent["message"]["body"] == "Notre carte est refusée."
    assert live["message"] == {**live["message"], "kind": "agent", "body": "Je regarde."}
    assert contact.status == ContactRequest.Status.WAITING and contact.assigned_to == issuer_agent
    assert mail.outbox == []  # the manager was connected: nothing to e-mail


def test_a_message_to_another_clients_conversation_is_refused_and_not_stored(
    client_admin, other_client_admin, signed_in
) -> None:
    other_session = session_of(signed_in(other_client_admin))
    own_session = session_of(signed_in(client_admin))

    async def scenario():
        owner, _, _ = await connected(CHAT, own_session)
        await owner.receive_json_from(timeout=WAIT)
        await owner.send_json_to({"type": "message", "body": "Chez SONACS"})
        started = await owner.receive_json_from(timeout=WAIT)
        await owner.disconnect(timeout=WAIT)
        intruder, _, _ = await connected(CHAT, other_session)
        await intruder.receive_json_from(timeout=WAIT)
        await intruder.send_json_to(
            {"type": "message", "conversation": started["conversation"]["id"], "body": "Coucou"}
        )
        refused = await intruder.receive_json_from(timeout=WAIT)
        await intruder.disconnect(timeout=WAIT)
        return refused

    refused = run(scenario)
    assert refused == {
        "type": "error",
        "message": "Cette conversation n'existe pas dans votre espace.",
    }
    assert list(SupportMessage.objects.values_list("body", flat=True)) == ["Chez SONACS"]


def test_empty_and_too_long_messages_get_a_french_answer(client_admin, signed_in) -> None:
    session = session_of(signed_in(client_admin))

    async def scenario():
        manager, _, _ = await connected(CHAT, session)
        await manager.receive_json_from(timeout=WAIT)
        answers = []
        for body in ("   ", "x" * 10_000):
            await manager.send_json_to({"type": "message", "body": body})
            answers.append(await manager.receive_json_from(timeout=WAIT))
        await manager.send_to(text_data="pas du JSON")
        answers.append(await manager.receive_json_from(timeout=WAIT))
        await manager.disconnect(timeout=WAIT)
        return answers

    empty, too_long, unreadable = run(scenario)
    assert empty["type"] == too_long["type"] == unreadable["type"] == "error"
    assert "Écrivez votre message" in empty["message"]
    assert "10000 caractères" in too_long["message"]
    assert SupportMessage.objects.count() == 0


def test_a_flood_is_stopped_per_manager(client_admin, signed_in, settings) -> None:
    settings.SUPPORT_CHAT_MESSAGES_PER_MINUTE = 3
    session = session_of(signed_in(client_admin))

    async def scenario():
        manager, _, _ = await connected(CHAT, session)
        await manager.receive_json_from(timeout=WAIT)
        kinds = []
        conversation = None
        for number in range(5):
            await manager.send_json_to(
                {"type": "message", "conversation": conversation, "body": f"message {number}"}
            )
            answer = await manager.receive_json_from(timeout=WAIT)
            if answer["type"] == "message":
                conversation = answer["conversation"]["id"]
                await manager.receive_json_from(timeout=WAIT)  # « aucun conseiller »
            kinds.append(answer["type"])
        await manager.disconnect(timeout=WAIT)
        return kinds

    assert run(scenario) == ["message", "message", "message", "error", "error"]
    assert SupportMessage.objects.count() == 3


def test_the_console_is_for_staff_with_their_second_factor(
    client_admin, issuer_agent, signed_in
) -> None:
    manager_session = session_of(signed_in(client_admin))
    http = signed_in(issuer_agent)
    session = http.session
    session.pop("signin_second_factor_verified")
    session.save()
    unverified = session_of(http)

    async def scenario():
        results = [await connected(CONSOLE, key) for key in (manager_session, unverified)]
        return [(accepted, code) for _, accepted, code in results]

    assert run(scenario) == [(False, 4401), (False, 4401)]


def test_the_managers_panel_is_not_for_staff(issuer_agent, signed_in) -> None:
    session = session_of(signed_in(issuer_agent))

    async def scenario():
        _, accepted, code = await connected(CHAT, session)
        return accepted, code

    assert run(scenario) == (False, 4401)


def test_a_channel_layer_down_loses_no_message(client_admin, signed_in, monkeypatch) -> None:
    from channels.layers import InMemoryChannelLayer

    async def down(*args, **kwargs):
        raise ConnectionError("the channel layer is restarting")

    session = session_of(signed_in(client_admin))
    monkeypatch.setattr(InMemoryChannelLayer, "group_send", down)

    async def scenario():
        manager, _, _ = await connected(CHAT, session)
        await manager.receive_json_from(timeout=WAIT)
        await manager.send_json_to({"type": "message", "body": "Toujours là ?"})
        answer = await manager.receive_json_from(timeout=WAIT)
        await manager.disconnect(timeout=WAIT)
        return answer

    answer = run(scenario)
    assert answer["type"] == "message" and answer["message"]["body"] == "Toujours là ?"
    assert SupportMessage.objects.get().body == "Toujours là ?"
