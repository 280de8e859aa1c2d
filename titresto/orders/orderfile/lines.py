"""The one pass over the file's lines: every cell normalized, every problem logged, in memory.

Nothing here queries: the world (the client's people, points and cards) was read before the
first line. Parsers' answers are cached per distinct text, a line's amounts and where its card
ships per distinct texts (`groups`), names are normalized once each.
"""

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from titresto.beneficiaries.search import normalize
from titresto.clients.services import ContractTerms
from titresto.orders.orderfile import columns as col
from titresto.orders.orderfile import fields, groups
from titresto.orders.orderfile.cells import (
    AbsentCell,
    Answer,
    Answers,
    Cell,
    CellGroup,
    FreshAnswers,
)
from titresto.orders.orderfile.issues import IssueLog
from titresto.orders.orderfile.messages import MESSAGES
from titresto.orders.orderfile.report import (
    CardAction,
    Destination,
    NewBeneficiary,
    OrderFileLine,
    ProposedUpdate,
    ShipsTo,
)
from titresto.orders.orderfile.world import (
    BIRTH_DATE,
    FIRST_NAME,
    ID,
    LAST_NAME,
    POINT_ID,
    STATUS,
    OrderFileWorld,
    Person,
)

DEPARTED = "DEPARTED"
# Their texts differ on every line: their answers are not kept.
UNIQUE_COLUMNS = (col.MATRICULE, col.EMAIL)
HOME_ON_FILE = Destination(ShipsTo.HOME)


