"""URL matrix cases for « Gestion des accès » (Administrateur only)."""

from django.utils import timezone

from tests.factories import MembershipFactory
from tests.matrix import Case, World
from titresto.accounts.models import Membership
from titresto.clients.models import Client
from titresto.core.capabilities import Profile


def _access(world: World, **fields: object) -> Membership:
    return MembershipFactory(client=world.tenant, profile=Profile.COMMANDEUR, **fields)


def matrix_cases(world: World) -> list[Case]:
    # Accesses are managed once the first order is paid; the refusal before it is tested apart.
    Client.objects.filter(pk=world.tenant.pk).update(first_order_paid_at=world.tenant.created_at)
    to_change, to_suspend, to_remove = _access(world), _access(world), _access(world)
    suspended = _access(world, is_active=False, suspended_at=timezone.now())
    invited = _access(world, is_active=False)

    def on(access: Membership, url_name: str, **case: object) -> Case:
        return Case(
            url_name,
            kwargs={"access_id": str(access.pk)},
            method="post",
            data={"version": access.version},
            tenant_object=True,
            ok_statuses=(302,),
            **case,  # type: ignore[arg-type]
        )

    return [
        Case("accounts:access_list"),
        Case("accounts:access_invite"),
        Case(
            "accounts:access_invite",
            method="post",
            data={"email": "nouvelle.recrue@example.com", "profile": Profile.VISITEUR},
            ok_statuses=(302,),
            label="valid",
        ),
        Case(
            "accounts:access_two_factor",
            method="post",
            data={"requires_two_factor": ""},
            ok_statuses=(302,),
        ),
        Case(
            "accounts:access_detail",
            kwargs={"access_id": str(to_change.pk)},
            tenant_object=True,
        ),
        Case(
            "accounts:access_detail",
            kwargs={"access_id": str(to_change.pk)},
            method="post",
            data={"profile": Profile.VISITEUR, "version": to_change.version},
            tenant_object=True,
            ok_statuses=(302,),
            label="profile",
        ),
        on(to_suspend, "accounts:access_suspend"),
        on(suspended, "accounts:access_reactivate"),
        on(to_remove, "accounts:access_remove"),
        on(invited, "accounts:access_renew"),
    ]
