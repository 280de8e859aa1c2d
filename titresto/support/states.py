"""A request's life cycle: ouverte ⇄ en attente du client → résolue (→ ouverte again when the
manager writes). Agents move it without a capability (staff); managers only by writing."""

from titresto.core.capabilities import Capability
from titresto.core.states import Move, TransitionTable
from titresto.support.models import ContactRequest, ContactRequestEvent

S = ContactRequest.Status
AWAIT_CLIENT = "await_client"  # an agent answered
CLIENT_ANSWERS = "client_answers"  # the manager wrote again
RESOLVE = "resolve"
REOPEN = "reopen"

REQUEST_TABLE = TransitionTable(
    [
        Move(S.OPEN, AWAIT_CLIENT, S.WAITING),
        Move(S.WAITING, CLIENT_ANSWERS, S.OPEN, capability=Capability.SUPPORT_REQUESTS),
        Move(S.RESOLVED, CLIENT_ANSWERS, S.OPEN, capability=Capability.SUPPORT_REQUESTS),
        Move(S.OPEN, RESOLVE, S.RESOLVED),
        Move(S.WAITING, RESOLVE, S.RESOLVED),
        Move(S.RESOLVED, REOPEN, S.OPEN),
    ],
    history=ContactRequestEvent,
    subject="request",
)
