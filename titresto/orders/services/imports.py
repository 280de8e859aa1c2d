"""Mode « fichier »: an uploaded file is stored, validated (at once when small, by a task with
progress when large), reviewed, then confirmed into an order — re-validated under the import's
lock, so a beneficiary who left since the review is caught — or abandoned.

Nothing of a refused file is kept but its report; a confirmed import writes its order, its
lines, its new beneficiaries and the accepted updates in one transaction.
"""

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Collection
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils.translation import gettext as _

from titresto.beneficiaries.models import Beneficiary
from titresto.beneficiaries.services import (
    PersonFromOrder,
    beneficiaries_create_many,
    beneficiaries_update_from_order,
)
from titresto.cards.models import CardAction
from titresto.clients.models import Client
from titresto.core.actors import Actor
from titresto.core.audit import audit_record
from titresto.core.bulk import insert_rows
from titresto.core.states import Author, author_user
from titresto.delivery.models import DeliveryPoint
from titresto.orders.models import ImportIssue, Order, OrderImport, OrderLine
from titresto.orders.orderfile.dry_run import CheckedOrderFile, check_file
from titresto.orders.orderfile.issues import Issue, Severity
from titresto.orders.orderfile.reader import MAX_BYTES
from titresto.orders.orderfile.reader import MESSAGES as READER_MESSAGES
from titresto.orders.orderfile.report import (
    CardAction as FileCardAction,
)
from titresto.orders.orderfile.report import (
    Destination,
    OrderFileLine,
    ShipsTo,
    ValidationReport,
)
from titresto.orders.pricing import Breakdown
from titresto.orders.services.orders import (
    OrderInvalid,
    check_load_date,
    first_of_month,
    load_day,
    order_new,
    order_set_price,
    order_submit,
)

# Up to this many lines the manager waits for the report on the upload's answer; past it, a
# task validates and the page shows its progress.
SYNC_LINES_MAX = 2000
NEW_PEOPLE_SHOWN = 200
UPDATES_SHOWN = 1000
# What an order's line takes from the file (`core.bulk.insert_rows`: no instance per line).
LINE_COLUMNS = (
    "client_id",
    "order_id",
    "position",
    "beneficiary_id",
    "titres",
    "face_value_cents",
    "employer_share",
    "card_action",
    "delivery_point_id",
    "home_address_line1",
    "home_address_line2",
    "home_postcode",
    "home_city",
)
NOWHERE: tuple[int | None, str, str, str, str] = (None, "", "", "", "")
HOMES_BY_ID_MAX = 2000
ANALYZE_LINES_MIN = 10_000
_POINT = ShipsTo.POINT  # an enum member read through its class costs a descriptor call


def _estimated_lines(data: bytes, filename: str) -> int:
    """For the progress bar: a CSV's line breaks; a workbook's lines are known once read."""
    if filename.lower().endswith(".xlsx"):
        return 0
    return max(data.count(b"\n") - 1, 0) + (0 if data.endswith(b"\n") else 1)


