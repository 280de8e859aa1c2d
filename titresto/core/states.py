"""Life cycles (ARCHITECTURE « State machines »): a transition table per model and one locked
`transition` that is the only code assigning a status.

An app declares its table in its `states.py`:

    ORDER_MOVES = TransitionTable(
        [
            Move(DRAFT, "submit", AWAITING_PAYMENT, capability=Capability.ORDERS_CREATE),
            Move(AWAITING_PAYMENT, "pay", PAID),  # no capability: the provider's webhook only
            ...
        ],
        history=OrderEvent,
        subject="order",
    )

and its service calls `transition(order, "submit", table=ORDER_MOVES, by=actor, now=now)`,
inside its own transaction when it writes more. The row is re-read under a lock, so a copy
that went stale meanwhile (a double click, two managers, a replayed webhook) is judged on the
status it has now, not on the one it was loaded with.
"""

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from titresto.core.actors import Actor
from titresto.core.audit import author_label
from titresto.core.bulk import insert_rows
from titresto.core.capabilities import Capability
from titresto.core.errors import DomainError
from titresto.core.models import StateHistory

Subject = TypeVar("Subject", bound=models.Model)
# A manager (capabilities checked), the issuer's staff (a user), or a named partner or system.
Author = Actor | AbstractBaseUser | str

REFUSED = _(
    "Cette opération n'est plus possible : le statut est maintenant « %(status)s ». "
    "Rechargez la page pour voir l'état actuel."
)
FORBIDDEN = _(
    "Votre accès ne permet pas cette opération : demandez-la à un administrateur du compte."
)


class TransitionRefused(DomainError):
    """The event is not allowed from the row's current status (or the table lacks it)."""

    code = "transition_refused"
    status = 409


class TransitionForbidden(DomainError):
    code = "transition_forbidden"
    status = 403


@dataclass(frozen=True)
class Move:
    """From `source`, `event` leads to `target`.

    `capability` is what a manager needs to fire the move; a move without one is not for
    managers at all (the issuer's staff, partners and the system only): default deny.
    """

    source: str
    event: str
    target: str
    capability: Capability | None = None


class TransitionTable:
    def __init__(
        self,
        moves: Iterable[Move],
        *,
        history: type[StateHistory],
        subject: str,
        field: str = "status",
        refusals: Mapping[str, str | Promise] | None = None,
    ) -> None:
        """`history` is the concrete `StateHistory` table, `subject` its foreign key to the
        model; `refusals` may give an event its own refusal sentence (with `%(status)s`)."""
        self._moves: dict[tuple[str, str], Move] = {}
        for move in moves:
            if (move.source, move.event) in self._moves:
                raise ValueError(f"{move.event!r} from {move.source!r} is declared twice")
            self._moves[(move.source, move.event)] = move
        self.history = history
        self.subject = subject
        self.field = field
        self.refusals = dict(refusals or {})

    @classmethod
    def from_targets(
        cls, targets: Mapping[str, Collection[str]], **options: Any
    ) -> "TransitionTable":
        """A table from a plain « status → statuses it may move to » mapping; each move's
        event is named after its target (`transition(card, Card.Status.SHIPPED, …)`)."""
        moves = (
            Move(source, target, target) for source, ends in targets.items() for target in ends
        )
        return cls(moves, **options)

    def move(self, source: str, event: str) -> Move | None:
        return self._moves.get((source, event))

    def moves(self, event: str | None = None) -> list[Move]:
        """Every move of the table, or those of `event` (one per source it may fire from)."""
        return [move for move in self._moves.values() if event is None or move.event == event]

    def events_from(self, source: str) -> frozenset[str]:
        """What may happen next: the buttons a page offers for a row in `source`."""
        return frozenset(event for (start, event) in self._moves if start == source)


def _status_label(instance: models.Model, field: str, status: str) -> str:
    choices = dict(instance._meta.get_field(field).flatchoices)  # type: ignore[union-attr]
    return str(choices.get(status, status))


