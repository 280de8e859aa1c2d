"""Validate an order file for a client: read the world once, then one pass over the lines.

    report = validate_order_file(data=..., filename=..., client=..., terms=...,
                                 exemption_cap_cents=732, load_date=...)

Three queries whatever the number of lines (beneficiaries, delivery points, live cards), none
when the file is refused before its lines. Writes nothing: confirming an import re-runs this
and then writes what the report holds.
"""

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from titresto.clients.models import Client
from titresto.clients.services import ContractTerms
from titresto.orders.orderfile.issues import IssueLog
from titresto.orders.orderfile.lines import LineChecker
from titresto.orders.orderfile.messages import MESSAGES
from titresto.orders.orderfile.reader import MESSAGES as READER_MESSAGES
from titresto.orders.orderfile.reader import TooManyLines, read_order_file
from titresto.orders.orderfile.report import ValidationReport
from titresto.orders.orderfile.world import order_file_world


def validate_order_file(
    *,
    data: bytes,
    filename: str,
    client: Client,
    terms: ContractTerms,
    exemption_cap_cents: int,
    load_date: dt.date,
) -> ValidationReport:
    log = IssueLog()
    table = read_order_file(data, filename, log)
    if table is None:
        return ValidationReport.refused(log, lines_read=0)
    checker = LineChecker(
        positions=table.positions,
        names=table.names,
        world=order_file_world(client=client),
        terms=terms,
        exemption_cap_cents=exemption_cap_cents,
        load_date=load_date,
        log=log,
    )
    check = checker.check
    try:
        with collector_paused():
            for line, cells in table.rows:
                check(line, cells)
    except TooManyLines:
        # Refused as a whole: the issues of the first 100 000 lines would only hide the reason.
        only = IssueLog()
        only.error(None, None, "too_many_lines", READER_MESSAGES["too_many_lines"])
        return ValidationReport.refused(only, lines_read=table.lines_read)
    if table.lines_read == 0:
        log.error(2, None, "no_lines", MESSAGES["no_lines"])
    if log.error_count:
        return ValidationReport.refused(log, lines_read=table.lines_read)
    return ValidationReport(
        lines_read=table.lines_read,
        errors=[],
        warnings=log.warnings,
        error_count=0,
        warning_count=log.warning_count,
        lines=checker.lines,
        new_beneficiaries=checker.new_beneficiaries,
        updates=checker.updates,
    )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic collector off while a file is checked, and as it was found after.

    The pass keeps ~300 000 small objects (lines, new people, destinations) and makes no
    reference cycle: the collector would walk them again and again for nothing (~0,7 s at
    100 000 lines). Refcounting still frees the rest. After, what survived is moved to the
    oldest generation without being walked (a freeze then an unfreeze, unless something froze
    objects on purpose): it lives as long as the report, and a cycle made meanwhile is still
    found by the next full collection. Nested uses leave it all to the outermost."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
