"""Every write on beneficiaries: one transaction, one audit event per person changed."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from titresto.beneficiaries.models import Beneficiary
from titresto.beneficiaries.search import search_text_for
from titresto.beneficiaries.selectors import beneficiary_holding_matricule
from titresto.beneficiaries.validators import (
    HOME_FIELDS,
    POINT_AND_HOME,
    check_birth_date,
    check_departure_date,
    matricule_taken_message,
    missing_home_fields,
    ships_to_both,
)
from titresto.core.actors import Actor
from titresto.core.audit import audit_record, audit_record_many, audit_record_rows
from titresto.core.bulk import insert_rows
from titresto.core.errors import DomainError
from titresto.core.versioning import (
    apply_changes,
    audit_value,
    check_version,
    save_claiming_key,
)
from titresto.delivery.models import DeliveryPoint

BULK_DEPARTURE_MAX = 500


@dataclass(frozen=True)
class BeneficiaryData:
    matricule: str
    civility: str
    last_name: str
    first_name: str
    birth_date: dt.date
    email: str
    phone: str
    delivery_point: DeliveryPoint | None
    home_address_line1: str
    home_address_line2: str
    home_postcode: str
    home_city: str


class BeneficiaryInvalid(DomainError):
    code = "beneficiary_invalid"


class BeneficiaryHasOrders(DomainError):
    code = "beneficiary_has_orders"


def _check(*, beneficiary: Beneficiary, previous_point_id: int | None, now: datetime) -> None:
    """The rules a form may have skipped: rows, files and the API all come through here."""
    try:
        beneficiary.clean_fields(exclude=["client", "delivery_point", "search_text"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise BeneficiaryInvalid(messages[0], field=field) from error
    try:
        check_birth_date(beneficiary.birth_date, today=timezone.localdate(now))
    except ValidationError as error:
        raise BeneficiaryInvalid(error.messages[0], field="birth_date") from error
    point = beneficiary.delivery_point
    home = {name: getattr(beneficiary, name) for name in HOME_FIELDS}
    if missing_home_fields(has_point=point is not None, home=home):
        raise BeneficiaryInvalid(
            _(
                "Choisissez un point de livraison, ou indiquez l'adresse personnelle complète "
                "(adresse, code postal et ville) pour un envoi à domicile."
            ),
            field="delivery_point",
        )
    if ships_to_both(has_point=point is not None, home=home):
        raise BeneficiaryInvalid(str(POINT_AND_HOME), field="delivery_point")
    if point is not None and point.client_id != beneficiary.client_id:
        raise BeneficiaryInvalid(
            _("Choisissez un de vos points de livraison."), field="delivery_point"
        )
    if point is not None and not point.is_active and point.pk != previous_point_id:
        raise BeneficiaryInvalid(
            _("Le point de livraison %(code)s est désactivé : choisissez un point actif.")
            % {"code": point.code},
            field="delivery_point",
        )


def _matricule_taken(*, beneficiary: Beneficiary) -> BeneficiaryInvalid | None:
    holder = beneficiary_holding_matricule(
        client=beneficiary.client, matricule=beneficiary.matricule, excluding=beneficiary.pk
    )
    if holder is None:
        return None
    return BeneficiaryInvalid(matricule_taken_message(holder), field="matricule")


def _search_text(person: Beneficiary) -> str:
    return search_text_for(
        last_name=person.last_name,
        first_name=person.first_name,
        matricule=person.matricule,
        email=person.email,
    )


def _save(beneficiary: Beneficiary) -> None:
    beneficiary.search_text = _search_text(beneficiary)
    save_claiming_key(beneficiary, taken=lambda: _matricule_taken(beneficiary=beneficiary))


def _audit(
    *, actor: Actor, beneficiary: Beneficiary, action: str, now: datetime, data: dict
) -> None:
    audit_record(
        actor_user=actor.user,
        action=action,
        now=now,
        client=actor.client,
        target=beneficiary,
        data={"matricule": beneficiary.matricule, **data},
    )


@transaction.atomic
def beneficiary_create(*, actor: Actor, data: BeneficiaryData, now: datetime) -> Beneficiary:
    beneficiary = Beneficiary(client=actor.client, created_at=now, updated_at=now)
    apply_changes(instance=beneficiary, data=data)
    _check(beneficiary=beneficiary, previous_point_id=None, now=now)
    _save(beneficiary)
    _audit(actor=actor, beneficiary=beneficiary, action="beneficiary.create", now=now, data={})
    return beneficiary


def _locked(*, actor: Actor, beneficiary: Beneficiary) -> Beneficiary:
    return (
        Beneficiary.objects.select_for_update(of=("self",))
        .select_related("delivery_point")
        .get(pk=beneficiary.pk, client=actor.client)
    )


@transaction.atomic
def beneficiary_update(
    *,
    actor: Actor,
    beneficiary: Beneficiary,
    data: BeneficiaryData,
    expected_version: int,
    now: datetime,
) -> Beneficiary:
    beneficiary = _locked(actor=actor, beneficiary=beneficiary)
    check_version(instance=beneficiary, expected_version=expected_version)
    previous_point_id = beneficiary.delivery_point_id
    changes = apply_changes(instance=beneficiary, data=data)
    if not changes:
        return beneficiary
    _check(beneficiary=beneficiary, previous_point_id=previous_point_id, now=now)
    beneficiary.version += 1
    beneficiary.updated_at = now
    _save(beneficiary)
    _audit(
        actor=actor,
        beneficiary=beneficiary,
        action="beneficiary.update",
        now=now,
        data={"changes": changes},
    )
    return beneficiary


def _depart(
    *, actor: Actor, beneficiary: Beneficiary, departure_date: dt.date, now: datetime
) -> None:
    try:
        check_departure_date(
            departure_date, birth_date=beneficiary.birth_date, today=timezone.localdate(now)
        )
    except ValidationError as error:
        raise BeneficiaryInvalid(error.messages[0], field="departure_date") from error
    beneficiary.status = Beneficiary.Status.DEPARTED
    beneficiary.departure_date = departure_date
    beneficiary.version += 1
    beneficiary.updated_at = now
    beneficiary.save(update_fields=["status", "departure_date", "version", "updated_at"])
    _audit(
        actor=actor,
        beneficiary=beneficiary,
        action="beneficiary.depart",
        now=now,
        data={"departure_date": departure_date.isoformat()},
    )


@transaction.atomic
def beneficiary_depart(
    *, actor: Actor, beneficiary: Beneficiary, departure_date: dt.date, now: datetime
) -> Beneficiary:
    """« Départ »: the person keeps their history (cards, past orders) but gets no new loads."""
    beneficiary = _locked(actor=actor, beneficiary=beneficiary)
    if beneficiary.departure_date is not None:
        raise BeneficiaryInvalid(
            _("Le départ de ce bénéficiaire est déjà enregistré (le %(date)s).")
            % {"date": date_format(beneficiary.departure_date, "SHORT_DATE_FORMAT")}
        )
    _depart(actor=actor, beneficiary=beneficiary, departure_date=departure_date, now=now)
    return beneficiary


@transaction.atomic
def beneficiary_depart_many(
    *, actor: Actor, public_ids: Iterable[str], departure_date: dt.date, now: datetime
) -> int:
    """The bulk « départ » of the list's selection; people of other clients or already gone are skipped."""
    wanted = sorted(set(public_ids))
    if not wanted:
        raise BeneficiaryInvalid(_("Cochez au moins un bénéficiaire dans la liste."))
    if len(wanted) > BULK_DEPARTURE_MAX:
        raise BeneficiaryInvalid(
            _("Sélectionnez au plus %(max)s bénéficiaires à la fois.") % {"max": BULK_DEPARTURE_MAX}
        )
    people = list(
        Beneficiary.objects.select_for_update()
        .filter(client=actor.client, public_id__in=wanted, status=Beneficiary.Status.ACTIVE)
        .order_by("pk")
    )
    for beneficiary in people:
        _depart(actor=actor, beneficiary=beneficiary, departure_date=departure_date, now=now)
    return len(people)


