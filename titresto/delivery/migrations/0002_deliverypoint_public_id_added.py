"""Public ids, step 1 of 3: the column, empty (a unique default cannot be computed per row here)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("delivery", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="deliverypoint",
            name="public_id",
            field=models.CharField(max_length=12, null=True, editable=False),
        ),
    ]
