"""URL matrix cases for « Gestion des accès » (Administrateur only)."""

from django.utils import timezone

from tests.factories import MembershipFactory
from tests.matrix import Case, World
from titresto.accounts.models import CustomProfile, Membership
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
            "accounts:client_options",
            method="post",
            data={"requires_order_approval": "on", "carry_over_policy": "AUTOMATIC"},
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
        Case("accounts:client_options", ok_statuses=(302,), label="GET"),
        *profile_cases(world),
    ]


def _profile(world: World, name: str) -> CustomProfile:
    return CustomProfile.objects.create(
        client=world.tenant, name=name, capabilities=["ORDERS_VIEW"], created_at=timezone.now()
    )


def profile_cases(world: World) -> list[Case]:
    to_edit, to_delete = _profile(world, "À modifier"), _profile(world, "À supprimer")
    return [
        Case("accounts:profile_list"),
        Case("accounts:profile_new"),
        Case(
            "accounts:profile_new",
            method="post",
            data={"name": "Paie", "capabilities": ["ORDERS_VIEW"]},
            ok_statuses=(302,),
            label="valid",
        ),
        Case("accounts:profile_edit", kwargs={"profile_id": str(to_edit.pk)}, tenant_object=True),
        Case(
            "accounts:profile_edit",
            kwargs={"profile_id": str(to_edit.pk)},
            method="post",
            data={"name": "Modifié", "capabilities": ["DOCUMENTS_VIEW"], "version": 1},
            tenant_object=True,
            ok_statuses=(302,),
            label="valid",
        ),
        Case(
            "accounts:profile_delete",
            kwargs={"profile_id": str(to_delete.pk)},
            method="post",
            data={"version": 1},
            tenant_object=True,
            ok_statuses=(302,),
        ),
    ]
