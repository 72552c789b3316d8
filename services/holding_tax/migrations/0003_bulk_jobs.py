# The quarter's run and the general reassessment as panel and beat jobs: a run waits (pending)
# until its task picks it up, may be started by the beat schedule (no user), and records when its
# worker was last seen so a stopped run can be told from a live one.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("holding_tax", "0002_reviews"),
        ("municipality", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="demandrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting to start"),
                    ("running", "Running"),
                    ("done", "Done"),
                    ("failed", "Failed"),
                ],
                default="pending",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="demandrun",
            name="started_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="started by",
            ),
        ),
        migrations.AddField(
            model_name="demandrun",
            name="worker_seen_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="last sign of its worker"
            ),
        ),
        migrations.CreateModel(
            name="Reassessment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("fiscal_year", models.CharField(max_length=7, verbose_name="from fiscal year")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting to start"),
                            ("running", "Running"),
                            ("done", "Done"),
                            ("failed", "Failed"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("holdings_total", models.PositiveIntegerField(default=0, verbose_name="holdings")),
                (
                    "holdings_done",
                    models.PositiveIntegerField(default=0, verbose_name="holdings done"),
                ),
                ("reassessed", models.PositiveIntegerField(default=0, verbose_name="reassessed")),
                (
                    "skipped",
                    models.PositiveIntegerField(default=0, verbose_name="could not be valued"),
                ),
                (
                    "problems",
                    models.JSONField(
                        blank=True, default=list, verbose_name="holdings that could not be valued"
                    ),
                ),
                (
                    "last_holding_id",
                    models.BigIntegerField(default=0, verbose_name="last holding done"),
                ),
                ("started_at", models.DateTimeField(auto_now_add=True, verbose_name="started")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                ),
                ("error", models.TextField(blank=True, verbose_name="error")),
                (
                    "worker_seen_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="last sign of its worker"
                    ),
                ),
                (
                    "pourashava",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="municipality.pourashava",
                        verbose_name="pourashava",
                    ),
                ),
                (
                    "started_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="started by",
                    ),
                ),
                (
                    "ward",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: the whole pourashava.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="municipality.ward",
                        verbose_name="ward",
                    ),
                ),
            ],
            options={
                "verbose_name": "general reassessment",
                "verbose_name_plural": "general reassessments",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("ward__isnull", False)),
                        fields=("pourashava", "fiscal_year", "ward"),
                        name="reassessment_ward_unique",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("ward__isnull", True)),
                        fields=("pourashava", "fiscal_year"),
                        name="reassessment_whole_unique",
                    ),
                ],
            },
        ),
    ]
