"""Contact requests: a number, a status, a thread, files typed by their bytes, e-mails both
ways, and nothing of another client within reach."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import actor_for
from titresto.core.models import AuditEvent
from titresto.core.states import TransitionForbidden
from titresto.orders.tests.order_helpers import draft_with
from titresto.support.attachments import MAX_BYTES, AttachmentRefused, Upload, attachments_check
from titresto.support.models import ContactRequest, SupportAttachment, SupportMessage
from titresto.support.requests import (
    MessageInvalid,
    request_agent_reply,
    request_client_reply,
    request_create,
    request_resolve,
)
from titresto.support.tests.helpers import PDF_BYTES, PNG_BYTES, xlsx_bytes

pytestmark = pytest.mark.django_db
NEW_URL = reverse("support:request_new")


def create(actor, *, body="Mon colis n'est pas arrivé.", uploads=(), order=None):
    return request_create(
        actor=actor,
        category=ContactRequest.Category.DELIVERY,
        subject="Colis",
        body=body,
        order=order,
        uploads=list(uploads),
        now=timezone.now(),
    )


def form(**changes):
    data = {"category": "LIVRAISON", "subject": "Colis perdu", "body": "Où est mon colis ?"}
    data.update(changes)
    return data


def test_a_manager_writes_a_request_about_an_order_with_a_file(
    client_admin, signed_in, django_capture_on_commit_callbacks
) -> None:
    order = draft_with(actor_for(client_admin), count=1)
    upload = SimpleUploadedFile("bon de livraison.pdf", PDF_BYTES)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(client_admin).post(
            NEW_URL, form(order=order.public_id, attachments=[upload])
        )

    contact = ContactRequest.objects.get()
    (message,) = contact.messages.all()
    (attachment,) = message.attachments.all()
    assert response.status_code == 302
    assert response["Location"] == reverse("support:request_detail", args=[contact.public_id])
    assert contact.number.startswith("DEM-") and contact.number.endswith("-000001")
    assert (contact.status, contact.order, contact.client) == (
        "OUVERTE",
        order,
        client_admin.client,
    )
    assert (attachment.file_name, attachment.content_type) == (
        "bon de livraison.pdf",
        "application/pdf",
    )
    assert default_storage.open(attachment.storage_name).read() == PDF_BYTES
    assert AuditEvent.objects.filter(
        action="support_request.create", client=client_admin.client
    ).exists()
    (email,) = mail.outbox
    assert email.to == ["service-clients@titresto.example"] and contact.number in email.subject


def test_another_clients_order_is_refused_on_its_field_and_nothing_is_saved(
    client_admin, other_client_admin, signed_in
) -> None:
    others_order = draft_with(actor_for(other_client_admin), count=1)

    response = signed_in(client_admin).post(NEW_URL, form(order=others_order.public_id))

    assert response.status_code == 200
    assert "Choisissez l&#x27;une des commandes de la liste." in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_the_service_refuses_another_clients_order_too(client_admin, other_client_admin) -> None:
    others_order = draft_with(actor_for(other_client_admin), count=1)

    with pytest.raises(Exception, match="commandes de la liste"):
        create(actor_for(client_admin), order=others_order)
    assert ContactRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "Écrivez votre message"), ("x" * 10_000, "10000 caractères, pour 5000 au plus")],
)
def test_an_empty_or_too_long_message_is_refused(client_admin, signed_in, body, message) -> None:
    response = signed_in(client_admin).post(NEW_URL, form(body=body))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_a_file_whose_bytes_are_no_accepted_type_is_refused_whatever_its_name(
    client_admin, signed_in
) -> None:
    disguised = SimpleUploadedFile("facture.pdf", b"MZ\x90\x00\x03\x00\x00\x00 an executable")

    response = signed_in(client_admin).post(NEW_URL, form(attachments=[disguised]))

    assert "« facture.pdf » n&#x27;est pas un fichier PDF, PNG, JPEG, CSV ou XLSX" in (
        response.content.decode()
    )
    assert ContactRequest.objects.count() == 0 and SupportAttachment.objects.count() == 0


def test_six_files_are_refused(client_admin, signed_in) -> None:
    files = [SimpleUploadedFile(f"{n}.pdf", PDF_BYTES) for n in range(6)]

    response = signed_in(client_admin).post(NEW_URL, form(attachments=files))

    assert "Joignez au plus 5 fichiers" in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_a_file_over_10_mb_is_refused(client_admin) -> None:
    with pytest.raises(AttachmentRefused, match="dépasse 10 Mo"):
        create(actor_for(client_admin), uploads=[Upload("scan.pdf", PDF_BYTES + b"0" * MAX_BYTES)])
    assert ContactRequest.objects.count() == 0


def test_types_are_read_from_the_bytes() -> None:
    not_a_workbook = io.BytesIO()
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("readme.txt", "hello")

    checked = attachments_check(
        [
            Upload("photo.pdf", PNG_BYTES),
            Upload("export", xlsx_bytes()),
            Upload("liste.txt", "matricule;nom\r\nA1;Lefèvre\r\n".encode("cp1252")),
            Upload("ticket.png", b"\xff\xd8\xff\xe0 jpeg"),
        ]
    )

    assert [(f.file_name, f.file_type.extension) for f in checked] == [
        ("photo.png", "png"),
        ("export.xlsx", "xlsx"),
        ("liste.csv", "csv"),
        ("ticket.jpg", "jpg"),
    ]
    for refused in (not_a_workbook.getvalue(), b"binary\x00data", b"\x01\x02\x03"):
        with pytest.raises(AttachmentRefused):
            attachments_check([Upload("x.csv", refused)])


def test_an_agent_answer_is_emailed_and_waits_for_the_client(
    client_admin, issuer_agent, django_capture_on_commit_callbacks
) -> None:
    contact = create(actor_for(client_admin))

    with django_capture_on_commit_callbacks(execute=True):
        request_agent_reply(
            staff=issuer_agent,
            contact=contact,
            body="Il part demain.",
            uploads=[],
            now=timezone.now(),
        )

    contact.refresh_from_db()
    (email,) = mail.outbox
    assert contact.status == ContactRequest.Status.WAITING and contact.assigned_to == issuer_agent
    assert email.to == [client_admin.user.email] and "Il part demain." in email.body
    assert reverse("support:request_detail", args=[contact.public_id]) in email.body


def test_the_manager_answers_in_the_portal_and_the_request_opens_again(
    client_admin, issuer_agent, signed_in, django_capture_on_commit_callbacks
) -> None:
    contact = create(actor_for(client_admin))
    request_agent_reply(
        staff=issuer_agent, contact=contact, body="Quel site ?", uploads=[], now=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(client_admin).post(
            reverse("support:request_detail", args=[contact.public_id]), {"body": "Le siège."}
        )

    contact.refresh_from_db()
    assert response.status_code == 302 and contact.status == ContactRequest.Status.OPEN
    assert [m.body for m in contact.messages.all()][-1] == "Le siège."
    assert mail.outbox[0].to == ["service-clients@titresto.example"]


def test_a_resolved_request_reopens_when_the_manager_writes(client_admin, issuer_agent) -> None:
    contact = create(actor_for(client_admin))
    request_resolve(staff=issuer_agent, contact=contact, now=timezone.now())

    request_client_reply(
        actor=actor_for(client_admin),
        contact=contact,
        body="Encore moi.",
        uploads=[],
        now=timezone.now(),
    )

    contact.refresh_from_db()
    assert contact.status == ContactRequest.Status.OPEN and contact.resolved_at is None


def test_a_manager_without_the_capability_cannot_reopen(
    client_admin, visiteur, issuer_agent
) -> None:
    contact = create(actor_for(client_admin))
    request_resolve(staff=issuer_agent, contact=contact, now=timezone.now())

    with pytest.raises(TransitionForbidden):
        request_client_reply(
            actor=actor_for(visiteur), contact=contact, body="x", uploads=[], now=timezone.now()
        )
    assert SupportMessage.objects.count() == 1


def test_internal_notes_and_their_files_never_reach_the_client(
    client_admin, issuer_agent, signed_in, django_capture_on_commit_callbacks
) -> None:
    contact = create(actor_for(client_admin))
    with django_capture_on_commit_callbacks(execute=True):
        note = request_agent_reply(
            staff=issuer_agent,
            contact=contact,
            body="Client pressé, voir transporteur",
            uploads=[Upload("capture.png", PNG_BYTES)],
            now=timezone.now(),
            internal=True,
        )
    http = signed_in(client_admin)

    page = http.get(reverse("support:request_detail", args=[contact.public_id])).content.decode()
    download = http.get(reverse("support:attachment", args=[note.attachments.get().public_id]))

    assert "Client pressé" not in page and download.status_code == 404
    assert mail.outbox == []
    contact.refresh_from_db()
    assert contact.status == ContactRequest.Status.OPEN


def test_a_file_is_downloaded_by_the_client_through_the_checked_view(
    client_admin, signed_in
) -> None:
    contact = create(actor_for(client_admin), uploads=[Upload("relevé.csv", b"a;b\r\n1;2\r\n")])
    attachment = contact.messages.get().attachments.get()

    response = signed_in(client_admin).get(
        reverse("support:attachment", args=[attachment.public_id])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"a;b\r\n1;2\r\n"


def test_another_client_reaches_neither_the_request_nor_its_files(
    client_admin, other_client_admin, signed_in
) -> None:
    contact = create(actor_for(client_admin), uploads=[Upload("a.pdf", PDF_BYTES)])
    http = signed_in(other_client_admin)

    detail = http.get(reverse("support:request_detail", args=[contact.public_id]))
    reply = http.post(reverse("support:request_detail", args=[contact.public_id]), {"body": "x"})
    download = http.get(
        reverse("support:attachment", args=[contact.messages.get().attachments.get().public_id])
    )
    listing = http.get(reverse("support:request_list")).content.decode()

    assert (detail.status_code, reply.status_code, download.status_code) == (404, 404, 404)
    assert contact.number not in listing and SupportMessage.objects.count() == 1


def test_a_request_number_follows_the_last(client_admin) -> None:
    first, second = create(actor_for(client_admin)), create(actor_for(client_admin))

    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_the_list_and_the_thread_cost_the_same_whatever_their_size(
    client_admin, issuer_agent, signed_in, django_assert_num_queries
) -> None:
    actor, http = actor_for(client_admin), signed_in(client_admin)
    contact = create(actor)
    http.get(reverse("support:request_list"))
    detail_url = reverse("support:request_detail", args=[contact.public_id])

    with django_assert_num_queries(5) as list_one:
        http.get(reverse("support:request_list"))
    with django_assert_num_queries(6) as detail_one:
        http.get(detail_url)
    for _ in range(30):
        create(actor, uploads=[Upload("a.pdf", PDF_BYTES)])
        request_agent_reply(
            staff=issuer_agent,
            contact=contact,
            body="Réponse",
            uploads=[Upload("b.pdf", PDF_BYTES)],
            now=timezone.now(),
        )
    with django_assert_num_queries(len(list_one)):
        http.get(reverse("support:request_list"))
    with django_assert_num_queries(len(detail_one)):
        http.get(detail_url)


def test_message_rules_hold_in_the_service(client_admin) -> None:
    with pytest.raises(MessageInvalid):
        create(actor_for(client_admin), body="")
