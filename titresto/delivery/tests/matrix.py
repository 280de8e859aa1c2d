"""URL matrix cases for « Points de livraison »."""

from tests.factories import DeliveryPointFactory
from tests.matrix import Case, World


def matrix_cases(world: World) -> list[Case]:
    point = DeliveryPointFactory(client=world.tenant, code="MATRICE")
    spare = DeliveryPointFactory(client=world.tenant, code="MATRICE_DEL")
    pk = {"public_id": point.public_id}
    valid = {
        "code": "NOUVEAU",
        "name": "Nouveau site",
        "address_line1": "1 rue Neuve",
        "postcode": "75001",
        "city": "PARIS",
        "contact_name": "Jean Dupont",
        "contact_phone": "01 23 45 67 89",
    }
    return [
        Case("delivery:list"),
        Case("delivery:create"),
        Case("delivery:create", method="post", data=valid, ok_statuses=(302,), label="valid"),
        Case("delivery:detail", kwargs=pk, tenant_object=True),
        Case("delivery:update", kwargs=pk, tenant_object=True),
        Case(
            "delivery:update",
            method="post",
            kwargs=pk,
            data={**valid, "code": "MATRICE", "version": point.version},
            tenant_object=True,
            ok_statuses=(302,),
            label="valid",
        ),
        Case(
            "delivery:deactivate", method="post", kwargs=pk, tenant_object=True, ok_statuses=(302,)
        ),
        Case("delivery:activate", method="post", kwargs=pk, tenant_object=True, ok_statuses=(302,)),
        Case("delivery:delete", kwargs={"public_id": spare.public_id}, tenant_object=True),
        Case(
            "delivery:delete",
            method="post",
            kwargs={"public_id": spare.public_id},
            tenant_object=True,
            ok_statuses=(302,),
        ),
    ]
