"""The processor's real-time events come through fulfilment's partner endpoint (one signed
endpoint per partner); this module hands it the transaction events."""

from titresto.fulfilment.models import Partner
from titresto.fulfilment.webhooks import partner_event_handler_add

TRANSACTION_EVENT = "transaction.recorded"


def register() -> None:
    from titresto.statistics.services import transaction_event_record

    partner_event_handler_add(
        Partner.PROCESSOR.value,
        TRANSACTION_EVENT,
        lambda data, *, now: transaction_event_record(data=data, now=now),
    )