@transaction.atomic
def import_upload(
    *,
    actor: Actor,
    filename: str,
    data: bytes,
    load_period: dt.date,
    load_date: dt.date | None,
    now: datetime,
) -> OrderImport:
    """Stores the file and its hash; small files are validated before this returns."""
    from titresto.orders.tasks import validate_import  # tasks import the services

    check_load_date(load_date, now=now)
    if len(data) > MAX_BYTES:
        # Refused before storing or parsing, with the reader's sentence and its limit.
        raise OrderInvalid(
            READER_MESSAGES["file_too_large"]
            % {"size": f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")},
            field="file",
        )
    order_import = OrderImport(
        client=actor.client,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        load_period=first_of_month(load_period),
        load_date=load_date,
        lines_total=_estimated_lines(data, filename),
        created_by=actor.user,
        created_at=now,
        updated_at=now,
    )
    order_import.file.save(filename, ContentFile(data), save=False)
    order_import.save()
    audit_record(
        actor_user=actor.user,
        action="order_import.upload",
        now=now,
        client=actor.client,
        target=order_import,
        data={"filename": filename, "sha256": order_import.sha256, "size": len(data)},
    )
    if order_import.lines_total and order_import.lines_total <= SYNC_LINES_MAX:
        import_validate(import_id=order_import.pk, now=now)
        order_import.refresh_from_db()
    else:
        import_id = order_import.pk
        transaction.on_commit(lambda: validate_import.delay(import_id=import_id))
    return order_import


def _issue_rows(order_import: OrderImport, issues: list[Issue]) -> list[ImportIssue]:
    return [
        ImportIssue(
            client_id=order_import.client_id,
            order_import=order_import,
            severity=(
                ImportIssue.Severity.ERROR
                if issue.severity is Severity.ERROR
                else ImportIssue.Severity.WARNING
            ),
            line=issue.line,
            column=(issue.column or "")[:40],
            code=issue.code[:60],
            message=issue.message[:500],
        )
        for issue in issues
    ]


def _parcels(report: ValidationReport, points: dict[int, str]) -> list[dict[str, Any]]:
    """Cards per destination, as the review lists them: each point, then the homes."""
    by_point: Counter[int] = Counter()
    homes = 0
    for line in report.lines:
        if line.destination is None:
            continue
        if line.destination.ships_to is ShipsTo.POINT and line.destination.delivery_point_id:
            by_point[line.destination.delivery_point_id] += 1
        else:
            homes += 1
    rows: list[dict[str, Any]] = [
        {"destination": points.get(point_id, "?"), "cards": cards, "parcels": 1}
        for point_id, cards in sorted(by_point.items(), key=lambda item: points.get(item[0], ""))
    ]
    if homes:
        rows.append({"destination": "", "cards": homes, "parcels": homes, "home": True})
    return rows


def _review(report: ValidationReport, breakdown: Breakdown, client: Client) -> dict[str, Any]:
    point_ids = {
        line.destination.delivery_point_id
        for line in report.lines
        if line.destination is not None and line.destination.delivery_point_id
    }
    points = dict(
        DeliveryPoint.objects.filter(client=client, pk__in=point_ids).values_list("pk", "code")
    )
    return {
        "breakdown": breakdown.as_dict(),
        "parcels": _parcels(report, points),
        "new_people": len(report.new_beneficiaries),
        "new_people_shown": [
            {
                "line": person.line,
                "matricule": person.matricule,
                "name": f"{person.first_name} {person.last_name}",
            }
            for person in report.new_beneficiaries[:NEW_PEOPLE_SHOWN]
        ],
        "updates": [
            {
                "line": update.line,
                "beneficiary_id": update.beneficiary_id,
                "matricule": update.matricule,
                "field": update.field,
                "on_file": update.on_file,
                "in_file": update.in_file,
            }
            for update in report.updates[:UPDATES_SHOWN]
        ],
        "updates_count": len(report.updates),
    }


def _check_stored(order_import: OrderImport, *, now: datetime) -> CheckedOrderFile:
    """The stored bytes checked against the client's world as it is now."""
    with order_import.file.open("rb") as stored:
        data = stored.read()
    return check_file(
        client=order_import.client,
        data=data,
        filename=order_import.filename,
        load_date=load_day(order_import.load_date, now=now),
    )


def import_validate(*, import_id: int, now: datetime) -> None:
    """The validation task's work: done once (a redelivered task finds it done)."""
    with transaction.atomic():
        order_import = (
            OrderImport.objects.select_for_update().filter(pk=import_id).select_related("client")
        ).first()
        if order_import is None or order_import.status != OrderImport.Status.VALIDATING:
            return
        checked = _check_stored(order_import, now=now)
        _record_report(order_import, checked, now=now)


def _record_report(order_import: OrderImport, checked: CheckedOrderFile, *, now: datetime) -> None:
    report = checked.report
    ImportIssue.objects.filter(order_import=order_import).delete()
    ImportIssue.objects.bulk_create(
        _issue_rows(order_import, [*report.errors, *report.warnings]), batch_size=1000
    )
    order_import.lines_read = report.lines_read
    order_import.lines_done = report.lines_read
    order_import.lines_total = report.lines_read
    order_import.error_count = report.error_count
    order_import.warning_count = report.warning_count
    if checked.totals is not None:
        order_import.review = _review(report, checked.totals, order_import.client)
        order_import.status = OrderImport.Status.VALID
    else:
        order_import.review = {}
        order_import.status = OrderImport.Status.REFUSED
    order_import.updated_at = now
    order_import.save()


def _line_destination(
    line: OrderFileLine, homes: dict[int, tuple[str, str, str, str]]
) -> tuple[int | None, str, str, str, str]:
    """Where a line's card ships, as LINE_COLUMNS' last five: a point, or a home address
    (the file's, else the one on file)."""
    destination: Destination | None = line.destination
    if destination is None:
        return NOWHERE
    if destination.ships_to is _POINT:
        return (destination.delivery_point_id, "", "", "", "")
    if destination.address is not None:
        address = destination.address
        return (None, address.line1, address.line2, address.postcode, address.city)
    return (None, *homes.get(line.beneficiary_id or 0, ("", "", "", "")))


def _homes_on_file(client: Client, ids: list[int]) -> dict[int, tuple[str, str, str, str]]:
    """The home addresses of the people a card ships to « à domicile » without one in the
    file: by id, or past HOMES_BY_ID_MAX of them every home-delivered person of the client
    (an IN list of 100 000 ids is more than SQLite or PostgreSQL take in one query)."""
    people = Beneficiary.objects.filter(client=client).order_by()
    if len(ids) > HOMES_BY_ID_MAX:
        people = people.filter(delivery_point__isnull=True)
    else:
        people = people.filter(pk__in=ids)
    wanted = set(ids)
    rows = people.values_list(
        "pk", "home_address_line1", "home_address_line2", "home_postcode", "home_city"
    )
    return {row[0]: row[1:] for row in rows.iterator(5000) if row[0] in wanted}


def _new_person(person: Any) -> PersonFromOrder:
    destination: Destination = person.destination
    address = destination.address
    return PersonFromOrder(
        matricule=person.matricule,
        civility=person.civility,
        last_name=person.last_name,
        first_name=person.first_name,
        birth_date=person.birth_date,
        email=person.email,
        delivery_point_id=(
            destination.delivery_point_id if destination.ships_to is ShipsTo.POINT else None
        ),
        home_address_line1=address.line1 if address else "",
        home_address_line2=address.line2 if address else "",
        home_postcode=address.postcode if address else "",
        home_city=address.city if address else "",
    )


def _accepted_changes(
    report: ValidationReport, accepted: Collection[int] | None
) -> dict[int, dict[str, Any]]:
    changes: dict[int, dict[str, Any]] = {}
    for update in report.updates:
        if accepted is not None and update.beneficiary_id not in accepted:
            continue
        value: Any = update.in_file
        if update.field == "birth_date":
            value = dt.date.fromisoformat(update.in_file)
        changes.setdefault(update.beneficiary_id, {})[update.field] = value
    return changes


def order_from_report(
    *,
    client: Client,
    checked: CheckedOrderFile,
    load_period: dt.date,
    load_date: dt.date | None,
    accepted_updates: Collection[int] | None,
    by: Author,
    now: datetime,
) -> Order:
    """A valid file's order, with its new beneficiaries and the accepted differences (None:
    all of them, as the command line applies them), in one transaction; left a draft."""
    report, totals = checked.report, checked.totals
    if totals is None:
        raise ValueError("only a valid file becomes an order")
    user = author_user(by)
    with transaction.atomic():
        order = order_new(
            client=client,
            mode=Order.Mode.FILE,
            terms=checked.terms,
            load_period=load_period,
            load_date=load_date,
            by=by,
            now=now,
        )
        created = beneficiaries_create_many(
            client=client,
            people=(_new_person(person) for person in report.new_beneficiaries),
            by_user=user,
            now=now,
        )
        beneficiaries_update_from_order(
            client=client,
            changes=_accepted_changes(report, accepted_updates),
            by_user=user,
            now=now,
        )
        home_on_file = [
            line.beneficiary_id
            for line in report.lines
            if line.beneficiary_id is not None
            and line.destination is not None
            and line.destination.ships_to is ShipsTo.HOME
            and line.destination.address is None
        ]
        homes = _homes_on_file(client, home_on_file)
        file_new, new, none = FileCardAction.NEW, CardAction.NEW, CardAction.NONE  # read once
        insert_rows(
            OrderLine,
            LINE_COLUMNS,
            (
                (
                    client.pk,
                    order.pk,
                    line.line,
                    line.beneficiary_id or created[line.matricule],
                    line.titres,
                    line.face_value_cents,
                    line.employer_share,
                    new if line.card is file_new else none,
                    *_line_destination(line, homes),
                )
                for line in report.lines
            ),
        )
        order_set_price(order, totals, now=now)
        _refresh_statistics(len(report.lines))
    return order


def _refresh_statistics(lines: int) -> None:
    """What autovacuum does a minute later, done before the order is shown: PostgreSQL's
    planner, told an order has no lines, read a new 100 000-line order's first page by
    sorting all of them (0,5 s instead of a few ms). ANALYZE samples this transaction's own
    rows and takes no lock that reads or writes wait for."""
    if lines < ANALYZE_LINES_MIN or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (OrderLine, Beneficiary):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def import_confirm(
    *,
    actor: Actor,
    order_import: OrderImport,
    accepted_updates: Collection[int],
    acknowledged: bool,
    now: datetime,
) -> Order:
    """« Confirmer la commande »: the stored file checked again, then the order written and
    submitted. Confirming twice (a double click, two tabs) gives the same order."""
    with transaction.atomic():
        locked = OrderImport.objects.select_for_update().get(
            pk=order_import.pk, client=actor.client
        )
        if locked.status == OrderImport.Status.CONFIRMED and locked.order is not None:
            return locked.order
        if locked.status != OrderImport.Status.VALID:
            raise OrderInvalid(
                _("Ce fichier ne peut pas être confirmé : son statut est « %(status)s ».")
                % {"status": locked.get_status_display()}
            )
        if locked.warning_count and not acknowledged:
            raise OrderInvalid(
                _(
                    "Cochez la case qui confirme que vous avez lu les avertissements avant de "
                    "confirmer la commande."
                ),
                field="acknowledged",
            )
        checked = _check_stored(locked, now=now)
        if checked.report.valid:
            order = order_from_report(
                client=actor.client,
                checked=checked,
                load_period=locked.load_period,
                load_date=locked.load_date,
                accepted_updates=set(accepted_updates),
                by=actor,
                now=now,
            )
            locked.order = order
            locked.status = OrderImport.Status.CONFIRMED
            locked.updated_at = now
            locked.save(update_fields=["order", "status", "updated_at"])
            audit_record(
                actor_user=actor.user,
                action="order_import.confirm",
                now=now,
                client=actor.client,
                target=locked,
                data={"order": order.number},
            )
            return order_submit(actor=actor, order=order, now=now)
        # The world changed since the review (a person left, a point closed): the new report
        # replaces the old one, and nothing else is written.
        _record_report(locked, checked, now=now)
    raise OrderInvalid(
        _(
            "Le fichier n'est plus valide depuis sa vérification (un bénéficiaire ou un point "
            "de livraison a changé) : consultez le nouveau rapport, corrigez le fichier et "
            "déposez-le à nouveau."
        )
    )


@transaction.atomic
def import_abandon(*, actor: Actor, order_import: OrderImport, now: datetime) -> OrderImport:
    locked = OrderImport.objects.select_for_update().get(pk=order_import.pk, client=actor.client)
    if locked.status in (OrderImport.Status.CONFIRMED, OrderImport.Status.ABANDONED):
        return locked
    locked.status = OrderImport.Status.ABANDONED
    locked.updated_at = now
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor_user=actor.user,
        action="order_import.abandon",
        now=now,
        client=actor.client,
        target=locked,
        data={"filename": locked.filename},
    )
    return locked
