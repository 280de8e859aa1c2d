from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from titresto.core.actors import PortalRequest, require
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.delivery.access import access_delivery_point
from titresto.delivery.forms import DeliveryPointForm
from titresto.delivery.selectors import delivery_point_detail, delivery_point_list
from titresto.delivery.services import (
    delivery_point_create,
    delivery_point_delete,
    delivery_point_set_active,
    delivery_point_update,
)


def _can_manage(request: PortalRequest) -> bool:
    return request.actor.can(Capability.DELIVERY_POINTS_MANAGE)


@require(Capability.DELIVERY_POINTS_VIEW)
def point_list(request: PortalRequest) -> HttpResponse:
    points = delivery_point_list(client=request.actor.client)
    context = {"points": points, "can_manage": _can_manage(request)}
    return render(request, "delivery/point_list.html", context)


@require(Capability.DELIVERY_POINTS_MANAGE)
def point_create(request: PortalRequest) -> HttpResponse:
    form = DeliveryPointForm(request.POST or None, client=request.actor.client)
    if request.method == "POST" and form.is_valid():
        try:
            point = delivery_point_create(
                actor=request.actor,
                data=form.to_data(),
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(error.field, str(error.user_message))
        else:
            messages.success(
                request, _("Le point de livraison %(code)s est créé.") % {"code": point.code}
            )
            return redirect("delivery:detail", public_id=point.public_id)
    return render(request, "delivery/point_form.html", {"form": form, "point": None})


@require(Capability.DELIVERY_POINTS_VIEW)
def point_detail(request: PortalRequest, public_id: str) -> HttpResponse:
    point = access_delivery_point(actor=request.actor, public_id=public_id)
    context = {"detail": delivery_point_detail(point=point), "can_manage": _can_manage(request)}
    return render(request, "delivery/point_detail.html", context)


@require(Capability.DELIVERY_POINTS_MANAGE)
def point_update(request: PortalRequest, public_id: str) -> HttpResponse:
    point = access_delivery_point(actor=request.actor, public_id=public_id)
    form = DeliveryPointForm(request.POST or None, instance=point, client=request.actor.client)
    if request.method == "POST" and form.is_valid():
        try:
            point = delivery_point_update(
                actor=request.actor,
                point=point,
                data=form.to_data(),
                expected_version=form.expected_version,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(error.field, str(error.user_message))
        else:
            messages.success(
                request, _("Le point de livraison %(code)s est modifié.") % {"code": point.code}
            )
            return redirect("delivery:detail", public_id=point.public_id)
    return render(request, "delivery/point_form.html", {"form": form, "point": point})


def _set_active(request: PortalRequest, public_id: str, *, is_active: bool) -> HttpResponse:
    point = access_delivery_point(actor=request.actor, public_id=public_id)
    point = delivery_point_set_active(
        actor=request.actor,
        point=point,
        is_active=is_active,
        now=timezone.now(),
    )
    if is_active:
        text = _("Le point de livraison %(code)s est réactivé.")
    else:
        text = _(
            "Le point de livraison %(code)s est désactivé : il n'est plus proposé pour les "
            "nouveaux bénéficiaires ni les nouvelles commandes."
        )
    messages.success(request, text % {"code": point.code})
    return redirect("delivery:detail", public_id=point.public_id)


@require(Capability.DELIVERY_POINTS_MANAGE)
@require_POST
def point_deactivate(request: PortalRequest, public_id: str) -> HttpResponse:
    return _set_active(request, public_id, is_active=False)


@require(Capability.DELIVERY_POINTS_MANAGE)
@require_POST
def point_activate(request: PortalRequest, public_id: str) -> HttpResponse:
    return _set_active(request, public_id, is_active=True)


@require(Capability.DELIVERY_POINTS_MANAGE)
def point_delete(request: PortalRequest, public_id: str) -> HttpResponse:
    point = access_delivery_point(actor=request.actor, public_id=public_id)
    if request.method == "POST":
        try:
            delivery_point_delete(
                actor=request.actor,
                point=point,
                now=timezone.now(),
            )
        except DomainError as error:
            messages.error(request, str(error.user_message))
            return redirect("delivery:detail", public_id=point.public_id)
        messages.success(
            request, _("Le point de livraison %(code)s est supprimé.") % {"code": point.code}
        )
        return redirect("delivery:list")
    return render(request, "delivery/point_confirm_delete.html", {"point": point})
