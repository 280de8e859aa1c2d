"""The distributed engine for real: an order of 10 000 lines credited by real Celery worker
processes consuming from Redis, one of them killed with SIGKILL in the middle and replaced;
every load is credited exactly once (the load's row and its one history row per event are
constraints, the crediting a locked transition that a redelivered chunk finds done).

Runs on PostgreSQL with Redis (CI's second run): the workers are other processes and need a
database they can reach; the embedded SQLite run keeps its in-memory test database and the
eager tasks the rest of the suite uses. Under CI=true a missing Redis fails instead of
skipping.
"""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tests.factories import BeneficiaryFactory, CardFactory, DeliveryPointFactory
from titresto.beneficiaries.models import Beneficiary
from titresto.cards.models import Card
from titresto.core.rules import rules_at
from titresto.fulfilment.models import Load, LoadEvent
from titresto.fulfilment.services import fulfilment_start
from titresto.orders.models import Order, OrderLine
from titresto.orders.services.orders import order_new
from titresto.orders.terms import terms_in_force

pytestmark = pytest.mark.django_db(transaction=True)

LINES = 10_000
# Small chunks: 500 tasks take the two workers a few seconds, so the kill lands mid-way.
CHUNK = 20
REDIS = os.environ.get("WORKERS_TEST_REDIS", "redis://127.0.0.1:6379/15")
VISIBILITY_SECONDS = 5


def _redis_or_skip() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real workers need a database other processes reach: the PostgreSQL run")
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {REDIS}: CI must run this test ({error})")
        pytest.skip(f"Redis is not reachable at {REDIS}")


def _order_of(client, lines: int) -> Order:
    """A paid order of `lines` people, each holding an active card, its loads all due and none
    credited yet (set up in bulk)."""
    now = timezone.now()
    point = DeliveryPointFactory(client=client)
    people = Beneficiary.objects.bulk_create(
        [
            BeneficiaryFactory.build(client=client, delivery_point=point, matricule=f"W{i:05d}")
            for i in range(lines)
        ],
        batch_size=2000,
    )
    # Shipped, not yet active: the start credits nothing; the cards are activated after it.
    Card.objects.bulk_create(
        [
            CardFactory.build(client=client, beneficiary=person, status=Card.Status.SHIPPED)
            for person in people
        ],
        batch_size=2000,
    )
    with transaction.atomic():  # the order's number is drawn in the transaction that stores it
        order = order_new(
            client=client,
            mode=Order.Mode.UNIT,
            terms=terms_in_force(client=client, rules=rules_at(timezone.localdate(now))),
            load_period=timezone.localdate(now).replace(day=1),
            load_date=None,
            by="test",
            now=now,
        )
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                client=client,
                order=order,
                position=rank + 1,
                beneficiary=person,
                titres=10,
                face_value_cents=1000,
                employer_share="60.00",
                delivery_point=point,
            )
            for rank, person in enumerate(people)
        ],
        batch_size=2000,
    )
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID, paid_at=now)
    fulfilment_start(order_id=order.pk, now=now)
    Card.objects.filter(client=client).update(status=Card.Status.ACTIVE)
    return order


def _worker(name: str, queue: str) -> subprocess.Popen[bytes]:
    settings = connection.settings_dict
    database = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": REDIS,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "titresto.settings",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "titresto", "worker", "--pool", "solo",
        "-Q", queue, "-n", f"{name}@%h", "--without-gossip", "--without-mingle",
        "--without-heartbeat", "--loglevel", "WARNING",
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603


def _credited() -> int:
    return Load.objects.filter(status=Load.Status.CREDITED).count()


def _wait(condition, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_two_workers_credit_10000_loads_exactly_once_though_one_is_killed(tenant) -> None:
    _redis_or_skip()
    from celery import Celery

    order = _order_of(tenant, LINES)
    ids = list(Load.objects.filter(order=order).order_by("pk").values_list("pk", flat=True))
    assert len(ids) == LINES and _credited() == 0
    queue = f"loads-{uuid.uuid4().hex[:8]}"
    sender = Celery(broker=REDIS)
    workers = [_worker("first", queue), _worker("second", queue)]
    try:
        for start in range(0, LINES, CHUNK):
            sender.send_task(
                "titresto.fulfilment.tasks.credit_loads",
                kwargs={"load_ids": ids[start : start + CHUNK]},
                queue=queue,
            )
        assert _wait(lambda: _credited() >= LINES // 20, seconds=60), "the workers never started"
        workers[0].send_signal(signal.SIGKILL)  # mid-way, holding unacknowledged chunks
        workers[0].wait(timeout=10)
        at_kill = _credited()
        # Its chunks come back after the visibility timeout; the replacement restores them.
        time.sleep(VISIBILITY_SECONDS + 1)
        workers.append(_worker("replacement", queue))

        assert _wait(lambda: _credited() == LINES, seconds=120), f"{_credited()} credited"
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
        with sender.connection_for_write() as broker:
            broker.default_channel.queue_purge(queue)

    assert workers[0].returncode == -signal.SIGKILL and at_kill < LINES
    assert LoadEvent.objects.filter(load__order=order, event="CREDITED").count() == LINES
    assert not Load.objects.filter(order=order).exclude(status=Load.Status.CREDITED).exists()
