import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest

from titresto.accounts.models import ActivationInvitation, CustomProfile, Membership, User
from titresto.core.actors import Actor

ACTIVE_CLIENT_SESSION_KEY = "active_client_id"


def membership_list(*, user: User) -> list[Membership]:
    """The clients a person manages (the entities of a group), for the header's switcher."""
    return list(
        Membership.objects.filter(user=user, is_active=True)
        .select_related("client", "custom_profile")
        .order_by("client__legal_name")
    )


def actor_for_request(request: HttpRequest) -> Actor | None:
    return actor_for_session(user=request.user, session=request.session)


def actor_for_session(*, user: Any, session: Any) -> Actor | None:
    """The actor of a signed-in user's session: the HTTP middleware's, and the support chat's
    websocket (which has a session and a user, not a request)."""
    if not user.is_authenticated:
        return None
    # One query serves both the actor and the header's client switcher.
    memberships = membership_list(user=user)
    if not memberships:
        return None
    wanted_client_id = session.get(ACTIVE_CLIENT_SESSION_KEY)
    membership = next((m for m in memberships if m.client_id == wanted_client_id), memberships[0])
    return Actor(
        user=user,
        client=membership.client,
        membership=membership,
        capabilities=membership.capabilities,
        memberships=tuple(memberships),
    )


def access_list(*, actor: Actor, now: dt.datetime) -> list[Membership]:
    """The client's accesses for « Gestion des accès », in one query: each with its person and
    whether an invitation still has a live link (`has_live_link`)."""
    live_link = ActivationInvitation.objects.filter(
        membership=OuterRef("pk"), used_at__isnull=True, burned_at__isnull=True, expires_at__gt=now
    )
    return list(
        Membership.objects.filter(client=actor.client)
        .select_related("user", "custom_profile")
        .annotate(has_live_link=Exists(live_link))
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def custom_profile_list(*, actor: Actor) -> list[CustomProfile]:
    """The client's own profiles, each with how many accesses hold it (`holder_count`)."""
    return list(
        CustomProfile.objects.filter(client=actor.client)
        .annotate(holder_count=Count("memberships"))
        .order_by("name")
    )
