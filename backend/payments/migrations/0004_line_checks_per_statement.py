"""Demand lines lose their row-by-row foreign-key checks (with about five lines a holding, the
checks cost more than the inserts in quarter generation) and the indexes no query uses; on
PostgreSQL one check per statement takes their place:

- inserting or updating lines: every line's demand exists and belongs to the line's pourashava,
  and every head exists (one set-based look-up per statement, however many rows);
- deleting demands, or revenue heads, that lines still point at is refused, and so is changing
  their key (or a demand's pourashava).

Both raise foreign_key_violation, which Django reports as IntegrityError, as before. Demands keep
their real foreign keys; their single-column indexes on pourashava and citizen go, each covered by
a composite index that leads with the same column; the object index no longer leads with the
pourashava, which its queries (a holding's ledger and clearance check) do not give. Other
databases rely on the ORM's PROTECT."""

import django.db.models.deletion
from django.db import migrations, models

# Each check walks the statement's own rows and probes the other table by index, so it costs in
# proportion to the statement, never to the size of the table, whatever the planner's statistics
# say (they can be stale right after a bulk job): the anti-join and the LATERAL ... LIMIT 1 keep
# the statement's rows on the outer side, and joins or scans that read a whole table are off
# inside the functions. (Lines have no index on head: deleting a head still in use stops at the
# first line found; one not in use reads the lines once. Heads are hardly ever deleted.)
LINE_CHECK = """
CREATE OR REPLACE FUNCTION payments_demandline_check() RETURNS trigger
SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM (SELECT DISTINCT demand_id, pourashava_id FROM new_lines) n
        WHERE NOT EXISTS (
            SELECT 1 FROM payments_demand d
            WHERE d.id = n.demand_id AND d.pourashava_id = n.pourashava_id))
    THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = 'payments_demandline: a line without its demand in its pourashava';
    END IF;
    IF EXISTS (
        SELECT 1 FROM (SELECT DISTINCT head_id FROM new_lines) n
        WHERE NOT EXISTS (SELECT 1 FROM payments_revenuehead h WHERE h.code = n.head_id))
    THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = 'payments_demandline: a line with an unknown revenue head';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

# Deleting what lines point at: {name} is the referenced table, {join} the lines' condition.
REFERENCED_CHECK = """
CREATE OR REPLACE FUNCTION {name}_lines_check() RETURNS trigger
SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM gone g
        CROSS JOIN LATERAL (SELECT 1 FROM payments_demandline l WHERE {join} LIMIT 1) line)
    THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = '{name}: still referenced by demand lines';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
REFERENCED = {"payments_demand": "l.demand_id = g.id", "payments_revenuehead": "l.head_id = g.code"}

# Changing what lines point at (a demand's id or pourashava, a head's code), as a foreign key
# refused: row by row, but the trigger's WHEN lets only a real change of those columns call it,
# so ordinary updates (a demand's status, a full save) cost nothing. {join} uses OLD.
KEY_CHANGE_CHECK = """
CREATE OR REPLACE FUNCTION {name}_key_check() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM payments_demandline l WHERE {join}) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = '{name}: still referenced by demand lines';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
KEY_CHANGED = {
    "payments_demand": "l.demand_id = OLD.id",
    "payments_revenuehead": "l.head_id = OLD.code",
}

TRIGGERS = {
    "payments_demandline_checked_insert": "AFTER INSERT ON payments_demandline "
    "REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT "
    "EXECUTE FUNCTION payments_demandline_check()",
    "payments_demandline_checked_update": "AFTER UPDATE ON payments_demandline "
    "REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT "
    "EXECUTE FUNCTION payments_demandline_check()",
    "payments_demand_lines_protected": "AFTER DELETE ON payments_demand "
    "REFERENCING OLD TABLE AS gone FOR EACH STATEMENT "
    "EXECUTE FUNCTION payments_demand_lines_check()",
    "payments_revenuehead_lines_protected": "AFTER DELETE ON payments_revenuehead "
    "REFERENCING OLD TABLE AS gone FOR EACH STATEMENT "
    "EXECUTE FUNCTION payments_revenuehead_lines_check()",
    "payments_demand_key_kept": "AFTER UPDATE OF id, pourashava_id ON payments_demand "
    "FOR EACH ROW WHEN (OLD.id <> NEW.id OR OLD.pourashava_id <> NEW.pourashava_id) "
    "EXECUTE FUNCTION payments_demand_key_check()",
    "payments_revenuehead_key_kept": "AFTER UPDATE OF code ON payments_revenuehead "
    "FOR EACH ROW WHEN (OLD.code <> NEW.code) "
    "EXECUTE FUNCTION payments_revenuehead_key_check()",
}
TABLE_OF = {
    "payments_demandline_checked_insert": "payments_demandline",
    "payments_demandline_checked_update": "payments_demandline",
    "payments_demand_lines_protected": "payments_demand",
    "payments_revenuehead_lines_protected": "payments_revenuehead",
    "payments_demand_key_kept": "payments_demand",
    "payments_revenuehead_key_kept": "payments_revenuehead",
}


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(LINE_CHECK)
    for name, join in REFERENCED.items():
        schema_editor.execute(REFERENCED_CHECK.format(name=name, join=join))
    for name, join in KEY_CHANGED.items():
        schema_editor.execute(KEY_CHANGE_CHECK.format(name=name, join=join))
    for name, definition in TRIGGERS.items():
        schema_editor.execute(f"CREATE TRIGGER {name} {definition};")


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in TABLE_OF.items():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS payments_demandline_check();")
    for name in REFERENCED:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}_lines_check();")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}_key_check();")


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0003_append_only_triggers"),
        ("municipality", "0001_initial"),
        ("payments", "0003_remove_sequence_counter"),
    ]

    operations = [
        migrations.AlterField(
            model_name="demand",
            name="citizen",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="demands",
                to="identity.citizen",
            ),
        ),
        migrations.AlterField(
            model_name="demand",
            name="pourashava",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="municipality.pourashava",
            ),
        ),
        migrations.AlterField(
            model_name="demandline",
            name="demand",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lines",
                to="payments.demand",
            ),
        ),
        migrations.AlterField(
            model_name="demandline",
            name="head",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="payments.revenuehead",
            ),
        ),
        migrations.AlterField(
            model_name="demandline",
            name="pourashava",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="municipality.pourashava",
            ),
        ),
        migrations.RemoveIndex(model_name="demand", name="demand_object"),
        migrations.AddIndex(
            model_name="demand",
            index=models.Index(
                fields=["service_code", "object_type", "object_id"], name="demand_object"
            ),
        ),
        migrations.RunPython(install, remove),
    ]
