"""The URL × actor matrix: every URL pattern, walked as each kind of visitor.

Each app lists its URLs in `titresto/<app>/tests/matrix*.py` as `matrix_cases(world) -> list[Case]`;
`tests/test_url_matrix.py` fails for any URL pattern that no case covers.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import titresto
from titresto.accounts.models import Membership, User
from titresto.clients.models import Client


@dataclass(frozen=True)
class World:
    tenant: Client
    client_admin: Membership
    commandeur: Membership
    visiteur: Membership
    other_client_admin: Membership
    issuer_agent: User


@dataclass
class Case:
    url_name: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    method: str = "get"
    data: dict[str, Any] | None = None
    # True when the URL names one of the tenant's objects: another client then gets a 404.
    tenant_object: bool = False
    ok_statuses: tuple[int, ...] = (200,)
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}{' ' + self.label if self.label else ''}"


CaseBuilder = Callable[[World], list[Case]]


def case_builders() -> list[CaseBuilder]:
    """Every `matrix_cases` function found in `titresto/<app>/tests/matrix*.py`."""
    builders = []
    for app in pkgutil.iter_modules(titresto.__path__):
        tests_package = f"titresto.{app.name}.tests"
        try:
            tests = importlib.import_module(tests_package)
        except ModuleNotFoundError:
            continue
        for module in pkgutil.iter_modules(tests.__path__):
            if module.name.startswith("matrix"):
                imported = importlib.import_module(f"{tests_package}.{module.name}")
                builders.append(imported.matrix_cases)
    return builders
