from tests.matrix import Case, World


def matrix_cases(world: World) -> list[Case]:
    return [
        Case("statistics:usage"),
        Case("statistics:usage", data={"periode": "annee", "annee": "2026"}, label="year"),
        Case("statistics:export", kwargs={"format": "csv"}),
        Case("statistics:export", kwargs={"format": "xlsx"}),
    ]
