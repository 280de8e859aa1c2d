"""PostgreSQL only: a trigram index so LIKE '%word%' on search_text stops scanning the table.

SQLite scans its covering (client, search_text, id) index fast enough (see `make bench`);
PostgreSQL gains a GIN pg_trgm index. pg_trgm is a trusted extension (a database owner may
create it); where it is refused, the search still works, only slower, so we carry on.
"""

from django.db import migrations, transaction

INDEX = "beneficiary_search_trgm"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no right to add the extension: plain scans then
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON beneficiaries_beneficiary "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0002_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
