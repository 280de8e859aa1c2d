import os
import sys
from pathlib import Path
from typing import Any

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "titresto.settings")

app = Celery("titresto")
# Celery's Django fixup puts the working directory first on sys.path. From inside the package
# (`make messages` runs there) our `titresto.statistics` app would then shadow the standard
# library's `statistics`, which Django's SQLite backend imports.
if sys.path and sys.path[0] == os.getcwd() == str(Path(__file__).resolve().parent):
    sys.path.pop(0)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Periodic jobs live here, in code (ARCHITECTURE.md, Jobs).
app.conf.beat_schedule = {
    "purge-expired-sessions": {
        "task": "titresto.accounts.tasks.purge_expired_sessions",
        "schedule": 3600.0,
    },
    "credit-due-loads": {"task": "titresto.fulfilment.tasks.credit_due_loads", "schedule": 300.0},
    "start-missed-fulfilments": {
        "task": "titresto.fulfilment.tasks.start_missed_fulfilments",
        "schedule": 300.0,
    },
    "import-processor-files": {
        "task": "titresto.statistics.tasks.import_processor_files",
        "schedule": 600.0,
    },
    "expire-balances": {"task": "titresto.statistics.tasks.expire_balances", "schedule": 86400.0},
    "simulate-card-usage": {
        "task": "titresto.statistics.tasks.simulate_card_usage",
        "schedule": 3600.0,
    },
    "issue-missed-invoices": {
        "task": "titresto.billing.tasks.issue_missed_invoices",
        "schedule": 300.0,
    },
    "issue-missed-proformas": {
        "task": "titresto.billing.tasks.issue_missed_proformas",
        "schedule": 300.0,
    },
    # Last month's statements, on the 1st at 06:00 (Europe/Paris, CELERY_TIMEZONE).
    "issue-monthly-statements": {
        "task": "titresto.billing.tasks.issue_monthly_statements",
        "schedule": crontab(minute="0", hour="6", day_of_month="1"),
    },
}


@app.on_after_configure.connect
def make_queue_folders(sender: Celery, **kwargs: Any) -> None:
    """The embedded broker is a folder: make it when Celery is first used, not at import."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