@transaction.atomic
def beneficiary_reinstate(*, actor: Actor, beneficiary: Beneficiary, now: datetime) -> Beneficiary:
    """A person who comes back (or a departure recorded by mistake) becomes active again."""
    beneficiary = _locked(actor=actor, beneficiary=beneficiary)
    if not beneficiary.is_departed:
        return beneficiary
    beneficiary.status = Beneficiary.Status.ACTIVE
    beneficiary.departure_date = None
    beneficiary.version += 1
    beneficiary.updated_at = now
    beneficiary.save(update_fields=["status", "departure_date", "version", "updated_at"])
    _audit(actor=actor, beneficiary=beneficiary, action="beneficiary.reinstate", now=now, data={})
    return beneficiary


@transaction.atomic
def beneficiary_delete(*, actor: Actor, beneficiary: Beneficiary, now: datetime) -> None:
    """Only someone never ordered for: order lines protect their beneficiary (on_delete=PROTECT)."""
    beneficiary = _locked(actor=actor, beneficiary=beneficiary)
    # Written first so it names the row; a refused delete rolls it back with the transaction.
    _audit(
        actor=actor,
        beneficiary=beneficiary,
        action="beneficiary.delete",
        now=now,
        data={"name": f"{beneficiary.first_name} {beneficiary.last_name}"},
    )
    try:
        beneficiary.delete()
    except ProtectedError as exc:
        raise BeneficiaryHasOrders(
            _(
                "%(name)s a déjà fait l'objet d'une commande : sa fiche ne peut pas être "
                "supprimée. Enregistrez plutôt son départ."
            )
            % {"name": f"{beneficiary.first_name} {beneficiary.last_name.upper()}"}
        ) from exc


