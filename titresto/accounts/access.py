from django.http import Http404

from titresto.accounts.models import Membership
from titresto.core.actors import Actor
from titresto.core.parsing import parse_id


def access_membership(*, actor: Actor, access_id: str) -> Membership:
    """One access of the actor's client, or 404 — the same answer for « missing » and « not yours »."""
    pk = parse_id(access_id)
    membership = (
        Membership.objects.filter(client=actor.client, pk=pk)
        .select_related("user", "custom_profile")
        .first()
        if pk
        else None
    )
    if membership is None:
        raise Http404
    return membership
