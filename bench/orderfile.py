"""`titresto import-order --dry-run` on a 100 000-line file, beside the floor of the machine.

The file is the one `../shared/tools/gen_order_file.py` writes (every line a new person for the
bench's big client, shipped to SIEGE, ENTREPOT or a home). The command runs as a child process,
as the issuer's staff run it: its wall time includes Django's start, its memory is the child's
peak resident size. The floor is what no importer can beat here: the plain `csv` module reading
the file plus a bare `executemany` insert of its rows into a table of text columns.
"""

import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from django.db import connection

from bench.report import Row

ROOT = Path(__file__).resolve().parents[1]
# The shared tools sit beside the project's checkout; a worktree elsewhere names the script.
GENERATOR = Path(os.environ.get("GEN_ORDER_FILE", ROOT.parent / "shared/tools/gen_order_file.py"))
LINES = int(os.environ.get("BENCH_ORDER_LINES", "100000"))
# A shared 2-core machine: one run can land on a busy second, the median of three rarely does.
DRY_RUNS = int(os.environ.get("BENCH_DRY_RUNS", "3"))
DRY_RUN_TARGET_S = 3
MEMORY_TARGET_MB = 300
EMAIL = re.compile(r"[^;@]+@exemple\.fr")


def _ascii_email(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKD", match.group()).encode("ascii", "ignore").decode()


def order_files(folder: Path) -> tuple[Path, Path, int]:
    """The generated file, and a copy whose e-mails are plain ASCII: the generator's accent
    table misses « ó » (« lópez@… »), which the validation rightly refuses, so the copy is the
    valid month-end file the timing is about."""
    generated = folder / "commande-100000.csv"
    command = [sys.executable, str(GENERATOR), str(generated), "--lines", str(LINES)]
    subprocess.run(  # noqa: S603 - our interpreter, the shared tool, our own arguments
        [*command, "--points", "SIEGE,ENTREPOT"], check=True, capture_output=True
    )
    text = generated.read_text("utf-8-sig")
    fixed_text = EMAIL.sub(_ascii_email, text)
    fixed = sum(a != b for a, b in zip(text.splitlines(), fixed_text.splitlines(), strict=True))
    corrected = folder / "commande-100000-corrigee.csv"
    corrected.write_text(fixed_text, "utf-8-sig")
    return generated, corrected, fixed


def run_import_order(path: Path, client_number: str, *flags: str) -> tuple[float, float, dict]:
    """`titresto import-order PATH --client N --json [flags]` as a child: wall time, the
    child's own peak resident memory (`wait4` reports it for this child alone), its JSON."""
    titresto = Path(sys.executable).with_name("titresto")
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        arguments = [str(path), "--client", client_number, *flags, "--json"]
        child = subprocess.Popen(  # noqa: S603 - our own command and arguments
            [str(titresto), "import-order", *arguments],
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        assert child.stdout is not None
        stdout = child.stdout.read()
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            errors.seek(0)
            raise RuntimeError(errors.read().decode())
    return seconds, usage.ru_maxrss / 1024, json.loads(stdout)


def floor_seconds(path: Path) -> float:
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    columns = ", ".join(f"c{n} text" for n in range(14))
    marks = ", ".join(["%s"] * 14)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_floor ({columns})")
        cursor.executemany(f"INSERT INTO bench_floor VALUES ({marks})", rows)  # noqa: S608
        cursor.execute("DROP TABLE bench_floor")
    return time.perf_counter() - started


def count_text(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def orderfile_rows(client_number: str) -> list[Row]:
    if not GENERATOR.is_file():
        print(f"(order file rows skipped: {GENERATOR} is missing; set GEN_ORDER_FILE)")
        return []
    connection.close()  # the child opens its own; SQLite must not see a write lock held here
    with tempfile.TemporaryDirectory(prefix="titresto-orderfile-") as name:
        generated, corrected, fixed = order_files(Path(name))
        floor = floor_seconds(corrected)
        rows = []
        for label, path in (("as generated", generated), ("e-mails in ASCII", corrected)):
            runs = [run_import_order(path, client_number, "--dry-run") for _run in range(DRY_RUNS)]
            seconds = statistics.median(run[0] for run in runs)
            peak_mb = max(run[1] for run in runs)
            result = runs[0][2]
            verdict = "valid" if result["valid"] else f"refused, {len(result['errors'])} errors"
            rate = result["lines"] / seconds
            rows.append(
                Row(
                    f"import-order --dry-run, {label}",
                    seconds,
                    "s",
                    DRY_RUN_TARGET_S,
                    note=(
                        f"({verdict}; median of {DRY_RUNS}; {count_text(rate)} lines/s;"
                        f" floor {count_text(LINES / floor)} lines/s)"
                    ),
                )
            )
            rows.append(Row(f"  its peak memory ({label})", peak_mb, "MB", MEMORY_TARGET_MB))
        rows.append(
            Row(
                "floor: csv read + executemany",
                floor,
                "s",
                DRY_RUN_TARGET_S,
                note=f"({count_text(fixed)} e-mails with accents made ASCII for the valid copy)",
            )
        )
        return rows
