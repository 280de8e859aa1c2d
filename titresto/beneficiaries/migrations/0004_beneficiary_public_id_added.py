"""Public ids, step 1 of 3: the column, empty (a unique default cannot be computed per row here)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0003_search_trigram_index_on_postgresql")]

    operations = [
        migrations.AddField(
            model_name="beneficiary",
            name="public_id",
            field=models.CharField(max_length=12, null=True, editable=False),
        ),
    ]
