"""Exactly once by constraint: a task's work is recorded by a `TaskRun` row unique per task and
key, in the same transaction as the work itself.

Celery with `acks_late` delivers a task again when a worker dies or a visibility timeout
passes, and two workers may hold the same message. The first to insert the row does the work;
the others find it (on PostgreSQL they wait for the first to commit) and do nothing. Work that
fails rolls its row back with it, so a retry does it again.

Side effects outside the database (a mail, a partner's API) belong in `transaction.on_commit`
inside the block: they run only when the work and its row are committed, hence at most once.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from titresto.core.models import TaskRun

Result = TypeVar("Result")


@contextmanager
def run_once(*, task: str, key: str, now: datetime) -> Iterator[bool]:
    """`with run_once(task=…, key=…, now=…) as first:` — do the work only when `first`.

    The block runs in one transaction with the claim of the key.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                TaskRun.objects.create(task=task, key=key, done_at=now)
        except IntegrityError:
            yield False
            return
        yield True


def once_per(
    key: Callable[..., str],
) -> Callable[[Callable[..., Result]], Callable[..., Result | None]]:
    """Makes a task function idempotent: `key` builds the run's key from the task's keyword
    arguments (tasks take ids, never objects); a repeated run returns None without working."""

    def decorator(function: Callable[..., Result]) -> Callable[..., Result | None]:
        task = f"{function.__module__}.{function.__qualname__}"

        @wraps(function)
        def wrapped(**kwargs: Any) -> Result | None:
            with run_once(task=task, key=key(**kwargs), now=timezone.now()) as first:
                return function(**kwargs) if first else None

        return wrapped

    return decorator
