"""Personas and plumbing shared by every test (STYLE.md: a handful of personas, not a web of fixtures)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from tests.factories import (
    ContractFactory,
    MembershipFactory,
    UserFactory,
    second_factor_verified,
    with_totp,
)
from titresto.accounts.models import Membership, User
from titresto.clients.models import Client
from titresto.core.capabilities import Profile

PASSWORD = "un mot de passe solide 42"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database, plus the tables of core's test-only models (they have no migration)."""
    from django.db import connection

    from titresto.core.tests.models import TEST_ONLY_MODELS

    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        for model in TEST_ONLY_MODELS:
            editor.create_model(model)


@pytest.fixture(autouse=True, scope="session")
def _rules_survive_flushes() -> None:
    """A transactional test (browser journeys, concurrency) ends by emptying every table, the
    rules seeded by core's data migration with them, and a later test on the same worker would
    find no rules in force. Django sends `post_migrate` after that flush: the seed is written
    again then, exactly as the migration writes it."""
    from importlib import import_module

    from django.apps import apps
    from django.db.models.signals import post_migrate

    seed_rules = import_module("titresto.core.migrations.0002_ruleset").seed_rules

    def reseed(**_kwargs: Any) -> None:
        seed_rules(apps, None)

    post_migrate.connect(
        reseed, sender=apps.get_app_config("core"), weak=False, dispatch_uid="test-reseed-rules"
    )


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Tests render templates without running collectstatic first, and store accounting
    documents in the run's temporary folder, never in var/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.getbasetemp() / "documents")},
        },
    }


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Files stored through the storage API (attachments) land in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True, scope="session")
def _celery_eager() -> None:
    """Tasks run in the test's process, still after commit (they are enqueued on_commit)."""
    from titresto.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture
def tenant(db: None) -> Client:
    """The client the personas below manage, with an active contract."""
    return ContractFactory(client__legal_name="SONACS").client


@pytest.fixture
def other_tenant(db: None) -> Client:
    return ContractFactory(client__legal_name="Atelier Dupont").client


@pytest.fixture
def client_admin(tenant: Client) -> Membership:
    return MembershipFactory(client=tenant, profile=Profile.ADMINISTRATEUR)


@pytest.fixture
def commandeur(tenant: Client) -> Membership:
    return MembershipFactory(client=tenant, profile=Profile.COMMANDEUR)


@pytest.fixture
def visiteur(tenant: Client) -> Membership:
    return MembershipFactory(client=tenant, profile=Profile.VISITEUR)


@pytest.fixture
def other_client_admin(other_tenant: Client) -> Membership:
    return MembershipFactory(client=other_tenant, profile=Profile.ADMINISTRATEUR)


@pytest.fixture
def issuer_agent(db: None) -> User:
    """The issuer's staff, enrolled in two-factor sign-in (mandatory for them)."""
    return with_totp(UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def signed_in(db: None) -> Callable[[Membership | User], HttpClient]:
    """An HTTP test client signed in as a persona (a membership, or a bare user)."""

    def make(persona: Membership | User) -> HttpClient:
        http = HttpClient()
        user = persona.user if isinstance(persona, Membership) else persona
        http.force_login(user)
        if user.is_staff:
            second_factor_verified(http)
        return http

    return make
