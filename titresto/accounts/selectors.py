from django.http import HttpRequest

from titresto.accounts.models import Membership, User
from titresto.core.actors import Actor

ACTIVE_CLIENT_SESSION_KEY = "active_client_id"


def membership_list(*, user: User) -> list[Membership]:
    """The clients a person manages (the entities of a group), for the header's switcher."""
    return list(
        Membership.objects.filter(user=user, is_active=True)
        .select_related("client")
        .order_by("client__legal_name")
    )


def actor_for_request(request: HttpRequest) -> Actor | None:
    user = request.user
    if not user.is_authenticated:
        return None
    # One query serves both the actor and the header's client switcher.
    memberships = membership_list(user=user)
    if not memberships:
        return None
    wanted_client_id = request.session.get(ACTIVE_CLIENT_SESSION_KEY)
    membership = next((m for m in memberships if m.client_id == wanted_client_id), memberships[0])
    return Actor(
        user=user,
        client=membership.client,
        membership=membership,
        capabilities=membership.capabilities,
        memberships=tuple(memberships),
    )
