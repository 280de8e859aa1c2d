"""Public ids, step 2 of 3: one fresh random id for every existing row."""

from django.db import migrations

from titresto.core.public_ids import fill_missing_public_ids


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    fill_missing_public_ids(apps.get_model("beneficiaries", "Beneficiary"))


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0004_beneficiary_public_id_added")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
