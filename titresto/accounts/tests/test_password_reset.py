"""Password reset by e-mail (same answer for any address) and password change when signed in."""

import html
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from conftest import PASSWORD
from tests.factories import UserFactory
from titresto.accounts.models import User
from titresto.core.models import AuditEvent

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
NEW_PASSWORD = "un tout nouveau mot de passe 2026"


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def without_csrf(page: str) -> str:
    return "\n".join(line for line in page.splitlines() if "csrf" not in line.lower())


def reset_link(message) -> str:  # type: ignore[no-untyped-def]
    return re.search(r"https?://\S+/compte/mot-de-passe/\S+/", message.body).group(0)  # type: ignore[union-attr]


def test_a_reset_mail_is_sent_in_french_with_the_issuers_brand(
    client, client_admin, settings
) -> None:
    settings.ISSUER = {**settings.ISSUER, "name": "Carte Bonrepas"}
    settings.SITE_URL = "https://espace.example"

    response = client.post(RESET, {"email": client_admin.user.email.upper()})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [client_admin.user.email]
    assert "Carte Bonrepas" in message.subject
    assert "valable 2 heures" in message.body
    assert reset_link(message).startswith("https://espace.example/compte/mot-de-passe/")
    html_body, mime = message.alternatives[0]
    assert mime == "text/html" and "Carte Bonrepas" in html_body


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, client_admin) -> None:
    known = client.post(RESET, {"email": client_admin.user.email}, follow=True)
    unknown = client.post(RESET, {"email": "personne@example.com"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert without_csrf(text(known)) == without_csrf(text(unknown))
    assert len(mail.outbox) == 1


def test_an_inactive_account_gets_no_mail(client) -> None:
    user = UserFactory(is_active=False)

    client.post(RESET, {"email": user.email})

    assert mail.outbox == []


def test_the_link_sets_a_new_password_once_and_lifts_the_login_lock(
    client, client_admin, settings
) -> None:
    settings.LOGIN_FAILURES_PER_ACCOUNT = 1
    cache.clear()
    client.post(reverse("accounts:login"), {"email": client_admin.user.email, "password": "x"})
    client.post(RESET, {"email": client_admin.user.email})
    link = reset_link(mail.outbox[0])

    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    reused = client.get(link, follow=True)
    signed_in = client.post(
        reverse("accounts:login"), {"email": client_admin.user.email, "password": NEW_PASSWORD}
    )

    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert User.objects.get(pk=client_admin.user.pk).check_password(NEW_PASSWORD)
    assert "Ce lien n'est plus valable" in text(reused)
    assert signed_in.status_code == 302
    assert AuditEvent.objects.filter(action="accounts.password_reset").exists()


def test_a_weak_new_password_is_refused_next_to_its_field(client, client_admin) -> None:
    client.post(RESET, {"email": client_admin.user.email})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "court", "new_password2": "court"}
    )

    assert 'id="id_new_password2_error"' in response.content.decode()
    assert User.objects.get(pk=client_admin.user.pk).check_password(PASSWORD)


def test_a_forged_link_explains_itself(client) -> None:
    response = client.get(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "faux"})
    )

    assert "Ce lien n'est plus valable" in text(response)


def test_a_signed_in_user_changes_their_password(client_admin, signed_in) -> None:
    http = signed_in(client_admin)

    response = http.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("accounts:security")
    assert User.objects.get(pk=client_admin.user.pk).check_password(NEW_PASSWORD)
    assert http.get(reverse("accounts:security")).status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="accounts.password_changed").exists()


def test_a_wrong_old_password_changes_nothing(client_admin, signed_in) -> None:
    response = signed_in(client_admin).post(
        reverse("accounts:password_change"),
        {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert 'id="id_old_password_error"' in response.content.decode()
    assert User.objects.get(pk=client_admin.user.pk).check_password(PASSWORD)


def test_old_password_guesses_are_throttled(client_admin, signed_in, settings) -> None:
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    cache.clear()
    http = signed_in(client_admin)
    wrong = {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    http.post(reverse("accounts:password_change"), wrong)
    http.post(reverse("accounts:password_change"), wrong)

    response = http.post(reverse("accounts:password_change"), {**wrong, "old_password": PASSWORD})

    assert "Trop de tentatives" in text(response)
    assert User.objects.get(pk=client_admin.user.pk).check_password(PASSWORD)


def test_the_security_page_is_french_and_csp_clean(client_admin, signed_in) -> None:
    response = signed_in(client_admin).get(reverse("accounts:security"))

    page = text(response)
    assert "Sécurité de mon compte" in page and "Double authentification" in page
    assert "style=" not in page and "<script>" not in page
    assert page.count("<h1") == 1


def test_reset_mails_to_one_address_are_limited_with_the_same_answer(client, client_admin) -> None:
    cache.clear()
    answers = [client.post(RESET, {"email": client_admin.user.email}) for _ in range(5)]

    assert {answer["Location"] for answer in answers} == {reverse("accounts:password_reset_done")}
    assert len(mail.outbox) == 3


def test_the_pages_cost_a_fixed_number_of_queries(
    client, client_admin, signed_in, django_assert_num_queries
) -> None:
    with django_assert_num_queries(0):
        client.get(reverse("accounts:login"))
    with django_assert_num_queries(0):
        client.get(RESET)
    http = signed_in(client_admin)
    # Session, user, the memberships (the actor and the header's client switcher).
    with django_assert_num_queries(3):
        http.get(reverse("accounts:security"))