class LineChecker:
    def __init__(
        self,
        *,
        positions: dict[str, int],
        names: dict[str, str],
        world: OrderFileWorld,
        terms: ContractTerms,
        exemption_cap_cents: int,
        load_date: dt.date,
        log: IssueLog,
    ) -> None:
        self.people = world.people
        self.live_card_holders = world.live_card_holders
        self.log = log
        parsers: dict[str, Callable[[str], tuple[Any, fields.Problem | None]]] = {
            col.MATRICULE: fields.parse_matricule,
            col.CIVILITE: fields.parse_civility,
            col.NOM: fields.parse_person_name,
            col.PRENOM: fields.parse_person_name,
            col.DATE_NAISSANCE: partial(fields.parse_birth_date, load_date=load_date),
            col.EMAIL: fields.parse_email,
            col.NOMBRE_TITRES: fields.parse_titres,
            col.VALEUR_FACIALE: partial(
                fields.parse_face_value,
                low_cents=terms.face_value_min_cents,
                high_cents=terms.face_value_max_cents,
            ),
            col.PART_PATRONALE: fields.parse_share,
            col.POINT_LIVRAISON: partial(_parse_point, points=world.points),
            col.ADRESSE_1: fields.parse_address_line,
            col.ADRESSE_2: fields.parse_address_line,
            col.CODE_POSTAL: fields.parse_postcode,
            col.VILLE: fields.parse_address_line,
        }
        # Which cell holds what is decided once for the file, not once per cell.
        cell: dict[str, Cell | AbsentCell] = {
            name: (
                Cell(
                    name=name,
                    header=names[name],
                    position=positions[name],
                    answers=(FreshAnswers if name in UNIQUE_COLUMNS else Answers)(parse),
                    log=log,
                )
                if name in positions
                else AbsentCell(name)
            )
            for name, parse in parsers.items()
        }
        self.matricule = cell[col.MATRICULE]
        self.civility = cell[col.CIVILITE]
        self.last_name = cell[col.NOM]
        self.first_name = cell[col.PRENOM]
        self.birth_date = cell[col.DATE_NAISSANCE]
        self.email = cell[col.EMAIL]
        self.point = cell[col.POINT_LIVRAISON]
        amounts = (cell[col.NOMBRE_TITRES], cell[col.VALEUR_FACIALE], cell[col.PART_PATRONALE])
        self.amounts = CellGroup(
            amounts,
            work_out=partial(
                groups.line_amounts, cells=amounts, terms=terms, cap_cents=exemption_cap_cents
            ),
            log=log,
        )
        # One Destination per active point, shared by its lines (it is frozen).
        self.to_point = {
            pk: Destination(ShipsTo.POINT, delivery_point_id=pk)
            for pk, is_active in world.points.values()
            if is_active
        }
        shipping = (self.point, *(cell[name] for name in col.HOME))
        self.shipping = CellGroup(
            shipping,
            work_out=partial(groups.shipping_in_file, cells=shipping, to_point=self.to_point),
            log=log,
        )
        self.name_keys = NameKeys()
        self.first_line_of: dict[str, int] = {}
        self.known_people_by_identity: dict[tuple[str, str, object], str] | None = None
        self.new_people_by_identity: dict[tuple[str, str, object], tuple[int, str]] = {}
        self.lines: list[OrderFileLine] = []
        self.new_beneficiaries: list[NewBeneficiary] = []
        self.updates: list[ProposedUpdate] = []

    # --- one line ---------------------------------------------------------------------------

    def check(self, line: int, cells: list[str]) -> None:
        """Cells are read in a fixed order, so that a line's errors are logged in it."""
        log = self.log
        errors_before = log.error_count
        matricule = self._matricule(line, cells)
        person = self.people.get(matricule) if matricule else None
        if person is not None and person[STATUS] == DEPARTED:
            params = {"matricule": matricule}
            log.error(line, self.matricule.header, "departed", MESSAGES["departed"], params)
        titres, face_cents, employer_share, cap_warning = self.amounts.read(line, cells)
        civility = self.civility.read(line, cells)
        last_name = self.last_name.read(line, cells)
        first_name = self.first_name.read(line, cells)
        birth_date = self.birth_date.read(line, cells)
        email = self.email.read(line, cells)[1]
        identity_given = civility[0] and last_name[0] and first_name[0] and birth_date[0]
        if person is None and matricule and not identity_given:
            self._require_new_person_fields(line, (civility, last_name, first_name, birth_date))
        shipping_given, shipping = self.shipping.read(line, cells)
        card = (
            CardAction.NONE if person and person[ID] in self.live_card_holders else CardAction.NEW
        )
        destination = None
        if card is CardAction.NEW and not shipping_given:
            destination = self._destination_on_file(line, person)
        elif card is CardAction.NEW:
            destination = shipping
        if log.error_count > errors_before or matricule is None or titres is None:
            return
        if cap_warning is not None:
            column, params = cap_warning
            code = "exemption_cap_exceeded"
            log.warning(line, column, code, MESSAGES[code], params)
        if person is not None:
            self._propose_updates(line, matricule, person, last_name, first_name, birth_date)
        else:
            self._warn_likely_duplicate(line, matricule, last_name, first_name, birth_date)
        if log.error_count:
            return  # the file is refused: no need to keep what a refused file would write
        self.lines.append(
            OrderFileLine(
                line=line,
                matricule=matricule,
                beneficiary_id=person[ID] if person else None,
                titres=titres,
                face_value_cents=face_cents,
                employer_share=employer_share,
                card=card,
                destination=destination,
            )
        )
        if person is None:
            assert destination is not None  # a new person has no card yet: checked above
            self.new_beneficiaries.append(
                NewBeneficiary(
                    line=line,
                    matricule=matricule,
                    civility=civility[1],
                    last_name=last_name[1],
                    first_name=first_name[1],
                    birth_date=birth_date[1],
                    email=email or "",
                    destination=destination,
                )
            )

    def _matricule(self, line: int, cells: list[str]) -> str | None:
        given, matricule, _problem = self.matricule.read(line, cells)
        column = self.matricule.header
        if not given:
            self.log.error(line, column, "missing_matricule", MESSAGES["missing_matricule"])
            return None
        if matricule is None:
            return None
        first = self.first_line_of.setdefault(matricule, line)
        if first != line:
            params = {"matricule": matricule, "first": first}
            self.log.error(
                line, column, "duplicate_matricule", MESSAGES["duplicate_matricule"], params
            )
        return matricule

    def _require_new_person_fields(self, line: int, identity: tuple[Answer, ...]) -> None:
        cells = (self.civility, self.last_name, self.first_name, self.birth_date)
        for cell, (given, _value, _problem) in zip(cells, identity, strict=True):
            if not given:
                code = f"missing_{cell.name}"
                self.log.error(line, cell.header, code, MESSAGES[code])

    # --- where the card ships ---------------------------------------------------------------

    def _destination_on_file(self, line: int, person: Person | None) -> Destination | None:
        column = self.point.header
        if person is None:
            self.log.error(line, column, "missing_destination", MESSAGES["missing_destination"])
            return None
        point_id = person[POINT_ID]
        if point_id is None:
            return HOME_ON_FILE
        destination = self.to_point.get(point_id)
        if destination is None:
            self.log.error(
                line, column, "point_on_file_inactive", MESSAGES["point_on_file_inactive"]
            )
        return destination

    # --- warnings ---------------------------------------------------------------------------

    def _propose_updates(
        self,
        line: int,
        matricule: str,
        person: Person,
        last_name: Answer,
        first_name: Answer,
        birth_date: Answer,
    ) -> None:
        changes = []
        for cell, answer, field, index in (
            (self.last_name, last_name, "last_name", LAST_NAME),
            (self.first_name, first_name, "first_name", FIRST_NAME),
        ):
            given, value, _problem = answer
            if given and self.name_keys[value] != self.name_keys[person[index]]:
                changes.append((cell, field, person[index], value))
        given, born, _problem = birth_date
        if given and born != person[BIRTH_DATE]:
            changes.append(
                (
                    self.birth_date,
                    "birth_date",
                    _french_date(person[BIRTH_DATE]),
                    _french_date(born),
                )
            )
        if not changes:
            return
        for _cell, field, on_file, in_file in changes:
            self.updates.append(
                ProposedUpdate(
                    line=line,
                    beneficiary_id=person[ID],
                    matricule=matricule,
                    field=field,
                    on_file=str(on_file),
                    in_file=str(in_file),
                )
            )
        described = " ; ".join(
            f"{cell.name} « {on} » → « {new} »" for cell, _field, on, new in changes
        )
        params = {"matricule": matricule, "changes": described}
        self.log.warning(
            line,
            changes[0][0].header,
            "differs_from_file",
            MESSAGES["differs_from_file"],
            params,
        )

    def _warn_likely_duplicate(
        self,
        line: int,
        matricule: str,
        last_name: Answer,
        first_name: Answer,
        birth_date: Answer,
    ) -> None:
        name_keys = self.name_keys
        key = (name_keys[last_name[1]], name_keys[first_name[1]], birth_date[1])
        known = self._known_identities().get(key)
        column = self.matricule.header
        if known is not None:
            params: dict[str, object] = {"other": known}
            self.log.warning(line, column, "likely_duplicate", MESSAGES["likely_duplicate"], params)
            return
        earlier = self.new_people_by_identity.setdefault(key, (line, matricule))
        if earlier[0] != line:
            params = {"other": earlier[1], "first": earlier[0]}
            self.log.warning(
                line, column, "likely_duplicate", MESSAGES["likely_duplicate_in_file"], params
            )

    def _known_identities(self) -> dict[tuple[str, str, object], str]:
        """Built at the first new person only: a reload of known matricules never pays for it."""
        if self.known_people_by_identity is None:
            key = self.name_keys
            self.known_people_by_identity = {
                (key[person[LAST_NAME]], key[person[FIRST_NAME]], person[BIRTH_DATE]): matricule
                for matricule, person in self.people.items()
            }
        return self.known_people_by_identity


class NameKeys(dict[str, str]):
    """A name as compared (no case, no accents) by its text: each distinct name is normalized
    once, and a name met again costs a plain dictionary lookup."""

    def __missing__(self, text: str) -> str:
        key = self[text] = normalize(text)
        return key


def _parse_point(
    text: str, *, points: dict[str, tuple[int, bool]]
) -> tuple[int | None, fields.Problem | None]:
    code = text.upper()
    point = points.get(code)
    if point is None:
        active = sorted(c for c, (_pk, is_active) in points.items() if is_active)
        params = {"value": fields.shown(text), "codes": ", ".join(active[:10]) or "—"}
        return None, ("point_unknown", MESSAGES["point_unknown"], params)
    pk, is_active = point
    if not is_active:
        return None, ("point_inactive", MESSAGES["point_inactive"], {"value": code})
    return pk, None


def _french_date(value: object) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
