"""Public ids, step 3 of 3: every row has one; from now on unique, required, drawn on creation."""

from django.db import migrations, models

import titresto.core.public_ids


class Migration(migrations.Migration):
    dependencies = [("delivery", "0003_deliverypoint_public_id_filled")]

    operations = [
        migrations.AlterField(
            model_name="deliverypoint",
            name="public_id",
            field=models.CharField(
                default=titresto.core.public_ids.new_public_id,
                editable=False,
                max_length=12,
                unique=True,
                verbose_name="identifiant public",
            ),
        ),
    ]
