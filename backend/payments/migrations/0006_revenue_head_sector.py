from django.db import migrations, models

# The common heads' sectors as of this migration (registered heads are kept in step by
# sync_revenue_heads on post_migrate).
SECTORS = {
    "holding_tax": "holding_tax",
    "conservancy": "holding_tax",
    "lighting": "holding_tax",
    "water": "holding_tax",
    "sewerage": "holding_tax",
    "fire": "holding_tax",
    "trade_license_fee": "trade_licence",
    "signboard_tax": "trade_licence",
    "certificate_fee": "certificates",
    "connection_fee": "water",
    "lease_rent": "leases",
}


def fill(apps, schema_editor):
    RevenueHead = apps.get_model("payments", "RevenueHead")
    for code, sector in SECTORS.items():
        RevenueHead.objects.filter(code=code).update(sector=sector)
    RevenueHead.objects.filter(code="vat").update(collected_for="nbr")


class Migration(migrations.Migration):
    dependencies = [("payments", "0005_translated_names")]

    operations = [
        migrations.AddField(
            model_name="revenuehead",
            name="sector",
            field=models.CharField(default="other", max_length=20, verbose_name="sector"),
        ),
        migrations.AddField(
            model_name="revenuehead",
            name="collected_for",
            field=models.CharField(
                blank=True,
                default="",
                help_text="Empty for the pourashava's own revenue; otherwise the body it is for.",
                max_length=20,
                verbose_name="collected for",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
