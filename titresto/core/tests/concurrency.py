"""Two transactions at once, for the tests of core's locks (PostgreSQL only).

SQLite's in-memory test database refuses a second writer at once (« database table is
locked ») instead of making it wait; the embedded SQLite run is serialised by its
IMMEDIATE transactions anyway. CI runs every test on PostgreSQL too, where these run.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

needs_row_locks = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers: no row lock to wait on"
)


def run_at_once(*work: Callable[[], Any]) -> list[Any]:
    """Runs each function in its own thread and database connection; returns what each
    returned, or the exception it raised, in the order given."""
    outcomes: list[Any] = [None] * len(work)

    def run(index: int, function: Callable[[], Any]) -> None:
        try:
            outcomes[index] = function()
        except Exception as error:  # the test asserts on it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
