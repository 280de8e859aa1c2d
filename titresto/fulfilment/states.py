"""The life cycles after payment (DOMAIN « Order life cycle »): the parcel's and the load's.
Each event is named after its target; no manager moves them (partners, staff, the system)."""

from titresto.core.states import TransitionTable
from titresto.fulfilment.models import Load, LoadEvent, Parcel, ParcelEvent

P = Parcel.Status
PARCEL_TABLE = TransitionTable.from_targets(
    {
        P.PREPARED: [P.HANDED_OVER],
        P.HANDED_OVER: [P.IN_TRANSIT, P.DELIVERED, P.INCIDENT],
        P.IN_TRANSIT: [P.DELIVERED, P.INCIDENT],
        # An incident is resolved by a delivery after all, or the parcel comes back.
        P.INCIDENT: [P.IN_TRANSIT, P.DELIVERED, P.RETURNED],
    },
    history=ParcelEvent,
    subject="parcel",
)

L = Load.Status
LOAD_TABLE = TransitionTable.from_targets(
    # A refused load is tried again (scheduled) or given up (cancelled) by the issuer's staff.
    {L.SCHEDULED: [L.CREDITED, L.REFUSED], L.REFUSED: [L.SCHEDULED, L.CANCELLED]},
    history=LoadEvent,
    subject="load",
)
