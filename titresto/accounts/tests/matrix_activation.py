"""URL matrix cases for « Activer mon compte » (public pages)."""

from django.utils import timezone

from tests.matrix import Case, World
from titresto.accounts.models import Membership, User
from titresto.accounts.services.activation import invitation_issue
from titresto.core.capabilities import Profile


def matrix_cases(world: World) -> list[Case]:
    pending = Membership.objects.create(
        user=User.objects.create_user("en-attente@example.com"),
        client=world.tenant,
        profile=Profile.ADMINISTRATEUR,
        is_active=False,
        created_at=timezone.now(),
    )
    issued = invitation_issue(
        membership=pending, actor_user=None, now=timezone.now(), send_mail=False
    )
    return [
        Case("accounts:activate", kwargs={"token": issued.token}),
        Case("accounts:activate", kwargs={"token": "x" * 43}, ok_statuses=(404,), label="forged"),
        Case(
            "accounts:activate",
            kwargs={"token": issued.token},
            method="post",
            data={},
            label="empty form",
        ),
        Case("accounts:activation_request"),
        Case("accounts:activation_request", method="post", data={}, label="empty form"),
    ]
