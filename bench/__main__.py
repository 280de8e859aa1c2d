"""Seeds 100 000 beneficiaries for one client and times the pages that must stay fast.

SQLite by default (a temporary file), PostgreSQL when DATABASE_URL is set (a `titresto_bench`
database created then dropped beside the configured one). Server time is measured through
Django's test client, in process: middleware, queries, template, all of it.
`BENCH_PARTS` picks parts, run in this order: `pages` (the lists and exports), `orderfile` (the
order file's dry run), `orderimport` (the import that writes a 100 000-line draft, then its
review page and its order's page; it creates 100 000 people), `fulfilment` (a paid
100 000-line order from payment to loaded cards, then its tracking page; it gives everyone a
card, so it comes after the others), `billing` (a paid 100 000-line order's two invoices, one
invoice rendered again, the order's CSV detail), `statistics` (the processor's 1 000 000-line transactions
file, then the statistics page over a year of 10 million transactions).
"""

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DB = "titresto_bench"
POPULATION = int(os.environ.get("BENCH_POPULATION", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
PARTS = os.environ.get(
    "BENCH_PARTS", "pages,orderfile,orderimport,fulfilment,billing,statistics"
).split(",")


def prepare_database() -> Callable[[], None]:
    """Points DATABASE_URL at a fresh throwaway database; returns its clean-up."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        admin_url = urlunsplit(parts._replace(scheme="postgresql"))
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            connection.execute(f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")

        return drop
    folder = tempfile.TemporaryDirectory(prefix="titresto-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder.name) / 'bench.sqlite3'}"
    return folder.cleanup


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "titresto.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["HTTPS"] = "false"
    os.environ["DEBUG"] = "false"
    import django
    from django.conf import settings

    django.setup()
    # Templates name static files; the bench does not need collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> int:
    cleanup = prepare_database()
    try:
        setup_django()
        from bench.seed import seed

        started = time.perf_counter()
        world = seed(population=POPULATION)
        seeded = time.perf_counter() - started
        from bench.measure import measure_all
        from bench.orderfile import orderfile_rows
        from bench.report import print_table

        rows, query_check = measure_all(world, runs=RUNS) if "pages" in PARTS else ([], None)
        if "orderfile" in PARTS:
            rows += orderfile_rows(client_number="90000001")
        if "orderimport" in PARTS:
            from bench.orderimport import orderimport_rows

            rows += orderimport_rows(world, client_number="90000001", runs=RUNS)
        if "fulfilment" in PARTS:
            from bench.fulfilment import fulfilment_rows

            rows += fulfilment_rows(world, runs=RUNS)
        if "billing" in PARTS:
            from bench.billing import billing_rows

            rows += billing_rows(world, runs=RUNS)
        if "statistics" in PARTS:
            from bench.statistics import statistics_rows

            rows += statistics_rows(world, runs=RUNS)
        print_table(rows, query_check, seeded=seeded, population=POPULATION, runs=RUNS)
        same_queries = query_check is None or query_check[0]
        return 0 if all(row.passed for row in rows) and same_queries else 1
    finally:
        cleanup()


if __name__ == "__main__":
    sys.exit(main())
