from django.http import Http404

from titresto.beneficiaries.models import Beneficiary
from titresto.core.actors import Actor


def access_beneficiary(*, actor: Actor, public_id: str) -> Beneficiary:
    """The actor's client's beneficiary, or 404 — the same answer for « missing » and « not yours »."""
    beneficiary = (
        Beneficiary.objects.filter(client=actor.client, public_id=public_id)
        .select_related("delivery_point")
        .first()
    )
    if beneficiary is None:
        raise Http404
    return beneficiary
