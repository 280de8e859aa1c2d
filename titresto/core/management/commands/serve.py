"""The embedded run: the web server plus the Celery worker and scheduler, in one command."""

import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the portal on 127.0.0.1 with the background worker and scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-worker", action="store_true", help="Do not start Celery.")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = None
        # Django's autoreloader runs this command again in a child (RUN_MAIN): start Celery once.
        if not options["no_worker"] and os.environ.get("RUN_MAIN") != "true":
            worker = self.start_worker()
        try:
            call_command("runserver", f"127.0.0.1:{options['port']}")
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
