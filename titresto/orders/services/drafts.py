"""Modes « unitaire » and « duplication »: a draft order built in the portal, saved at each
change (closing the tab loses nothing), repriced after each change.

A line takes the contract's defaults; its card follows `cards.rules.card_to_make` (no live
card → a new one; a replacement only when asked, with its reason); its card ships where the
beneficiary's record says (their delivery point, or their home address, copied).
"""

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from titresto.beneficiaries.models import Beneficiary
from titresto.beneficiaries.services import BeneficiaryData, beneficiary_create
from titresto.cards.models import CardAction, ReplacementReason
from titresto.cards.rules import CardNotYetInHand, LiveCard, card_to_make
from titresto.cards.selectors import live_cards_by_beneficiary
from titresto.core.actors import Actor
from titresto.core.money import format_eur
from titresto.core.rules import rules_at
from titresto.orders.models import TITRES_MAX, Order, OrderLine
from titresto.orders.services.orders import (
    OrderInvalid,
    check_load_date,
    first_of_month,
    lines_write,
    load_day,
    order_locked,
    order_new,
    order_reprice,
)
from titresto.orders.terms import OrderTerms, terms_in_force

# A unit order is built by hand; past this, the file mode is the tool (and the page stays fast).
UNIT_LINES_MAX = 5000


@transaction.atomic
def draft_start(
    *,
    actor: Actor,
    load_period: dt.date,
    load_date: dt.date | None,
    now: datetime,
) -> Order:
    """« Commande unitaire »: an empty draft priced with the contract in force."""
    check_load_date(load_date, now=now)
    terms = terms_in_force(client=actor.client, rules=rules_at(load_day(load_date, now=now)))
    return order_new(
        client=actor.client,
        mode=Order.Mode.UNIT,
        terms=terms,
        load_period=load_period,
        load_date=load_date,
        by=actor,
        now=now,
    )


def _editable(*, actor: Actor, order: Order) -> Order:
    order = order_locked(client=actor.client, order=order)
    if not order.is_editable:
        raise OrderInvalid(
            _(
                "Cette commande n'est plus un brouillon (statut « %(status)s ») : elle ne peut "
                "plus être modifiée."
            )
            % {"status": order.status_label}
        )
    return order


def _destination(person: Beneficiary) -> dict[str, Any]:
    if person.delivery_point_id is not None:
        return {"delivery_point_id": person.delivery_point_id}
    return {
        "home_address_line1": person.home_address_line1,
        "home_address_line2": person.home_address_line2,
        "home_postcode": person.home_postcode,
        "home_city": person.home_city,
    }


def _new_line(
    *,
    order: Order,
    person: Beneficiary,
    position: int,
    titres: int,
    face_value_cents: int,
    employer_share: Decimal,
    live_card: LiveCard | None,
) -> OrderLine:
    action = card_to_make(live_card, "")
    return OrderLine(
        client_id=order.client_id,
        order=order,
        position=position,
        beneficiary=person,
        titres=titres,
        face_value_cents=face_value_cents,
        employer_share=employer_share,
        card_action=action,
        **(_destination(person) if action != CardAction.NONE else {}),
    )


def _check_titres(titres: int) -> None:
    if not 0 <= titres <= TITRES_MAX:
        raise OrderInvalid(
            _("Le nombre de titres va de 0 à %(max)s (un par jour travaillé du mois).")
            % {"max": TITRES_MAX},
            field="titres",
        )


