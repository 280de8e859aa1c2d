"""Public ids, step 2 of 3: one fresh random id for every existing row."""

from django.db import migrations

from titresto.core.public_ids import fill_missing_public_ids


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    fill_missing_public_ids(apps.get_model("delivery", "DeliveryPoint"))


class Migration(migrations.Migration):
    dependencies = [("delivery", "0002_deliverypoint_public_id_added")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
