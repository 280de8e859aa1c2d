"""Every URL × {anonymous, other client, same client without the capability, allowed}.

A refused request must also change nothing: the database is fingerprinted before and after.
"""

import pytest
from django.apps import apps
from django.core import serializers
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.matrix import Case, World, case_builders
from titresto.accounts.models import Membership
from titresto.core.capabilities import PROFILE_CAPABILITIES, Capability
from titresto.core.models import AuditEvent

# Django's admin (the back-office) guards itself with its own has_permission; tested apart.
OUTSIDE_MATRIX_NAMESPACES = {"backoffice"}
OUTSIDE_MATRIX_NAMES = {"set_language"}


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in OUTSIDE_MATRIX_NAMESPACES:
                    continue
                walk(
                    pattern.url_patterns,
                    f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names - OUTSIDE_MATRIX_NAMES


def fingerprint() -> str:
    """All the project's rows, serialized: equal before and after means nothing changed."""
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("titresto.") and model is not AuditEvent
    ]
    rows = [serializers.serialize("json", model.objects.order_by("pk")) for model in models]
    return "".join(rows) + str(AuditEvent.objects.count())


def profile_without(capability: Capability) -> str | None:
    return next(
        (profile for profile, caps in PROFILE_CAPABILITIES.items() if capability not in caps), None
    )


@pytest.fixture
def world(tenant, client_admin, commandeur, visiteur, other_client_admin, issuer_agent) -> World:
    return World(tenant, client_admin, commandeur, visiteur, other_client_admin, issuer_agent)


def request(http: HttpClient, case: Case):
    url = reverse(case.url_name, kwargs=case.kwargs)
    return getattr(http, case.method)(url, data=case.data or {})


def test_every_url_pattern_has_a_matrix_case(world: World) -> None:
    covered = {case.url_name for build in case_builders() for case in build(world)}

    assert url_names() - covered == set(), "add these URLs to a titresto/<app>/tests/matrix.py"


@pytest.mark.django_db
def test_matrix(world: World, signed_in) -> None:
    """One test walking all cases (not parametrized: each case needs the same fresh world)."""
    failures: list[str] = []
    for build in case_builders():
        for case in build(world):
            failures += check_case(case, world, signed_in)
    assert failures == []


def check_case(case: Case, world: World, signed_in) -> list[str]:
    failures = []
    url = reverse(case.url_name, kwargs=case.kwargs)
    view = resolve(url).func
    capability = getattr(view, "required_capability", None)
    is_public = getattr(view, "login_required", True) is False
    signed_in_only = getattr(view, "signed_in_only", False)
    if not (capability or is_public or signed_in_only):
        return [
            f"{case.id}: the view declares no access rule (require / login_not_required / signed_in_only)"
        ]

    if not is_public:
        before = fingerprint()
        response = request(HttpClient(), case)
        if response.status_code != 302 or "/compte/connexion/" not in response["Location"]:
            failures.append(
                f"{case.id}: anonymous got {response.status_code}, expected the login page"
            )
        if fingerprint() != before:
            failures.append(f"{case.id}: an anonymous request changed data")

    if capability and case.tenant_object:
        http = signed_in(
            world.other_client_admin
        )  # signing in writes last_login: before the snapshot
        before = fingerprint()
        response = request(http, case)
        if response.status_code != 404:
            failures.append(
                f"{case.id}: another client's admin got {response.status_code}, expected 404"
            )
        if fingerprint() != before:
            failures.append(f"{case.id}: another client's request changed data")

    if capability and (profile := profile_without(capability)):
        lacking = Membership.objects.create(
            user=type(world.client_admin.user).objects.create_user(
                f"sans-{profile.lower()}-{case.url_name}@example.com"
            ),
            client=world.tenant,
            profile=profile,
            created_at=world.client_admin.created_at,
        )
        http = signed_in(lacking)
        before = fingerprint()
        response = request(http, case)
        if response.status_code != 403:
            failures.append(
                f"{case.id}: profile {profile} got {response.status_code}, expected 403"
            )
        if fingerprint() != before:
            failures.append(f"{case.id}: a refused request changed data")
        lacking.user.delete()

    allowed = signed_in(world.client_admin) if (capability or signed_in_only) else HttpClient()
    response = request(allowed, case)
    if response.status_code not in case.ok_statuses:
        failures.append(
            f"{case.id}: allowed visitor got {response.status_code}, expected {case.ok_statuses}"
        )
    return failures
