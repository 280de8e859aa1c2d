"""`titresto import-order` without --dry-run on the 100 000-line file, then the review page of
such an import and the page of such an order (issue 7: 8 s and 300 MB, pages under 200 ms).

Run once, not repeated: the import creates 100 000 people, so a second run on the same
database would find them all known and measure another workload. That is why this part runs
after the others (the pages' population and the dry runs are measured before it).

1. The valid file (the dry run's « e-mails in ASCII » copy, every line a new person) is
   uploaded as a manager uploads it (`import_upload`, then the validation task, run in this
   process): a VALID import of 100 000 lines waits for its review.
2. `titresto import-order FILE --client N --json` writes the same file as a draft order in a
   child process, as the issuer's staff run it: wall time with Django's start, the child's
   peak resident memory, lines per second beside the floor (csv read + bare executemany).
3. The review page (orders:import_detail of step 1) and the order's page (orders:detail of
   step 2, its first and its last page of lines) are timed like the other pages: server time
   through Django's test client, median of the runs, with their SQL count.
"""

import tempfile
import time
from pathlib import Path

from django.db import connection
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bench.measure import time_get
from bench.orderfile import (
    GENERATOR,
    LINES,
    MEMORY_TARGET_MB,
    count_text,
    floor_seconds,
    order_files,
    run_import_order,
)
from bench.report import Row
from bench.seed import World

IMPORT_TARGET_S = 8
PAGE_TARGET_MS = 200


def _review_import(world: World, path: Path) -> tuple[str, float]:
    """A VALID import of the file, uploaded and validated as the portal does it; its public
    id and how long upload plus validation took."""
    from celery import current_app

    from titresto.accounts.models import Membership
    from titresto.core.actors import Actor
    from titresto.orders.services.imports import import_upload

    membership = Membership.objects.select_related("user", "client").get(user=world.big_user)
    actor = Actor(
        user=membership.user,
        client=membership.client,
        membership=membership,
        capabilities=membership.capabilities,
    )
    eager = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = True  # the validation task runs here, at commit
    try:
        started = time.perf_counter()
        order_import = import_upload(
            actor=actor,
            filename=path.name,
            data=path.read_bytes(),
            load_period=timezone.localdate(),
            load_date=None,
            now=timezone.now(),
        )
        seconds = time.perf_counter() - started
    finally:
        current_app.conf.task_always_eager = eager
    order_import.refresh_from_db()
    assert order_import.status == "VALID", order_import.status
    return order_import.public_id, seconds


def _page_rows(world: World, review: tuple[str, float], order_number: str, runs: int) -> list[Row]:
    from titresto.orders.models import Order

    http = HttpClient()
    http.force_login(world.big_user)
    order = Order.objects.get(number=order_number)
    detail = reverse("orders:detail", args=[order.public_id])
    review_id, reviewed = review
    pages = [
        ("review page, 100 000-line import", reverse("orders:import_detail", args=[review_id])),
        ("order page, 100 000 lines", detail),
        ("order page, last page of lines", f"{detail}?page=2000"),
    ]
    rows = []
    for label, url in pages:
        millis, queries = time_get(http, url, runs)
        rows.append(Row(label, millis, "ms", PAGE_TARGET_MS, queries=queries))
    rows[0].note = f"(upload + validation, in process: {reviewed:.1f} s)"
    return rows


def orderimport_rows(world: World, *, client_number: str, runs: int) -> list[Row]:
    if not GENERATOR.is_file():
        print(f"(order import rows skipped: {GENERATOR} is missing; set GEN_ORDER_FILE)")
        return []
    with tempfile.TemporaryDirectory(prefix="titresto-orderimport-") as name:
        folder = Path(name)
        _generated, valid, _fixed = order_files(folder)
        floor = floor_seconds(valid)
        with override_settings(MEDIA_ROOT=folder / "media"):
            review = _review_import(world, valid)
        connection.close()  # the child opens its own; SQLite must not see a lock held here
        seconds, peak_mb, result = run_import_order(valid, client_number)
        assert result["valid"] and result["order_number"], result
        rate = result["lines"] / seconds
        rows = [
            Row(
                "import-order (a draft of 100 000 lines)",
                seconds,
                "s",
                IMPORT_TARGET_S,
                note=(
                    f"(run once; {count_text(rate)} lines/s; floor"
                    f" {count_text(LINES / floor)} lines/s;"
                    f" {count_text(result['new_beneficiaries'])} new people)"
                ),
            ),
            Row("  its peak memory (import)", peak_mb, "MB", MEMORY_TARGET_MB),
        ]
        rows += _page_rows(world, review, result["order_number"], runs)
        return rows
