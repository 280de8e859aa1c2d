"""The parts of a line that depend on its own cells alone, worked out once per distinct texts.

A line's amounts (nombre_titres, valeur_faciale, part_patronale) and where its card ships
(point_livraison or a home address) repeat across a file: most lines name one of a few points
and the contract's amounts. Each function takes the cells' answers and returns its outcome with
the errors in the order the line's checks log them; `cells.CellGroup` caches both.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from titresto.clients.services import ContractTerms
from titresto.core.money import format_eur
from titresto.orders.orderfile.cells import AbsentCell, Answer, Cell, Error
from titresto.orders.orderfile.fields import Problem
from titresto.orders.orderfile.messages import MESSAGES
from titresto.orders.orderfile.report import Destination, HomeAddress, ShipsTo


class Amounts(NamedTuple):
    """What the line orders, with the contract's figures for empty cells. When the cells
    have errors only `titres` means something (None when missing or wrong)."""

    titres: int | None
    face_value_cents: int
    employer_share: Decimal
    # (column, params) of the exemption cap warning, logged only on a line without errors.
    cap_warning: tuple[str, dict[str, object]] | None


def line_amounts(
    titres: Answer,
    face_value: Answer,
    share: Answer,
    *,
    cells: tuple[Cell | AbsentCell, Cell | AbsentCell, Cell | AbsentCell],
    terms: ContractTerms,
    cap_cents: int,
) -> tuple[Amounts, list[Error]]:
    titres_cell, face_cell, share_cell = cells
    errors: list[Error] = []
    titres_given, count, problem = titres
    if problem is not None:
        errors.append(_error(titres_cell, problem))
    if not titres_given:
        code = "missing_nombre_titres"
        errors.append((titres_cell.header, code, MESSAGES[code], None))
    face_given, face, problem = face_value
    if problem is not None:
        errors.append(_error(face_cell, problem))
    share_given, employer_share, problem = share
    if problem is not None:
        errors.append(_error(share_cell, problem))
    if not face_given:
        face = terms.face_value_default_cents
    if not share_given:
        employer_share = terms.employer_share_default
    cap_warning = None
    if not errors and count:
        per_titre = int((face * employer_share / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if per_titre > cap_cents:
            cell = face_cell if face_given or not share_given else share_cell
            params: dict[str, object] = {
                "share": format_eur(per_titre),
                "cap": format_eur(cap_cents),
            }
            cap_warning = (cell.header, params)
    return Amounts(count, face, employer_share, cap_warning), errors


def shipping_in_file(
    point: Answer,
    line1: Answer,
    line2: Answer,
    postcode: Answer,
    city: Answer,
    *,
    cells: tuple[Cell | AbsentCell, ...],
    to_point: dict[int, Destination],
) -> tuple[tuple[bool, Destination | None], list[Error]]:
    """((given, destination), errors): whether the line names where its card ships, and where
    (None when it is wrong). `cells` are the point's then col.HOME's; `to_point` the
    destination of each active point."""
    point_cell, line1_cell, _line2_cell, postcode_cell, city_cell = cells
    home = (line1, line2, postcode, city)
    errors = [
        _error(cell, problem)
        for cell, (_given, _value, problem) in zip(cells, (point, *home), strict=True)
        if problem is not None
    ]
    point_given, point_id, _problem = point
    home_given = line1[0] or line2[0] or postcode[0] or city[0]
    if point_given and home_given:
        errors.append((point_cell.header, "point_and_home", MESSAGES["point_and_home"], None))
        return (True, None), errors
    if point_given:
        return (True, to_point[point_id] if point_id else None), errors
    if not home_given:
        return (False, None), errors
    required = ((line1_cell, line1), (postcode_cell, postcode), (city_cell, city))
    missing = [cell for cell, (given, _value, _problem) in required if not given]
    for cell in missing:
        params = {"name": cell.name}
        errors.append((cell.header, "home_incomplete", MESSAGES["home_incomplete"], params))
    if missing or any(given and value is None for given, value, _problem in home):
        return (True, None), errors
    address = HomeAddress(
        line1=line1[1], line2=line2[1] or "", postcode=postcode[1], city=city[1].upper()
    )
    return (True, Destination(ShipsTo.HOME, address=address)), errors


def _error(cell: Cell | AbsentCell, problem: Problem) -> Error:
    code, template, params = problem
    return (cell.header, code, template, params)
