"""Who is acting: resolved once per request by the accounts middleware as `request.actor`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from titresto.core.capabilities import Capability


class NoClientAccess(PermissionDenied):
    """A signed-in person with no active access: theirs was suspended or removed meanwhile."""

    user_message = _(
        "Vous n'avez plus accès à aucun compte client : votre accès a été suspendu ou retiré. "
        "Demandez à un administrateur du compte de votre entreprise de le rétablir."
    )


@dataclass(frozen=True)
class Actor:
    """A manager acting for one client (a membership: user + client + profile)."""

    user: Any
    client: Any
    membership: Any
    capabilities: frozenset[Capability] = field(default_factory=frozenset)
    # Every client the user manages (the entities of a group), for the header's switcher.
    memberships: tuple[Any, ...] = ()

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities


class PortalRequest(HttpRequest):
    """The request a `require()`-guarded view receives: a manager acting for one client."""

    actor: Actor


View = Callable[..., HttpResponseBase]


def require(capability: Capability) -> Callable[[View], View]:
    """The one permission check of the portal: a client actor holding `capability`, else 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            actor = getattr(request, "actor", None)
            if actor is None and request.user.is_authenticated and not request.user.is_staff:
                raise NoClientAccess
            if actor is None or not actor.can(capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator


def signed_in_only(view: View) -> View:
    """Marks a view open to any signed-in user, with or without a client (e.g. own security)."""
    view.signed_in_only = True  # type: ignore[attr-defined]
    return view
