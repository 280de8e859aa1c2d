"""Medians of server time and SQL counts for the list pages; time and peak memory of exports."""

import statistics
import time
import tracemalloc
from urllib.parse import urlencode

from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.report import Row
from bench.seed import World

PAGE_TARGET_MS = 100
EXPORT_TARGET_S = 10
EXPORT_MEMORY_TARGET_MB = 50


def _pages(world: World) -> list[tuple[str, dict[str, str]]]:
    main_point = world.big_points[0].public_id
    rare_point = world.rare_point.public_id
    return [
        ("list, first page", {}),
        ("list, page 1 000 (offset 49 950)", {"page": "1000"}),
        ("list, last page", {"page": "2000"}),
        ("list sorted by matricule (desc)", {"tri": "-matricule"}),
        ("search « dupont » (common name)", {"q": "dupont"}),
        ("search « elodie legare » (no accents)", {"q": "elodie legare"}),
        ("search « m0099999 » (one matricule)", {"q": "m0099999"}),
        ("search with no match", {"q": "zzzzz"}),
        ("filter status = departed", {"statut": "DEPARTED"}),
        ("filter point = main site", {"point": main_point}),
        ("filter point = rare site (10 people)", {"point": rare_point}),
        ("filter home delivery + search", {"point": "DOMICILE", "q": "martin"}),
        ("detail page", {}),
    ]


def time_get(http: HttpClient, url: str, runs: int) -> tuple[float, int]:
    for _warm_up in range(2):
        assert http.get(url).status_code == 200, url
    timings = []
    queries = 0
    for _run in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = http.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
        queries = len(captured)
    return statistics.median(timings), queries


def _url(label: str, params: dict[str, str], detail: str) -> str:
    if label == "detail page":
        return reverse("beneficiaries:detail", args=[detail])
    base = reverse("beneficiaries:list")
    return f"{base}?{urlencode(params)}" if params else base


def _consume(http: HttpClient, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = http.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    return time.perf_counter() - started, size


def _export_rows(http: HttpClient, name: str, label: str) -> list[Row]:
    url = reverse(name)
    seconds, size = _consume(http, url)
    tracemalloc.start()
    _consume(http, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    note = f"({size / 1e6:.1f} MB file)"
    return [
        Row(f"{label}: time", seconds, "s", EXPORT_TARGET_S, note=note),
        Row(f"{label}: peak Python memory", peak / 1e6, "MB", EXPORT_MEMORY_TARGET_MB),
    ]


def measure_all(world: World, *, runs: int) -> tuple[list[Row], tuple[bool, str]]:
    from titresto.beneficiaries.models import Beneficiary

    big = HttpClient()
    big.force_login(world.big_user)
    small = HttpClient()
    small.force_login(world.small_user)
    big_detail = Beneficiary.objects.filter(client__client_number="90000001").latest("pk").public_id
    small_detail = (
        Beneficiary.objects.filter(client__client_number="90000002").latest("pk").public_id
    )
    rows = []
    mismatches = []
    for label, params in _pages(world):
        millis, queries = time_get(big, _url(label, params, big_detail), runs)
        small_params = dict(params)
        if small_params.get("point", "DOMICILE") != "DOMICILE":
            small_params["point"] = ""  # the small client's own points have other ids
        _small_ms, small_queries = time_get(small, _url(label, small_params, small_detail), 3)
        if small_queries != queries:
            mismatches.append(f"{label}: {small_queries} vs {queries}")
        rows.append(Row(label, millis, "ms", PAGE_TARGET_MS, queries=queries))
    rows += _export_rows(big, "beneficiaries:export_csv", "export CSV, 100 000 rows")
    rows += _export_rows(big, "beneficiaries:export_xlsx", "export XLSX, 100 000 rows")
    detail = "all equal" if not mismatches else "; ".join(mismatches)
    return rows, (not mismatches, detail)
