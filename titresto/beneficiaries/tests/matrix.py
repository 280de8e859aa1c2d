"""URL matrix cases for « Mes bénéficiaires »."""

from tests.factories import BeneficiaryFactory
from tests.matrix import Case, World


def matrix_cases(world: World) -> list[Case]:
    person = BeneficiaryFactory(client=world.tenant, matricule="MATRICE1")
    leaving = BeneficiaryFactory(client=world.tenant, matricule="MATRICE2")
    spare = BeneficiaryFactory(client=world.tenant, matricule="MATRICE3")
    valid = {
        "matricule": "NOUVEAU1",
        "civility": "M",
        "last_name": "Martin",
        "first_name": "Hugo",
        "birth_date": "02/03/1990",
        "delivery_point": person.delivery_point.public_id,
    }
    return [
        Case("beneficiaries:list"),
        Case("beneficiaries:list", data={"q": "lefevre", "statut": "ACTIVE"}, label="search"),
        Case("beneficiaries:export_csv"),
        Case("beneficiaries:export_xlsx"),
        Case("beneficiaries:create"),
        Case("beneficiaries:create", method="post", data=valid, ok_statuses=(302,), label="valid"),
        Case(
            "beneficiaries:depart_bulk",
            method="post",
            data={"selection": [leaving.public_id], "departure_date": "01/01/2020"},
            ok_statuses=(302,),
        ),
        Case("beneficiaries:detail", kwargs={"public_id": person.public_id}, tenant_object=True),
        Case("beneficiaries:update", kwargs={"public_id": person.public_id}, tenant_object=True),
        Case(
            "beneficiaries:update",
            method="post",
            kwargs={"public_id": person.public_id},
            data={**valid, "matricule": "MATRICE1", "version": person.version},
            tenant_object=True,
            ok_statuses=(302,),
            label="valid",
        ),
        Case(
            "beneficiaries:depart",
            method="post",
            kwargs={"public_id": person.public_id},
            data={"departure_date": "01/01/2020"},
            tenant_object=True,
            ok_statuses=(302,),
        ),
        Case(
            "beneficiaries:reinstate",
            method="post",
            kwargs={"public_id": person.public_id},
            tenant_object=True,
            ok_statuses=(302,),
        ),
        Case("beneficiaries:delete", kwargs={"public_id": spare.public_id}, tenant_object=True),
        Case(
            "beneficiaries:delete",
            method="post",
            kwargs={"public_id": spare.public_id},
            tenant_object=True,
            ok_statuses=(302,),
        ),
    ]