BULK_BATCH = 5000
BENEFICIARY_LABEL = Beneficiary._meta.label_lower
# What `beneficiaries_create_many` writes of a new person; the other columns take their
# defaults (a new public id, active, version 1, no phone).
CREATED_FROM_ORDER = (
    "client_id",
    "matricule",
    "civility",
    "last_name",
    "first_name",
    "birth_date",
    "email",
    "delivery_point_id",
    "home_address_line1",
    "home_address_line2",
    "home_postcode",
    "home_city",
    "search_text",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True)
class PersonFromOrder:
    """A new beneficiary that an order brings, already checked by the order's validation
    (the order file's checker or the unit order's form): written without checking again."""

    matricule: str
    civility: str
    last_name: str
    first_name: str
    birth_date: dt.date
    email: str
    delivery_point_id: int | None
    home_address_line1: str = ""
    home_address_line2: str = ""
    home_postcode: str = ""
    home_city: str = ""


def beneficiaries_create_many(
    *, client: Any, people: Iterable[PersonFromOrder], by_user: Any | None, now: datetime
) -> dict[str, int]:
    """The people a confirmed order creates, in batches, each with its audit event; returns
    their ids by matricule. Call it inside the order's transaction: a matricule taken since
    the check makes the database refuse the whole order.

    Set-based (`core.bulk.insert_rows`: no model instance per person), the new ids read back
    by the unique (client, matricule) in one query. The rows go in in the order of their
    `search_text` (a stable sort: namesakes keep the file's order), the order of three of the
    table's indexes and of every list: those indexes then grow at one place instead of all
    over (~1 s of 100 000 people on SQLite), and ids follow the lists' order."""
    rows = [
        (
            client.pk,
            person.matricule,
            person.civility,
            person.last_name,
            person.first_name,
            person.birth_date,
            person.email,
            person.delivery_point_id,
            person.home_address_line1,
            person.home_address_line2,
            person.home_postcode,
            person.home_city,
            search_text_for(
                last_name=person.last_name,
                first_name=person.first_name,
                matricule=person.matricule,
                email=person.email,
            ),
            now,
            now,
        )
        for person in people
    ]
    if not rows:
        return {}
    matricules = [row[1] for row in rows]  # the file's order, for the audit events
    rows.sort(key=itemgetter(CREATED_FROM_ORDER.index("search_text")))
    insert_rows(Beneficiary, CREATED_FROM_ORDER, rows, batch_size=BULK_BATCH)
    del rows
    wanted = set(matricules)
    known = Beneficiary.objects.filter(client=client).order_by().values_list("matricule", "pk")
    created = {matricule: pk for matricule, pk in known.iterator(BULK_BATCH) if matricule in wanted}
    audit_record_rows(
        actor_user=by_user,
        action="beneficiary.create",
        now=now,
        client=client,
        targets=(
            (BENEFICIARY_LABEL, created[matricule], {"matricule": matricule, "by_order": True})
            for matricule in matricules
        ),
    )
    return created


# What an order file may correct on a known beneficiary, once the manager accepts it.
UPDATABLE_FROM_ORDER = ("last_name", "first_name", "birth_date")


def beneficiaries_update_from_order(
    *,
    client: Any,
    changes: Mapping[int, Mapping[str, Any]],
    by_user: Any | None,
    now: datetime,
) -> int:
    """Applies the differences the manager accepted on the review ({beneficiary id: {field:
    value}}), under row locks, each person audited with what changed; returns how many."""
    if not changes:
        return 0
    people = list(
        Beneficiary.objects.select_for_update()
        .filter(client=client, pk__in=list(changes))
        .order_by("pk")
    )
    audited = []
    for person in people:
        diff = {}
        for field, value in changes[person.pk].items():
            if field not in UPDATABLE_FROM_ORDER:
                raise ValueError(f"{field} is not updated by an order")
            before = getattr(person, field)
            if before != value:
                diff[field] = [audit_value(before), audit_value(value)]
                setattr(person, field, value)
        if not diff:
            continue
        person.search_text = _search_text(person)
        person.version += 1
        person.updated_at = now
        audited.append((person, {"matricule": person.matricule, "changes": diff}))
    Beneficiary.objects.bulk_update(
        [person for person, _data in audited],
        [*UPDATABLE_FROM_ORDER, "search_text", "version", "updated_at"],
        batch_size=BULK_BATCH,
    )
    audit_record_many(
        actor_user=by_user, action="beneficiary.update", now=now, client=client, targets=audited
    )
    return len(audited)
