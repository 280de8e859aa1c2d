from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from titresto.accounts.selectors import actor_for_request


class ActorMiddleware:
    """Resolves `request.actor` once: the signed-in user's membership for the client they chose."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = actor_for_request(request)  # type: ignore[attr-defined]
        return self.get_response(request)