@transaction.atomic
def draft_add(
    *,
    actor: Actor,
    order: Order,
    public_ids: Collection[str] | None,
    titres: int,
    now: datetime,
) -> int:
    """Adds the chosen beneficiaries (None: every active one) not yet in the draft; returns
    how many lines were added. Departed people are never added."""
    _check_titres(titres)
    order = _editable(actor=actor, order=order)
    terms = OrderTerms.from_json(order.terms)
    people = Beneficiary.objects.filter(client=actor.client, status=Beneficiary.Status.ACTIVE)
    if public_ids is not None:
        people = people.filter(public_id__in=list(public_ids))
    people = people.exclude(pk__in=OrderLine.objects.filter(order=order).values("beneficiary_id"))
    if order.line_count + people.count() > UNIT_LINES_MAX:
        raise OrderInvalid(
            _(
                "Une commande unitaire compte au plus %(max)s lignes : au-delà, déposez un "
                "fichier de commande."
            )
            % {"max": UNIT_LINES_MAX}
        )
    wanted = list(people.order_by("search_text", "id"))
    cards = live_cards_by_beneficiary(
        client=actor.client, beneficiary_ids=[person.pk for person in wanted]
    )
    start = (
        OrderLine.objects.filter(order=order)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    )
    lines_write(
        _new_line(
            order=order,
            person=person,
            position=start + rank,
            titres=titres,
            face_value_cents=terms.contract.face_value_default_cents,
            employer_share=terms.contract.employer_share_default,
            live_card=cards.get(person.pk),
        )
        for rank, person in enumerate(wanted, start=1)
    )
    order_reprice(order, now=now)
    return len(wanted)


@dataclass(frozen=True)
class LineChange:
    titres: int
    face_value_cents: int
    employer_share: Decimal
    replacement_reason: str  # "" when no replacement is asked


def _check_line(change: LineChange, terms: OrderTerms) -> None:
    _check_titres(change.titres)
    low, high = terms.contract.face_value_min_cents, terms.contract.face_value_max_cents
    if not low <= change.face_value_cents <= high:
        raise OrderInvalid(
            _("La valeur faciale doit être comprise entre %(min)s et %(max)s (votre contrat).")
            % {"min": format_eur(low), "max": format_eur(high)},
            field="face_value",
        )
    if not terms.employer_share_min <= change.employer_share <= terms.employer_share_max:
        raise OrderInvalid(
            _("La part patronale doit être comprise entre %(min)s %% et %(max)s %%.")
            % {"min": terms.employer_share_min, "max": terms.employer_share_max},
            field="employer_share",
        )
    if change.replacement_reason and change.replacement_reason not in ReplacementReason.values:
        raise OrderInvalid(_("Choisissez un motif de remplacement dans la liste."), field="card")


@transaction.atomic
def draft_line_change(
    *, actor: Actor, order: Order, line: OrderLine, change: LineChange, now: datetime
) -> OrderLine:
    order = _editable(actor=actor, order=order)
    _check_line(change, OrderTerms.from_json(order.terms))
    line = (
        OrderLine.objects.select_related("beneficiary")
        .filter(pk=line.pk, order=order, client=actor.client)
        .get()
    )
    live = live_cards_by_beneficiary(client=actor.client, beneficiary_ids=[line.beneficiary_id])
    try:
        action = card_to_make(live.get(line.beneficiary_id), change.replacement_reason)
    except CardNotYetInHand as refusal:
        raise OrderInvalid(refusal.user_message, field="card") from refusal
    line.titres = change.titres
    line.face_value_cents = change.face_value_cents
    line.employer_share = change.employer_share
    line.card_action = action
    line.replacement_reason = change.replacement_reason
    destination = _destination(line.beneficiary) if action != CardAction.NONE else {}
    line.delivery_point_id = destination.get("delivery_point_id")
    for name in ("home_address_line1", "home_address_line2", "home_postcode", "home_city"):
        setattr(line, name, destination.get(name, ""))
    line.save()
    order_reprice(order, now=now)
    return line


@transaction.atomic
def draft_set_titres(*, actor: Actor, order: Order, titres: int, now: datetime) -> int:
    """« Pour toute la sélection »: the same number of titres on every line of the draft."""
    _check_titres(titres)
    order = _editable(actor=actor, order=order)
    changed = OrderLine.objects.filter(order=order).update(titres=titres)
    order_reprice(order, now=now)
    return changed


