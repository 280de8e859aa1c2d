import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "titresto.settings")

app = Celery("titresto")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Periodic jobs live here, in code (ARCHITECTURE.md, Jobs).
app.conf.beat_schedule = {
    "purge-expired-sessions": {
        "task": "titresto.accounts.tasks.purge_expired_sessions",
        "schedule": 3600.0,
    },
}
