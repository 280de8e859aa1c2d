"""Error pages: French, in the portal's shell, never a stack trace."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from titresto.core.actors import NoClientAccess


def _error_page(request: HttpRequest, status: int, title: str, explanation: str) -> HttpResponse:
    context = {"status": status, "title": title, "explanation": explanation}
    return render(request, "core/error.html", context, status=status)


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        400,
        _("Requête invalide"),
        _("La demande n'a pas pu être comprise. Rechargez la page et recommencez."),
    )


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, NoClientAccess):
        return _error_page(request, 403, _("Accès refusé"), str(exception.user_message))
    return _error_page(
        request,
        403,
        _("Accès refusé"),
        _(
            "Votre profil d'accès ne permet pas cette action. Demandez à un administrateur "
            "de votre compte client de modifier vos habilitations."
        ),
    )


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        404,
        _("Page introuvable"),
        _("Cette page n'existe pas, ou elle ne fait pas partie de votre compte client."),
    )


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(
        request,
        500,
        _("Erreur inattendue"),
        _("Une erreur inattendue s'est produite. Réessayez dans quelques minutes."),
    )
