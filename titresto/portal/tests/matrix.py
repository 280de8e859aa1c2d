from tests.matrix import Case, World


def matrix_cases(world: World) -> list[Case]:
    return [
        Case("portal:dashboard"),
        Case(
            "accounts:switch_client",
            method="post",
            data={"client": world.tenant.client_number},
            ok_statuses=(302,),
        ),
    ]
