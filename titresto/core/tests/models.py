"""Test-only models, to test core's generic helpers on a life cycle of their own.

They have no migration (so `makemigrations --check` never sees them): the root conftest's
`django_db_setup` creates their tables in the test database.
"""

from django.db import models

from titresto.core.models import StateHistory


class Specimen(models.Model):
    """A tenant row with a status, shaped like an order: the subject of the state-machine tests."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Brouillon"
        SUBMITTED = "SUBMITTED", "En attente de paiement"
        PAID = "PAID", "Payée"
        CANCELLED = "CANCELLED", "Annulée"

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    paid_at = models.DateTimeField(null=True, blank=True)
    # Drawn at random (the unique-number tests); empty for the life-cycle tests.
    number = models.CharField(max_length=8, unique=True, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.pk} {self.status}"


class SpecimenEvent(StateHistory):
    specimen = models.ForeignKey(Specimen, on_delete=models.CASCADE, related_name="events")


TEST_ONLY_MODELS = (Specimen, SpecimenEvent)
