"""A quarter's run reads one pourashava's live assessments in holding order, batch by batch
(generation_sql.next_batches and SOURCE). Until now the only ordered path was the unique index on
holding alone, so each batch scanned every pourashava's assessments in its id range: at national
size (10M holdings, ids of 330 pourashavas interleaved) seconds a batch.

On a large live deployment, build it first without blocking writes and then record this
migration as applied:
    CREATE INDEX CONCURRENTLY assessment_live_holding_idx ON holding_tax_assessment
        (pourashava_id, holding_id) WHERE NOT superseded;
    manage.py migrate holding_tax 0005 --fake
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("holding_tax", "0004_translated_names")]

    operations = [
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(
                condition=models.Q(("superseded", False)),
                fields=["pourashava", "holding"],
                name="assessment_live_holding_idx",
            ),
        ),
    ]
