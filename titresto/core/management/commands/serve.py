"""The embedded run: one ASGI server (pages and the support chat's websockets) plus the Celery
worker and scheduler, in one command."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

import titresto


class Command(BaseCommand):
    help = (
        "Serve the portal and its websockets on 127.0.0.1 (uvicorn, reloading on code changes) "
        "with the background worker and scheduler."
    )
    requires_system_checks: list[str] = []  # run below, once, before the server starts

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-worker", action="store_true", help="Do not start Celery.")
        parser.add_argument("--no-reload", action="store_true", help="Do not watch the code.")

    def handle(self, *args: Any, **options: Any) -> None:
        import uvicorn

        call_command("check")
        worker = None if options["no_worker"] else self.start_worker()
        port = int(options["port"])
        self.stdout.write(f"Serving http://127.0.0.1:{port}/ (pages and websockets)…")
        try:
            uvicorn.run(
                "titresto.asgi:application",
                host="127.0.0.1",
                port=port,
                reload=not options["no_reload"],
                reload_dirs=[str(Path(titresto.__file__).parent)],
                ws="websockets-sansio",
                lifespan="off",
                log_level="info",
            )
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)

    def start_worker(self) -> subprocess.Popen[bytes]:
        command = [
            sys.executable, "-m", "celery", "-A", "titresto", "worker",
            "--beat", "--concurrency", "1", "--loglevel", "INFO",
        ]  # fmt: skip
        self.stdout.write("Starting the Celery worker and scheduler…")
        return subprocess.Popen(command)  # noqa: S603 - fixed arguments, our own interpreter
