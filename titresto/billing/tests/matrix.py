"""URL matrix cases for « Mes documents comptables » and its downloads."""

from django.utils import timezone

from tests.factories import actor_for
from tests.matrix import Case, World
from titresto.billing.services import invoices_issue
from titresto.billing.tests.helpers import paid_order


def matrix_cases(world: World) -> list[Case]:
    order = paid_order(actor_for(world.client_admin), count=1)
    face_value, _fees = invoices_issue(order_id=order.pk, now=timezone.now())
    document = {"public_id": face_value.public_id}
    return [
        Case("billing:documents"),
        Case("billing:pdf", kwargs=document, tenant_object=True),
        Case("billing:xml", kwargs=document, tenant_object=True),
        Case("billing:order_detail_csv", kwargs={"public_id": order.public_id}, tenant_object=True),
        Case(
            "billing:order_detail_xlsx", kwargs={"public_id": order.public_id}, tenant_object=True
        ),
    ]
