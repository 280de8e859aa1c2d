"""What every page carries: the CSP, the French default, English on request, French errors."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client) -> None:
    response = client.get(reverse("accounts:login"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()
    assert "style=" not in response.content.decode()


def test_french_is_the_default_whatever_the_browser_asks(client) -> None:
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()


def test_english_is_available_from_the_language_switcher(client) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse("accounts:login"))

    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_an_unknown_page_is_a_french_404_not_a_stack_trace(client_admin, signed_in) -> None:
    response = signed_in(client_admin).get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client) -> None:
    response = client.get(reverse("portal:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
