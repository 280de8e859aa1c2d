"""Processor files and events as the processor writes them (signed with its secret)."""

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable, Sequence
from pathlib import Path

from titresto.statistics.lines import HEADER
from titresto.statistics.services import processor_secret

PARIS = dt.timezone(dt.timedelta(hours=1))


def line(
    reference: str,
    card: int,
    at: dt.datetime,
    cents: int = 1000,
    category: str = "RESTAURANT",
    result: str = "ACCEPTED",
    balance: int = 0,
) -> list[str]:
    return [reference, str(card), at.isoformat(), str(cents), category, result, str(balance)]


def file_bytes(lines: Iterable[Sequence[str]], *, header: Sequence[str] = HEADER) -> bytes:
    rows = [";".join(header), *(";".join(cells) for cells in lines)]
    return ("\r\n".join(rows) + "\r\n").encode()


def signature(data: bytes, secret: str | None = None) -> str:
    key = (secret if secret is not None else processor_secret()).encode()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def write_signed(folder: Path, name: str, data: bytes, *, secret: str | None = None) -> Path:
    path = folder / name
    path.write_bytes(data)
    (folder / f"{name}.sig").write_text(signature(data, secret))
    return path
