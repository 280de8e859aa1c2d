# The regulatory figures for 2023–2026 are written here, frozen with the migration: a later
# change of the law is a new migration adding a row, never an edit of this one.
import datetime as dt
from decimal import Decimal

from django.db import migrations, models

SHARED = {
    "fee_vat_rate": Decimal("20.00"),
    "daily_spending_cap_cents": 2500,  # 25 € since 1 October 2022
    "employer_share_min": Decimal("50.00"),
    "employer_share_max": Decimal("60.00"),
    "groceries_allowed": True,
    "loads_usable_until_month": 2,  # loads of year N until the end of February N+1
}
ROWS = [
    (
        dt.date(2023, 1, 1),
        691,
        dt.date(2023, 12, 31),
        "Plafond d'exonération 2023 (URSSAF) ; produits alimentaires : loi n° 2022-1158",
    ),
    (
        dt.date(2024, 1, 1),
        718,
        dt.date(2024, 12, 31),
        "Plafond d'exonération 2024 (URSSAF) ; produits alimentaires : loi n° 2023-1252",
    ),
    (
        dt.date(2025, 1, 1),
        726,
        dt.date(2026, 12, 31),
        "Plafond d'exonération 2025 (URSSAF) ; produits alimentaires : loi n° 2025-56",
    ),
    (
        dt.date(2026, 1, 1),
        732,
        dt.date(2026, 12, 31),
        "Plafond d'exonération 2026 (URSSAF) ; produits alimentaires : loi n° 2025-56",
    ),
]


def seed_rules(apps, schema_editor):
    RuleSet = apps.get_model("core", "RuleSet")
    for valid_from, cap, groceries_until, reference in ROWS:
        RuleSet.objects.update_or_create(
            valid_from=valid_from,
            defaults={
                **SHARED,
                "exemption_cap_cents": cap,
                "groceries_allowed_until": groceries_until,
                "legal_reference": reference,
            },
        )


def unseed_rules(apps, schema_editor):
    apps.get_model("core", "RuleSet").objects.filter(
        valid_from__in=[row[0] for row in ROWS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RuleSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "valid_from",
                    models.DateField(unique=True, verbose_name="en vigueur à partir du"),
                ),
                (
                    "fee_vat_rate",
                    models.DecimalField(
                        decimal_places=2, max_digits=5, verbose_name="taux de TVA sur les frais (%)"
                    ),
                ),
                (
                    "exemption_cap_cents",
                    models.PositiveIntegerField(
                        verbose_name="plafond d'exonération de la part patronale par titre (centimes)"
                    ),
                ),
                (
                    "daily_spending_cap_cents",
                    models.PositiveIntegerField(
                        verbose_name="plafond journalier d'utilisation (centimes)"
                    ),
                ),
                (
                    "employer_share_min",
                    models.DecimalField(
                        decimal_places=2, max_digits=5, verbose_name="part patronale minimale (%)"
                    ),
                ),
                (
                    "employer_share_max",
                    models.DecimalField(
                        decimal_places=2, max_digits=5, verbose_name="part patronale maximale (%)"
                    ),
                ),
                (
                    "groceries_allowed",
                    models.BooleanField(
                        verbose_name="produits alimentaires non consommables autorisés"
                    ),
                ),
                (
                    "groceries_allowed_until",
                    models.DateField(
                        blank=True,
                        help_text="Vide : sans date de fin.",
                        null=True,
                        verbose_name="produits alimentaires autorisés jusqu'au",
                    ),
                ),
                (
                    "loads_usable_until_month",
                    models.PositiveSmallIntegerField(
                        verbose_name="chargements de l'année N utilisables jusqu'à la fin du mois (de N+1)"
                    ),
                ),
                ("legal_reference", models.CharField(max_length=200, verbose_name="référence")),
            ],
            options={
                "verbose_name": "règles réglementaires",
                "verbose_name_plural": "règles réglementaires",
                "ordering": ["-valid_from"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("fee_vat_rate__gte", 0), ("fee_vat_rate__lte", 100)),
                        name="fee_vat_rate_is_a_percentage",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("employer_share_min__gt", 0),
                            ("employer_share_min__lte", models.F("employer_share_max")),
                            ("employer_share_max__lte", 100),
                        ),
                        name="employer_share_range_is_a_range_of_percentages",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("loads_usable_until_month__gte", 1),
                            ("loads_usable_until_month__lte", 12),
                        ),
                        name="loads_usable_until_a_month_of_the_next_year",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("groceries_allowed", True),
                            ("groceries_allowed_until__isnull", True),
                            _connector="OR",
                        ),
                        name="groceries_end_date_only_when_groceries_are_allowed",
                    ),
                ],
            },
        ),
        migrations.RunPython(seed_rules, unseed_rules),
    ]
