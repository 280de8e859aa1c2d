import pytest
from django.db import IntegrityError
from django.utils import timezone

from tests.factories import DeliveryPointFactory
from titresto.core.errors import DomainError
from titresto.core.versioning import save_claiming_key
from titresto.delivery.models import DeliveryPoint


def test_a_key_claimed_at_the_same_instant_is_named_not_a_server_error(tenant) -> None:
    DeliveryPointFactory(client=tenant, code="SIEGE")
    late = DeliveryPointFactory.build(client=tenant, code="SIEGE", updated_at=timezone.now())
    answers = iter([None, DomainError("Le code SIEGE est déjà pris.")])  # free, then claimed

    with pytest.raises(DomainError, match="déjà pris"):
        save_claiming_key(late, taken=lambda: next(answers))

    assert DeliveryPoint.objects.count() == 1


def test_an_integrity_error_of_another_kind_is_not_hidden(tenant) -> None:
    DeliveryPointFactory(client=tenant, code="SIEGE")
    late = DeliveryPointFactory.build(client=tenant, code="SIEGE", updated_at=timezone.now())

    with pytest.raises(IntegrityError):
        save_claiming_key(late, taken=lambda: None)
