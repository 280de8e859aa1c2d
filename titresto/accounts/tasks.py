from celery import shared_task
from django.core.management import call_command


@shared_task
def purge_expired_sessions() -> None:
    call_command("clearsessions")


@shared_task
def send_activation_email(*, invitation_id: int, token: str) -> None:
    """E-mails « Activer mon compte ». The raw token travels in the message because the
    database keeps only its hash; the service sends nothing twice and nothing for a dead link."""
    from django.utils import timezone

    from titresto.accounts.services.activation import activation_email_send

    activation_email_send(invitation_id=invitation_id, token=token, now=timezone.now())


@shared_task
def send_administrator_added_email(*, membership_id: int, added_by_id: int, added_at: str) -> None:
    """Tells every administrator of the client that an administrator was added, once."""
    from titresto.accounts.notifications import administrator_added_send

    administrator_added_send(
        membership_id=membership_id, added_by_id=added_by_id, added_at=added_at
    )
