import datetime as dt

import pytest

from tests.factories import BeneficiaryFactory, ClientFactory, DeliveryPointFactory


@pytest.fixture
def tenant(db):
    """A client with an active point SIEGE, an inactive point ANCIEN, and two beneficiaries."""
    client = ClientFactory()
    siege = DeliveryPointFactory(client=client, code="SIEGE")
    DeliveryPointFactory(client=client, code="ANCIEN", is_active=False)
    BeneficiaryFactory(
        client=client,
        matricule="E001",
        last_name="Lefèvre",
        first_name="Élodie",
        birth_date=dt.date(1985, 7, 14),
        delivery_point=siege,
    )
    BeneficiaryFactory(
        client=client,
        matricule="E002",
        last_name="Martin",
        first_name="Paul",
        birth_date=dt.date(1970, 1, 2),
        delivery_point=siege,
        status="DEPARTED",
        departure_date=dt.date(2026, 6, 30),
    )
    return client
