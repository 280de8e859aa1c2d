"""Billing's background work: tasks take ids, call one service, and are idempotent."""

from celery import shared_task
from django.utils import timezone


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=10,
    retry_kwargs={"max_retries": 5},
)
def issue_invoices(*, order_id: int) -> None:
    """The two documents of a paid order; a failed rendering is retried, and its number was
    never taken (it rolled back with the rest)."""
    from titresto.billing.services import invoices_issue

    invoices_issue(order_id=order_id, now=timezone.now())


@shared_task(acks_late=True)
def issue_missed_invoices() -> None:
    """Beat's safety net: a paid order whose message was lost is still invoiced."""
    from titresto.billing.services import invoices_issue_missed

    invoices_issue_missed(now=timezone.now())


@shared_task(
    acks_late=True, autoretry_for=(Exception,), retry_backoff=10, retry_kwargs={"max_retries": 5}
)
def issue_proforma(*, order_id: int) -> None:
    from titresto.billing.services import proforma_issue

    proforma_issue(order_id=order_id, now=timezone.now())


@shared_task(acks_late=True)
def issue_missed_proformas() -> None:
    from titresto.billing.services import proformas_issue_missed

    proformas_issue_missed(now=timezone.now())


@shared_task(acks_late=True)
def issue_monthly_statements() -> None:
    """The 1st of each month (beat): last month's statement of every client that had any."""
    from titresto.billing.services import statements_issue_month

    statements_issue_month(now=timezone.now())


@shared_task(
    acks_late=True, autoretry_for=(Exception,), retry_backoff=10, retry_kwargs={"max_retries": 3}
)
def send_document_email(*, document_id: int, to: list[str]) -> None:
    from titresto.billing.notifications import document_email_send

    document_email_send(document_id=document_id, to=to, now=timezone.now())
