"""The one pass over the file's lines: every cell normalized, every problem logged, in memory.

Nothing here queries: the world (the client's people, points and cards) was read before the
first line. Parsers' answers are cached per distinct text, names are normalized once each.
"""

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from titresto.beneficiaries.search import normalize
from titresto.clients.services import ContractTerms
from titresto.core.money import format_eur
from titresto.orders.orderfile import columns as col
from titresto.orders.orderfile import fields
from titresto.orders.orderfile.issues import IssueLog
from titresto.orders.orderfile.messages import MESSAGES
from titresto.orders.orderfile.report import (
    CardAction,
    Destination,
    HomeAddress,
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
NEW_PERSON_FIELDS = (col.CIVILITE, col.NOM, col.PRENOM, col.DATE_NAISSANCE)


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
        self.positions = positions
        self.names = names
        self.world = world
        self.terms = terms
        self.cap_cents = exemption_cap_cents
        self.log = log
        self.active_point_ids = world.active_point_ids
        self.parsers: dict[str, Callable[[str], tuple[Any, Any]]] = {
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
            col.POINT_LIVRAISON: self._parse_point,
            col.ADRESSE_1: fields.parse_address_line,
            col.ADRESSE_2: fields.parse_address_line,
            col.CODE_POSTAL: fields.parse_postcode,
            col.VILLE: fields.parse_address_line,
        }
        self.caches: dict[str, dict[str, tuple[Any, Any]]] = {name: {} for name in col.COLUMNS}
        self.normalized: dict[str, str] = {}
        self.cap_checked: dict[tuple[int, Decimal], int | None] = {}
        self.first_line_of: dict[str, int] = {}
        self.known_people_by_identity: dict[tuple[str, str, object], str] | None = None
        self.new_people_by_identity: dict[tuple[str, str, object], tuple[int, str]] = {}
        self.lines: list[OrderFileLine] = []
        self.new_beneficiaries: list[NewBeneficiary] = []
        self.updates: list[ProposedUpdate] = []

    # --- reading a cell ---------------------------------------------------------------------

    def _column(self, name: str) -> str:
        return self.names.get(name, name)

    def _value(self, line: int, cells: list[str], name: str) -> tuple[bool, Any]:
        """(given, value): given is False for an empty or absent cell; value is None when the
        cell is given but wrong (its problem is logged)."""
        position = self.positions.get(name)
        text = cells[position] if position is not None else ""
        if not text:
            return False, None
        cache = self.caches[name]
        parsed = cache.get(text)
        if parsed is None:
            parsed = cache[text] = self.parsers[name](text)
        value, problem = parsed
        if problem is not None:
            code, template, params = problem
            self.log.error(line, self._column(name), code, template, params)
        return True, value

    def _parse_point(self, text: str) -> tuple[int | None, fields.Problem | None]:
        code = text.upper()
        point = self.world.points.get(code)
        if point is None:
            active = sorted(c for c, (_pk, is_active) in self.world.points.items() if is_active)
            params = {"value": fields.shown(text), "codes": ", ".join(active[:10]) or "—"}
            return None, ("point_unknown", MESSAGES["point_unknown"], params)
        pk, is_active = point
        if not is_active:
            return None, ("point_inactive", MESSAGES["point_inactive"], {"value": code})
        return pk, None

    # --- one line ---------------------------------------------------------------------------

    def check(self, line: int, cells: list[str]) -> None:
        log = self.log
        errors_before = log.error_count
        matricule = self._matricule(line, cells)
        person = self.world.people.get(matricule) if matricule else None
        if person is not None and person[STATUS] == DEPARTED:
            params = {"matricule": matricule}
            log.error(line, self._column(col.MATRICULE), "departed", MESSAGES["departed"], params)
        titres = self._titres(line, cells)
        face_given, face = self._value(line, cells, col.VALEUR_FACIALE)
        share_given, share = self._value(line, cells, col.PART_PATRONALE)
        identity = {name: self._value(line, cells, name) for name in NEW_PERSON_FIELDS}
        _email_given, email = self._value(line, cells, col.EMAIL)
        if person is None and matricule:
            for name in NEW_PERSON_FIELDS:
                if not identity[name][0]:
                    code = f"missing_{name}"
                    log.error(line, self._column(name), code, MESSAGES[code])
        shipping_given, shipping = self._destination_in_file(line, cells)
        card = (
            CardAction.NONE
            if person and person[ID] in self.world.live_card_holders
            else CardAction.NEW
        )
        destination = None
        if card is CardAction.NEW and not shipping_given:
            destination = self._destination_on_file(line, person)
        elif card is CardAction.NEW:
            destination = shipping
        if log.error_count > errors_before or matricule is None or titres is None:
            return
        face_cents = face if face_given else self.terms.face_value_default_cents
        employer_share = share if share_given else self.terms.employer_share_default
        self._warn_cap(line, titres, face_cents, employer_share, face_given, share_given)
        if person is not None:
            self._propose_updates(line, matricule, person, identity)
        else:
            self._warn_likely_duplicate(line, matricule, identity)
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
                    civility=identity[col.CIVILITE][1],
                    last_name=identity[col.NOM][1],
                    first_name=identity[col.PRENOM][1],
                    birth_date=identity[col.DATE_NAISSANCE][1],
                    email=email or "",
                    destination=destination,
                )
            )

    def _matricule(self, line: int, cells: list[str]) -> str | None:
        given, matricule = self._value(line, cells, col.MATRICULE)
        column = self._column(col.MATRICULE)
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

    def _titres(self, line: int, cells: list[str]) -> int | None:
        given, titres = self._value(line, cells, col.NOMBRE_TITRES)
        if not given:
            column = self._column(col.NOMBRE_TITRES)
            self.log.error(line, column, "missing_nombre_titres", MESSAGES["missing_nombre_titres"])
        return titres

    # --- where the card ships ---------------------------------------------------------------

    def _destination_in_file(self, line: int, cells: list[str]) -> tuple[bool, Destination | None]:
        """(given, destination): whether the line names one, and it (None when it is wrong)."""
        point_given, point_id = self._value(line, cells, col.POINT_LIVRAISON)
        home = {name: self._value(line, cells, name) for name in col.HOME}
        home_given = any(given for given, _value in home.values())
        if point_given and home_given:
            column = self._column(col.POINT_LIVRAISON)
            self.log.error(line, column, "point_and_home", MESSAGES["point_and_home"])
            return True, None
        if point_given:
            return True, (
                Destination(ShipsTo.POINT, delivery_point_id=point_id) if point_id else None
            )
        if not home_given:
            return False, None
        missing = [name for name in col.HOME_REQUIRED if not home[name][0]]
        for name in missing:
            params: dict[str, object] = {"name": name}
            self.log.error(
                line, self._column(name), "home_incomplete", MESSAGES["home_incomplete"], params
            )
        if missing or any(given and value is None for given, value in home.values()):
            return True, None
        address = HomeAddress(
            line1=home[col.ADRESSE_1][1],
            line2=home[col.ADRESSE_2][1] or "",
            postcode=home[col.CODE_POSTAL][1],
            city=home[col.VILLE][1].upper(),
        )
        return True, Destination(ShipsTo.HOME, address=address)

    def _destination_on_file(self, line: int, person: Person | None) -> Destination | None:
        column = self._column(col.POINT_LIVRAISON)
        if person is None:
            self.log.error(line, column, "missing_destination", MESSAGES["missing_destination"])
            return None
        point_id = person[POINT_ID]
        if point_id is None:
            return Destination(ShipsTo.HOME)
        if point_id not in self.active_point_ids:
            self.log.error(
                line, column, "point_on_file_inactive", MESSAGES["point_on_file_inactive"]
            )
            return None
        return Destination(ShipsTo.POINT, delivery_point_id=point_id)

    # --- warnings ---------------------------------------------------------------------------

    def _warn_cap(
        self, line: int, titres: int, face: int, share: Decimal, face_given: bool, share_given: bool
    ) -> None:
        if titres == 0:
            return
        key = (face, share)
        if key not in self.cap_checked:
            per_titre = int((face * share / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            self.cap_checked[key] = per_titre if per_titre > self.cap_cents else None
        exceeded = self.cap_checked[key]
        if exceeded is None:
            return
        name = col.VALEUR_FACIALE if face_given or not share_given else col.PART_PATRONALE
        params = {"share": format_eur(exceeded), "cap": format_eur(self.cap_cents)}
        self.log.warning(
            line,
            self._column(name),
            "exemption_cap_exceeded",
            MESSAGES["exemption_cap_exceeded"],
            params,
        )

    def _name_key(self, text: str) -> str:
        key = self.normalized.get(text)
        if key is None:
            key = self.normalized[text] = normalize(text)
        return key

    def _propose_updates(
        self, line: int, matricule: str, person: Person, identity: dict[str, tuple[bool, Any]]
    ) -> None:
        changes = []
        for name, field, index in (
            (col.NOM, "last_name", LAST_NAME),
            (col.PRENOM, "first_name", FIRST_NAME),
        ):
            given, value = identity[name]
            if given and self._name_key(value) != self._name_key(person[index]):
                changes.append((name, field, person[index], value))
        given, born = identity[col.DATE_NAISSANCE]
        if given and born != person[BIRTH_DATE]:
            changes.append(
                (
                    col.DATE_NAISSANCE,
                    "birth_date",
                    _french_date(person[BIRTH_DATE]),
                    _french_date(born),
                )
            )
        if not changes:
            return
        for _name, field, on_file, in_file in changes:
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
        described = " ; ".join(f"{name} « {on} » → « {new} »" for name, _f, on, new in changes)
        params = {"matricule": matricule, "changes": described}
        self.log.warning(
            line,
            self._column(changes[0][0]),
            "differs_from_file",
            MESSAGES["differs_from_file"],
            params,
        )

    def _warn_likely_duplicate(
        self, line: int, matricule: str, identity: dict[str, tuple[bool, Any]]
    ) -> None:
        last, first, born = (
            identity[name][1] for name in (col.NOM, col.PRENOM, col.DATE_NAISSANCE)
        )
        key = (self._name_key(last), self._name_key(first), born)
        known = self._known_identities().get(key)
        column = self._column(col.MATRICULE)
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
            key = self._name_key
            self.known_people_by_identity = {
                (key(person[LAST_NAME]), key(person[FIRST_NAME]), person[BIRTH_DATE]): matricule
                for matricule, person in self.world.people.items()
            }
        return self.known_people_by_identity


def _french_date(value: object) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
