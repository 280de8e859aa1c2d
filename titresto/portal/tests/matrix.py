from tests.matrix import Case, World


def matrix_cases(world: World) -> list[Case]:
    return [Case("portal:dashboard")]
