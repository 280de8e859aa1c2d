"""Billing at 100 000 lines (issue 9: one invoice PDF with its Factur-X XML under 1 s; the CSV
detail of a 100 000-line order under 5 s with flat memory; the documents page at a constant
SQL count).

The seed's 100 000 people get one paid order (its price stored as the portal stores it); its
two invoices are issued in this process, as a worker issues them; then one invoice is rendered
again `runs` times (the median is the figure), and the order's CSV detail is streamed through
the portal, its peak Python memory traced.
"""

import statistics
import time
import tracemalloc

from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from bench.fulfilment import _paid_order
from bench.measure import time_get
from bench.orderfile import count_text
from bench.report import Row
from bench.seed import World

INVOICE_TARGET_S = 1
DETAIL_TARGET_S = 5
DETAIL_MEMORY_TARGET_MB = 50
PAGE_TARGET_MS = 200


def billing_rows(world: World, *, runs: int) -> list[Row]:
    from titresto.billing.invoices import fees_content
    from titresto.billing.render import render
    from titresto.billing.services import invoices_issue, order_facts
    from titresto.orders.services.orders import order_reprice

    order = _paid_order(world)
    order_reprice(order, now=timezone.now())
    order.refresh_from_db()
    started = time.perf_counter()
    documents = invoices_issue(order_id=order.pk, now=timezone.now())
    both = time.perf_counter() - started
    assert len(documents) == 2, documents
    facts = order_facts(order)
    content = fees_content(
        order, facts=facts, number="FA-BENCH-000001", face_value_number="VF-BENCH-000001",
        issue_date=timezone.localdate(),
    )  # fmt: skip
    timings = []
    for _run in range(max(3, runs // 3)):
        started = time.perf_counter()
        render(content)
        timings.append(time.perf_counter() - started)
    rows = [
        Row(
            "one invoice PDF + Factur-X XML",
            statistics.median(timings),
            "s",
            INVOICE_TARGET_S,
            note=f"(both invoices of the {count_text(order.line_count)}-line order issued in {both:.2f} s)",
        )
    ]
    http = HttpClient()
    http.force_login(world.big_user)
    url = reverse("billing:order_detail_csv", args=[order.public_id])

    def consume() -> tuple[float, int]:
        started = time.perf_counter()
        response = http.get(url)
        size = sum(len(chunk) for chunk in response.streaming_content)
        return time.perf_counter() - started, size

    seconds, size = consume()
    tracemalloc.start()
    consume()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows += [
        Row(
            f"order detail CSV, {count_text(order.line_count)} lines: time",
            seconds,
            "s",
            DETAIL_TARGET_S,
            note=f"({size / 1e6:.1f} MB file)",
        ),
        Row("order detail CSV: peak Python memory", peak / 1e6, "MB", DETAIL_MEMORY_TARGET_MB),
    ]
    millis, queries = time_get(http, reverse("billing:documents"), runs)
    rows.append(Row("documents page", millis, "ms", PAGE_TARGET_MS, queries=queries))
    return rows
