import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0005_user_token_version"),
        ("municipality", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SecurityNotice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("kind", models.CharField(max_length=40)),
                ("message_en", models.TextField()),
                ("message_bn", models.TextField()),
                ("client_address", models.GenericIPAddressField(blank=True, null=True)),
                (
                    "pourashava",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="municipality.pourashava",
                    ),
                ),
            ],
            options={
                "ordering": ["-at", "-id"],
                "indexes": [models.Index(fields=["pourashava", "-at"], name="notice_tenant_idx")],
            },
        ),
    ]
