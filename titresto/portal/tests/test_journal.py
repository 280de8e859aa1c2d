import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from titresto.core.capabilities import Profile
from titresto.core.models import AuditEvent
from titresto.portal.journal import ACTION_LABELS, action_label

pytestmark = pytest.mark.django_db

JOURNAL = reverse("portal:journal")
EXPORT = reverse("portal:journal_export")


def _event(membership, action: str, *, day: dt.date, data: dict | None = None, **kwargs):
    user = membership.user
    return AuditEvent.objects.create(
        client=membership.client,
        actor_user=user,
        actor_label=user.get_full_name() or user.email,
        action=action,
        target_type=kwargs.get("target_type", "beneficiaries.beneficiary"),
        target_id="1",
        data=data or {},
        created_at=dt.datetime.combine(day, dt.time(10, 30), tzinfo=dt.UTC),
    )


def test_every_label_is_french_and_an_unknown_code_is_shown_as_it_is() -> None:
    assert action_label("contact.update") == "Contact modifié"
    assert action_label("parcel.lost_in_space") == "parcel.lost_in_space"
    assert all(code.count(".") == 1 for code in ACTION_LABELS)


def test_the_journal_tells_who_did_what_when_and_on_what(client_admin, signed_in) -> None:
    _event(client_admin, "beneficiary.create", day=dt.date(2026, 11, 2), data={"matricule": "M042"})
    _event(
        client_admin,
        "contact.update",
        day=dt.date(2026, 11, 3),
        data={"role": "BILLING"},
        target_type="clients.contact",
    )
    _event(client_admin, "fulfilment.something_new", day=dt.date(2026, 11, 4))

    response = signed_in(client_admin).get(JOURNAL)

    page = response.content.decode()
    rows = response.context["page"].rows
    assert response.status_code == 200
    assert [row.what for row in rows] == [
        "fulfilment.something_new",
        "Contact modifié",
        "Bénéficiaire créé",
    ]
    assert rows[1].target == "Contact facturation"
    assert rows[2].target == "Bénéficiaire M042"
    assert "02/11/2026" in page and client_admin.user.get_full_name() in page


def test_the_journal_shows_only_the_clients_events(client_admin, other_client_admin, signed_in):
    _event(other_client_admin, "beneficiary.create", day=dt.date(2026, 11, 2))

    response = signed_in(client_admin).get(JOURNAL)

    assert response.context["page"].total == 0
    assert "Aucune action ne correspond" in response.content.decode()


def test_the_journal_filters_by_person_kind_and_period(client_admin, signed_in) -> None:
    colleague = MembershipFactory(client=client_admin.client, profile=Profile.COMMANDEUR)
    _event(client_admin, "beneficiary.create", day=dt.date(2026, 11, 2))
    _event(colleague, "beneficiary.update", day=dt.date(2026, 11, 10))
    _event(colleague, "order.create", day=dt.date(2026, 11, 10), target_type="orders.order")
    _event(colleague, "order_import.upload", day=dt.date(2026, 11, 20))
    _event(colleague, "order.pay", day=dt.date(2026, 11, 30))
    _event(colleague, "orders.exported", day=dt.date(2026, 12, 1), target_type="")
    http = signed_in(client_admin)

    def actions(**filters: str) -> list[str]:
        return [row.what for row in http.get(JOURNAL, filters).context["page"].rows]

    assert actions(personne=str(client_admin.user_id)) == ["Bénéficiaire créé"]
    assert actions(type="commandes") == [
        "Historique des commandes exporté",
        "Commande payée",
        "Fichier de commande déposé",
        "Commande créée",
    ]
    assert actions(du="10/11/2026", au="20/11/2026") == [
        "Fichier de commande déposé",
        "Commande créée",
        "Bénéficiaire modifié",
    ]
    assert actions(type="beneficiaires", personne=str(colleague.user_id)) == [
        "Bénéficiaire modifié"
    ]


def test_a_wrong_filter_is_told_and_dropped(client_admin, signed_in) -> None:
    stranger = UserFactory()
    _event(client_admin, "beneficiary.create", day=dt.date(2026, 11, 2))

    response = signed_in(client_admin).get(
        JOURNAL, {"personne": str(stranger.pk), "du": "31/02/2026", "au": "30/11/2026"}
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) == {"personne", "du"}
    assert response.context["page"].total == 1


def test_an_end_before_the_start_is_refused(client_admin, signed_in) -> None:
    response = signed_in(client_admin).get(JOURNAL, {"du": "10/11/2026", "au": "01/11/2026"})

    assert "précède la date de début" in response.context["form"].errors["au"][0]


def test_the_journal_is_paged(client_admin, signed_in) -> None:
    for day in range(60):
        _event(client_admin, "beneficiary.update", day=dt.date(2026, 9, 1) + dt.timedelta(day))

    second = signed_in(client_admin).get(JOURNAL, {"page": "2", "type": "beneficiaires"})

    page = second.context["page"]
    assert (page.number, page.page_count, len(page.rows)) == (2, 2, 10)
    assert "type=beneficiaires&amp;page=1" in second.content.decode()


@pytest.mark.parametrize("events", [2, 60])
def test_the_journal_costs_the_same_queries_whatever_the_events(
    client_admin, signed_in, django_assert_num_queries, events
) -> None:
    for number in range(events):
        _event(client_admin, "order.create", day=dt.date(2026, 11, 1), data={"number": number})
    http = signed_in(client_admin)

    # session, user, memberships (the actor); the people to filter by; count; rows
    with django_assert_num_queries(6):
        http.get(JOURNAL, {"type": "commandes"})


def test_the_csv_export_streams_the_filtered_journal(client_admin, signed_in) -> None:
    _event(client_admin, "beneficiary.create", day=dt.date(2026, 11, 2), data={"matricule": "=1+1"})
    _event(client_admin, "order.create", day=dt.date(2026, 11, 3), target_type="orders.order")

    response = signed_in(client_admin).get(EXPORT, {"type": "beneficiaires"})

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"journal-{client_admin.client.client_number}-" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["date", "heure", "auteur", "action", "objet"]
    assert rows[1][0] == "02/11/2026" and rows[1][3] == "Bénéficiaire créé"
    assert rows[1][4] == "Bénéficiaire =1+1" and len(rows) == 2


@pytest.mark.parametrize("persona", ["commandeur", "visiteur"])
def test_only_administrators_read_the_journal(persona, signed_in, request) -> None:
    membership = request.getfixturevalue(persona)

    assert signed_in(membership).get(JOURNAL).status_code == 403
    assert signed_in(membership).get(EXPORT).status_code == 403