def _check_author(move: Move, by: Author) -> None:
    if not isinstance(by, Actor):
        return
    if move.capability is None or not by.can(move.capability):
        raise TransitionForbidden(FORBIDDEN)


def author_user(by: Author) -> Any | None:
    """The user behind an author, if any (a partner or the system has none)."""
    if isinstance(by, Actor):
        return by.user
    if isinstance(by, AbstractBaseUser):
        return by
    return None


def author_label_of(by: Author) -> str:
    """How history names an author: a partner's or the system's name, else the person's."""
    return by if isinstance(by, str) else author_label(author_user(by))


def transition(
    instance: Subject,
    event: str,
    *,
    table: TransitionTable,
    by: Author,
    now: datetime,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    on_commit: Iterable[Callable[[], None]] = (),
) -> Subject:
    """Moves `instance` by `event` under a row lock and returns the row as saved.

    Writes the history row and saves `changes` (other fields the move sets, e.g. `paid_at`)
    with the status; `on_commit` callbacks (mails, tasks) run once the transaction commits,
    never for a move that was rolled back. Refused: `TransitionRefused` (not from this
    status), `TransitionForbidden` (a manager without the move's capability); nothing is
    written then.
    """
    with transaction.atomic():
        row = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        source = getattr(row, table.field)
        move = table.move(source, event)
        if move is None:
            message = table.refusals.get(event, REFUSED)
            raise TransitionRefused(message % {"status": _status_label(row, table.field, source)})
        _check_author(move, by)
        setattr(row, table.field, move.target)
        for name, value in (changes or {}).items():
            setattr(row, name, value)
        row.save(update_fields=[table.field, *(changes or {})])
        user = author_user(by)
        table.history._default_manager.create(
            **{table.subject: row},
            client_id=row.client_id,  # type: ignore[attr-defined]
            event=event,
            from_status=source,
            to_status=move.target,
            actor_user=user,
            actor_label=author_label_of(by),
            reason=reason,
            created_at=now,
        )
        for callback in on_commit:
            transaction.on_commit(callback)
    return row


HISTORY_COLUMNS = (
    "client_id",
    "event",
    "from_status",
    "to_status",
    "actor_user_id",
    "actor_label",
    "reason",
    "created_at",
)


def transition_many(
    rows: "models.QuerySet[Subject]",
    event: str,
    *,
    table: TransitionTable,
    by: Author,
    now: datetime,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    batch_size: int = 5000,
) -> int:
    """`transition` for a batch (a factory's « 10 000 cartes fabriquées »): every row of `rows`
    from which `event` is allowed moves, under row locks, with one history row each, in bulk.
    Rows the event does not apply to are left as they are; `changes` are other fields the move
    sets on every row; returns how many moved. Only for
    moves without a capability (partners, staff, the system), like the events that move
    batches; a manager's move goes one row at a time through `transition`."""
    model = rows.model
    moves = table.moves(event)
    if any(move.capability for move in moves):
        raise ValueError(f"{event!r} needs a capability: use transition() row by row")
    user, label = author_user(by), author_label_of(by)
    user_id = user.pk if user is not None else None
    moved = 0
    with transaction.atomic():
        for move in moves:
            source = move.source
            locked = list(
                rows.select_for_update()
                .filter(**{table.field: source})
                .values_list("pk", "client_id")
            )
            for start in range(0, len(locked), batch_size):
                batch = locked[start : start + batch_size]
                model._default_manager.filter(pk__in=[pk for pk, _client in batch]).update(
                    **{table.field: move.target, **(changes or {})}
                )
                insert_rows(
                    table.history,
                    [f"{table.subject}_id", *HISTORY_COLUMNS],
                    (
                        (pk, client_id, event, source, move.target, user_id, label, reason, now)
                        for pk, client_id in batch
                    ),
                )
            moved += len(locked)
    return moved