@transaction.atomic
def draft_remove(*, actor: Actor, order: Order, line_ids: Iterable[int], now: datetime) -> int:
    order = _editable(actor=actor, order=order)
    removed, _by_model = OrderLine.objects.filter(order=order, pk__in=list(line_ids)).delete()
    order_reprice(order, now=now)
    return removed


@transaction.atomic
def draft_set_dates(
    *,
    actor: Actor,
    order: Order,
    load_period: dt.date,
    load_date: dt.date | None,
    now: datetime,
) -> Order:
    check_load_date(load_date, now=now)
    order = _editable(actor=actor, order=order)
    order.load_period = first_of_month(load_period)
    order.load_date = load_date
    order.updated_at = now
    order.save(update_fields=["load_period", "load_date", "updated_at"])
    return order


def next_period(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _followed_value(*, value: Any, old_default: Any, new_default: Any, low: Any, high: Any) -> Any:
    """Duplication's price rule: a line at the old contract's default takes the new default;
    a value of its own is kept while the current contract allows it, else the new default."""
    if value == old_default or not low <= value <= high:
        return new_default
    return value


@transaction.atomic
def order_duplicate(*, actor: Actor, source: Order, now: datetime) -> Order:
    """« Dupliquer »: the same people and titres for the next month, priced with the
    contract in force; departed people are left out and every change is listed."""
    terms = terms_in_force(client=actor.client, rules=rules_at(timezone.localdate(now)))
    old = OrderTerms.from_json(source.terms)
    order = order_new(
        client=actor.client,
        mode=Order.Mode.DUPLICATION,
        terms=terms,
        load_period=max(next_period(source.load_period), timezone.localdate(now).replace(day=1)),
        load_date=None,
        by=actor,
        now=now,
        duplicated_from=source,
    )
    source_lines = list(
        OrderLine.objects.filter(order=source, client=actor.client)
        .select_related("beneficiary")
        .order_by("position", "id")
    )
    cards = live_cards_by_beneficiary(
        client=actor.client, beneficiary_ids=[line.beneficiary_id for line in source_lines]
    )
    contract = terms.contract
    notes: list[dict[str, Any]] = []
    lines: list[OrderLine] = []
    for line in source_lines:
        person = line.beneficiary
        name = f"{person.first_name} {person.last_name}"
        if person.is_departed:
            notes.append({"kind": "departed", "matricule": person.matricule, "name": name})
            continue
        face = _followed_value(
            value=line.face_value_cents,
            old_default=old.contract.face_value_default_cents,
            new_default=contract.face_value_default_cents,
            low=contract.face_value_min_cents,
            high=contract.face_value_max_cents,
        )
        share = _followed_value(
            value=line.employer_share,
            old_default=old.contract.employer_share_default,
            new_default=contract.employer_share_default,
            low=terms.employer_share_min,
            high=terms.employer_share_max,
        )
        if face != line.face_value_cents:
            notes.append(
                {
                    "kind": "face_value",
                    "matricule": person.matricule,
                    "name": name,
                    "before": format_eur(line.face_value_cents),
                    "after": format_eur(face),
                }
            )
        if share != line.employer_share:
            notes.append(
                {
                    "kind": "employer_share",
                    "matricule": person.matricule,
                    "name": name,
                    "before": f"{line.employer_share} %",
                    "after": f"{share} %",
                }
            )
        lines.append(
            _new_line(
                order=order,
                person=person,
                position=len(lines) + 1,
                titres=line.titres,
                face_value_cents=face,
                employer_share=share,
                live_card=cards.get(person.pk),
            )
        )
    lines_write(lines)
    order.duplication_notes = notes
    order.save(update_fields=["duplication_notes"])
    order_reprice(order, now=now)
    return order


@transaction.atomic
def draft_add_new_person(
    *, actor: Actor, order: Order, data: BeneficiaryData, titres: int, now: datetime
) -> Beneficiary:
    """« Ajouter un nouveau bénéficiaire » from the draft: the person and their line together."""
    person = beneficiary_create(actor=actor, data=data, now=now)
    draft_add(actor=actor, order=order, public_ids=[person.public_id], titres=titres, now=now)
    return person
