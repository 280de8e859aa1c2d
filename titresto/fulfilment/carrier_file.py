"""The carrier's CSV of tracking numbers, imported by the issuer's staff: one line per parcel,
`reference_colis;transporteur;numero_suivi`. Checked whole, line by line, as order files are;
applied all at once or not at all."""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from titresto.core.states import Author
from titresto.fulfilment.models import Carrier, Parcel
from titresto.fulfilment.services import parcel_hand_over

COLUMNS = ("reference_colis", "transporteur", "numero_suivi")
MAX_BYTES = 5 * 1024 * 1024
MAX_ERRORS = 200


@dataclass(frozen=True)
class CarrierLine:
    line: int
    parcel: Parcel
    carrier: str
    tracking_number: str


@dataclass
class CarrierFileCheck:
    lines: list[CarrierLine] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, column, message)

    def refuse(self, line: int, column: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append((line, column, message))


def _text(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def carrier_file_check(data: bytes) -> CarrierFileCheck:
    check = CarrierFileCheck()
    if len(data) > MAX_BYTES:
        check.refuse(0, "", _("Le fichier dépasse 5 Mo : découpez-le."))
        return check
    text = _text(data)
    if text is None or "\x00" in text:
        check.refuse(0, "", _("Ce fichier n'est pas un CSV lisible (UTF-8 ou Windows-1252)."))
        return check
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not rows or [cell.strip().lower() for cell in rows[0]] != list(COLUMNS):
        check.refuse(
            1,
            "",
            _("La première ligne doit être exactement : %(header)s (séparateur « ; »).")
            % {"header": ";".join(COLUMNS)},
        )
        return check
    wanted = [row[0].strip() for row in rows[1:] if row and row[0].strip()]
    parcels = {parcel.public_id: parcel for parcel in Parcel.objects.filter(public_id__in=wanted)}
    taken = set(
        Parcel.objects.filter(
            tracking_number__in=[row[2].strip() for row in rows[1:] if len(row) == len(COLUMNS)]
        ).values_list("carrier", "tracking_number")
    )
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            check.refuse(
                number,
                "",
                _("La ligne a %(found)s champs au lieu de 3.") % {"found": len(row)},
            )
            continue
        reference, carrier, tracking = (cell.strip() for cell in row)
        parcel = parcels.get(reference)
        carrier = carrier.upper()
        if parcel is None:
            check.refuse(number, COLUMNS[0], _("Colis inconnu : vérifiez la référence."))
        elif parcel.status != Parcel.Status.PREPARED:
            check.refuse(
                number,
                COLUMNS[0],
                _("Ce colis est déjà « %(status)s » : il a son numéro de suivi.")
                % {"status": parcel.get_status_display()},
            )
        if carrier not in Carrier.values:
            check.refuse(
                number,
                COLUMNS[1],
                _("Transporteur inconnu : %(allowed)s.") % {"allowed": ", ".join(Carrier.values)},
            )
        if not tracking or len(tracking) > 40:
            check.refuse(
                number, COLUMNS[2], _("Le numéro de suivi est vide ou trop long (40 au plus).")
            )
        elif (carrier, tracking) in seen:
            check.refuse(
                number, COLUMNS[2], _("Ce numéro de suivi figure déjà plus haut dans le fichier.")
            )
        elif (carrier, tracking) in taken:
            check.refuse(
                number, COLUMNS[2], _("Ce numéro de suivi est déjà celui d'un autre colis.")
            )
        seen.add((carrier, tracking))
        if parcel is not None and not check.errors:
            check.lines.append(CarrierLine(number, parcel, carrier, tracking))
    if not check.lines and not check.errors:
        check.refuse(0, "", _("Le fichier ne contient aucune ligne de colis."))
    return check


def carrier_file_apply(*, check: CarrierFileCheck, by: Author, now: datetime) -> int:
    """Every parcel of a checked file handed over, in one transaction."""
    assert not check.errors
    with transaction.atomic():
        for line in check.lines:
            parcel_hand_over(
                parcel=line.parcel,
                carrier=line.carrier,
                tracking_number=line.tracking_number,
                by=by,
                now=now,
            )
    return len(check.lines)
