"""On PostgreSQL, refuse UPDATE and DELETE on the audit log and the assisted-action log in the
database itself, so not even raw SQL or a bulk queryset call can rewrite history. (TRUNCATE, used
by test teardown and `flush`, is a separate statement and is not affected.) Other databases rely
on the models' own refusal."""

from django.db import migrations

TABLES = ("identity_auditentry", "identity_assistedaction")

FUNCTION = """
CREATE OR REPLACE FUNCTION identity_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = TG_TABLE_NAME || ' is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION identity_refuse_change();"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS identity_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0002_udc_description_indexes"),
    ]

    operations = [migrations.RunPython(install, remove)]
