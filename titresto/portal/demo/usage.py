"""The demo's card usage: the simulated processor's file since the first of last month."""

import datetime as dt

from django.utils import timezone

from titresto.statistics.simulator import simulate_until


def seed_usage(*, now: dt.datetime) -> int:
    today = timezone.localdate(now)
    since = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    outcome = simulate_until(today=today, now=now, since=since)
    return 0 if outcome is None else outcome.row.imported_count
