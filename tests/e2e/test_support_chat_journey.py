"""The support chat, in Chromium: an agent opens the console in the back-office, a manager opens
the chat in the portal and writes, the agent answers from the console in a second browser
context, and the manager sees the answer arrive live — over real websockets served by
uvicorn, the CSP on, axe-core on each page."""

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from playwright.sync_api import expect

from tests.e2e.conftest import _record_console, check_accessibility
from tests.e2e.test_order_journeys import DESKTOP, sign_in
from titresto.support.models import ContactRequest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[str]:
    """The project's ASGI application (pages and websockets) on a free port, in a thread:
    pytest-django's live server speaks WSGI only."""
    from titresto.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        ASGIStaticFilesHandler(application),
        host="127.0.0.1",
        port=port,
        ws="websockets-sansio",
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def browser_page(browser: Any, url: str, problems: list[str], cookies: list[dict] | None = None):
    context = browser.new_context(base_url=url, locale="fr-FR")
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    page.on("console", lambda message: _record_console(message, problems))
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(DESKTOP)
    return context, page


def test_a_manager_chats_live_with_an_agent(
    browser, asgi_server, client_admin, issuer_agent, signed_in
) -> None:
    problems: list[str] = []
    agent_session = signed_in(issuer_agent).cookies["sessionid"].value
    agent_context, console = browser_page(
        browser,
        asgi_server,
        problems,
        cookies=[{"name": "sessionid", "value": agent_session, "url": asgi_server}],
    )
    manager_context, chat = browser_page(browser, asgi_server, problems)

    console.goto("/backoffice/support/contactrequest/console/")
    expect(console.get_by_role("heading", name="Chats en cours")).to_be_visible()
    check_accessibility(console)

    sign_in(chat, client_admin)
    chat.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Aide et contact"
    ).click()
    chat.get_by_role("link", name="Chat", exact=True).click()
    expect(chat.get_by_role("heading", level=1)).to_have_text("Chat avec le service clients")
    expect(chat.get_by_role("status").filter(has_text="conseiller")).to_have_text(
        "Un conseiller vous répond."
    )
    check_accessibility(chat)
    chat.get_by_label("Votre message").fill("Notre colis de cartes n'est pas arrivé.")
    chat.get_by_role("button", name="Envoyer").click()
    expect(chat.get_by_test_id("chat-log")).to_contain_text(
        "Notre colis de cartes n'est pas arrivé."
    )
    expect(chat.get_by_label("Votre message")).to_have_value("")

    contact = ContactRequest.objects.get()
    console.get_by_role(
        "button", name=f"{contact.number} · {client_admin.client.legal_name}"
    ).click()
    expect(console.get_by_test_id("console-log")).to_contain_text("Notre colis de cartes")
    console.get_by_label("Votre réponse").fill("Il est chez le transporteur : livraison demain.")
    console.get_by_role("button", name="Envoyer").click()

    expect(chat.get_by_test_id("chat-log")).to_contain_text(
        "Il est chez le transporteur : livraison demain."
    )
    check_accessibility(chat)
    contact.refresh_from_db()
    assert contact.status == ContactRequest.Status.WAITING
    assert contact.assigned_to == issuer_agent
    manager_context.close()
    agent_context.close()
    assert problems == [], "the browser reported problems"
