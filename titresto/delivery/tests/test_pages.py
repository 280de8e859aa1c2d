import pytest
from django.urls import reverse

from tests.factories import DeliveryPointFactory
from titresto.core.models import AuditEvent
from titresto.delivery.models import DeliveryPoint

VALID = {
    "code": "siege",
    "name": "Siège",
    "address_line1": "12 rue de la Paix",
    "address_line2": "",
    "postcode": "75002",
    "city": "Paris",
    "contact_name": "Claire Lefèvre",
    "contact_phone": "01 23 45 67 89",
    "contact_email": "",
    "instructions": "",
}


@pytest.mark.parametrize("points", [1, 50])
def test_list_page_runs_the_same_queries_whatever_the_number_of_points(
    commandeur, signed_in, django_assert_num_queries, points
) -> None:
    DeliveryPointFactory.create_batch(points, client=commandeur.client)
    http = signed_in(commandeur)

    # session, user, memberships (actor and switcher), points
    with django_assert_num_queries(4):
        response = http.get(reverse("delivery:list"))

    assert response.status_code == 200
    assert response.content.count(b'data-testid="delivery-point-row"') == points


def test_list_shows_only_the_clients_points(commandeur, other_tenant, signed_in) -> None:
    DeliveryPointFactory(client=commandeur.client, code="CHEZNOUS")
    DeliveryPointFactory(client=other_tenant, code="CHEZEUX")

    response = signed_in(commandeur).get(reverse("delivery:list"))

    assert b"CHEZNOUS" in response.content
    assert b"CHEZEUX" not in response.content


def test_create_through_the_form_then_the_detail_says_who_changed_it(commandeur, signed_in) -> None:
    http = signed_in(commandeur)

    response = http.post(reverse("delivery:create"), VALID, follow=True)

    point = DeliveryPoint.objects.get()
    assert point.code == "SIEGE"
    assert point.city == "PARIS"
    assert response.redirect_chain[-1][0] == reverse("delivery:detail", args=[point.public_id])
    assert "Modifié le" in response.content.decode()
    assert "par Camille Durand" in response.content.decode()


def test_detail_page_query_count(commandeur, signed_in, django_assert_num_queries) -> None:
    point = DeliveryPointFactory(client=commandeur.client)
    http = signed_in(commandeur)

    # session, user, memberships, point, last change
    with django_assert_num_queries(5):
        response = http.get(reverse("delivery:detail", args=[point.public_id]))

    assert response.status_code == 200


def test_a_duplicate_code_is_shown_next_to_the_field_and_nothing_is_saved(
    commandeur, signed_in
) -> None:
    DeliveryPointFactory(client=commandeur.client, code="SIEGE", name="Siège social")

    response = signed_in(commandeur).post(reverse("delivery:create"), VALID)

    assert response.status_code == 200
    assert "déjà celui du point de livraison « Siège social »" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert DeliveryPoint.objects.count() == 1


def test_a_stale_edit_is_refused_with_a_reload_message(commandeur, signed_in) -> None:
    point = DeliveryPointFactory(client=commandeur.client, code="SIEGE", city="PARIS", version=2)

    response = signed_in(commandeur).post(
        reverse("delivery:update", args=[point.public_id]), {**VALID, "city": "LYON", "version": 1}
    )

    assert response.status_code == 200
    assert "modifiée entre-temps" in response.content.decode()
    point.refresh_from_db()
    assert (point.city, point.version) == ("PARIS", 2)


def test_an_update_with_the_current_version_is_saved(commandeur, signed_in) -> None:
    point = DeliveryPointFactory(client=commandeur.client, code="SIEGE")

    response = signed_in(commandeur).post(
        reverse("delivery:update", args=[point.public_id]), {**VALID, "city": "Lyon", "version": 1}
    )

    assert response.status_code == 302
    point.refresh_from_db()
    assert (point.city, point.version) == ("LYON", 2)


def test_visiteur_reads_but_cannot_change_anything(visiteur, signed_in) -> None:
    point = DeliveryPointFactory(client=visiteur.client, code="SIEGE")
    http = signed_in(visiteur)

    detail = http.get(reverse("delivery:detail", args=[point.public_id]))
    refused = [
        http.post(reverse("delivery:create"), VALID),
        http.post(reverse("delivery:update", args=[point.public_id]), {**VALID, "version": 1}),
        http.post(reverse("delivery:deactivate", args=[point.public_id])),
        http.post(reverse("delivery:delete", args=[point.public_id])),
    ]

    assert detail.status_code == 200
    assert reverse("delivery:update", args=[point.public_id]).encode() not in detail.content
    assert [response.status_code for response in refused] == [403] * 4
    point.refresh_from_db()
    assert (point.is_active, point.version) == (True, 1)
    assert not AuditEvent.objects.exists()


def test_another_clients_point_is_not_found(other_client_admin, tenant, signed_in) -> None:
    point = DeliveryPointFactory(client=tenant)
    http = signed_in(other_client_admin)

    responses = [
        http.get(reverse("delivery:detail", args=[point.public_id])),
        http.post(reverse("delivery:deactivate", args=[point.public_id])),
        http.post(reverse("delivery:delete", args=[point.public_id])),
    ]

    assert [response.status_code for response in responses] == [404] * 3
    assert DeliveryPoint.objects.get().is_active is True


def test_deleting_a_point_in_use_explains_to_deactivate_it(commandeur, signed_in) -> None:
    from tests.factories import BeneficiaryFactory

    person = BeneficiaryFactory(client=commandeur.client)
    point = person.delivery_point

    response = signed_in(commandeur).post(
        reverse("delivery:delete", args=[point.public_id]), follow=True
    )

    assert "Désactivez-le plutôt" in response.content.decode()
    assert DeliveryPoint.objects.filter(pk=point.pk).exists()


def test_deactivate_through_the_page(commandeur, signed_in) -> None:
    point = DeliveryPointFactory(client=commandeur.client)

    response = signed_in(commandeur).post(reverse("delivery:deactivate", args=[point.public_id]))

    assert response.status_code == 302
    point.refresh_from_db()
    assert point.is_active is False


def test_a_point_is_addressed_by_its_public_id_not_its_row_id(commandeur, signed_in) -> None:
    point = DeliveryPointFactory(client=commandeur.client)
    http = signed_in(commandeur)

    listed = http.get(reverse("delivery:list")).content.decode()

    assert reverse("delivery:detail", args=[point.public_id]) in listed
    assert http.get(f"/points-de-livraison/{point.pk}/").status_code == 404
