"""Statistics' background work: the processor's files dropped in PROCESSOR_INBOX, and the
yearly expiry of titres. Tasks call one service and are idempotent (a file already imported
imports nothing; an expired balance is zero)."""

import logging
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def import_processor_files() -> int:
    """Every file of the inbox that has its `.sig` beside it, imported then moved to `done/`
    (or `refused/`): a file left behind by a crash is imported at the next run."""
    from titresto.statistics.models import TransactionImport
    from titresto.statistics.services import transactions_file_import

    inbox = Path(settings.PROCESSOR_INBOX)
    count = 0
    for path in sorted(inbox.glob("*.csv")):
        signature = path.with_name(path.name + ".sig")
        if not signature.is_file():
            continue
        outcome = transactions_file_import(
            path=path, signature=signature.read_text(), now=timezone.now()
        )
        refused = outcome.row.status == TransactionImport.Status.REFUSED
        target = inbox / ("refused" if refused else "done")
        target.mkdir(exist_ok=True)
        path.rename(target / path.name)
        signature.rename(target / signature.name)
        log.info("processor file %s: %s", path.name, outcome.row.status)
        count += 1
    return count


@shared_task(acks_late=True)
def expire_balances() -> int:
    """Daily: what is left of titres past their last day (end of February N+1) expires."""
    from titresto.cards.ledger import ledger_expire

    now = timezone.now()
    return ledger_expire(today=timezone.localdate(now), now=now)


@shared_task(acks_late=True)
def simulate_card_usage() -> None:
    """Beat, with STATISTICS_SIMULATOR on: the simulated processor's file for the days done."""
    if not settings.STATISTICS_SIMULATOR:
        return
    from titresto.statistics.simulator import simulate_until

    now = timezone.now()
    simulate_until(today=timezone.localdate(now), now=now)
