from tests.matrix import Case, World
from titresto.clients.models import Client


def matrix_cases(world: World) -> list[Case]:
    # Contacts are editable once the first order is paid; the refusal before it is tested apart.
    Client.objects.filter(pk=world.tenant.pk).update(first_order_paid_at=world.tenant.created_at)
    contact = {
        "first_name": "Paul",
        "last_name": "Durand",
        "email": "compta@sonacs.example",
        "phone": "01 23 45 67 89",
        "version": 0,
    }
    return [
        Case("portal:dashboard"),
        Case(
            "accounts:switch_client",
            method="post",
            data={"client": world.tenant.client_number},
            ok_statuses=(302,),
        ),
        Case("portal:account"),
        Case("portal:contact_edit", kwargs={"role": "facturation"}),
        Case(
            "portal:contact_edit",
            method="post",
            kwargs={"role": "facturation"},
            data=contact,
            ok_statuses=(302,),
            label="valid",
        ),
        Case("portal:journal"),
        Case("portal:journal", data={"type": "compte", "du": "01/01/2026"}, label="filtered"),
        Case("portal:journal_export"),
    ]
