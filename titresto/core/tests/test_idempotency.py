import datetime as dt
import threading
import time

import pytest
from django.db import transaction

from titresto.core.idempotency import once_per, run_once
from titresto.core.models import TaskRun
from titresto.core.tests.concurrency import needs_row_locks, run_at_once
from titresto.core.tests.models import Specimen

NOW = dt.datetime(2026, 12, 2, 10, 30, tzinfo=dt.UTC)


@once_per(key=lambda *, client_id, number: number)
def create_specimen(*, client_id: int, number: str) -> Specimen:
    """A task's work: one row written per number, however often it is delivered."""
    return Specimen.objects.create(client_id=client_id, number=number)


def test_the_first_run_does_the_work_and_a_replay_does_nothing(tenant) -> None:
    first = create_specimen(client_id=tenant.pk, number="42")
    replay = create_specimen(client_id=tenant.pk, number="42")

    assert first is not None and replay is None
    assert Specimen.objects.filter(number="42").count() == 1
    run = TaskRun.objects.get()
    assert (run.task, run.key) == (f"{__name__}.create_specimen", "42")


def test_another_key_is_another_piece_of_work(tenant) -> None:
    create_specimen(client_id=tenant.pk, number="42")
    create_specimen(client_id=tenant.pk, number="43")

    assert Specimen.objects.count() == 2


def test_work_that_failed_is_done_again_by_the_retry(tenant) -> None:
    with pytest.raises(RuntimeError), run_once(task="send", key="7", now=NOW) as first:
        assert first
        Specimen.objects.create(client=tenant, number="42")
        raise RuntimeError("the worker died half-way")

    assert not TaskRun.objects.exists()
    assert not Specimen.objects.exists()
    with run_once(task="send", key="7", now=NOW) as first:
        assert first


@pytest.mark.django_db
def test_side_effects_after_commit_run_once(django_capture_on_commit_callbacks) -> None:
    sent: list[str] = []

    with django_capture_on_commit_callbacks(execute=True):
        for _delivery in range(3):
            with run_once(task="mail", key="invitation-7", now=NOW) as first:
                if first:
                    transaction.on_commit(lambda: sent.append("mail"))

    assert sent == ["mail"]


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_workers_with_the_same_message_do_the_work_once() -> None:
    start = threading.Barrier(2)

    def worker() -> bool:
        start.wait()
        with run_once(task="load", key="line-42", now=NOW) as first:
            time.sleep(0.2)  # the other worker's claim waits on this one's
            return first

    assert sorted(run_at_once(worker, worker)) == [False, True]
    assert TaskRun.objects.count() == 1
