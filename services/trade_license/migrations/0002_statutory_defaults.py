"""Statutory defaults, dated: VAT 15% on the licence fee (PRACTICE, INFERRED rate holder) and
the source income tax at renewal by class of local body, Income Tax Act 2023 s.131 (LAW),
effective 1 July 2023 (FY 2023-24)."""

from decimal import Decimal

from django.db import migrations

SOURCE_TAX = {
    "dhaka_ctg_cc": Decimal(3000),
    "other_cc": Decimal(2000),
    "district_hq_ps": Decimal(1000),
    "other_ps": Decimal(500),
}
LAW = "আয়কর আইন ২০২৩, ধারা ১৩১"  # Income Tax Act 2023 s.131


def seed(apps, schema_editor):
    VatRule = apps.get_model("trade_license", "VatRule")
    SourceTaxRule = apps.get_model("trade_license", "SourceTaxRule")
    VatRule.objects.get_or_create(
        fy_from="2023-24",
        defaults={"rate_pct": Decimal(15), "legal_ref": "লাইসেন্স ফি-এর উপর ভ্যাট (ডিফল্ট ১৫%)"},
    )
    for body, amount in SOURCE_TAX.items():
        SourceTaxRule.objects.get_or_create(
            local_body_class=body, fy_from="2023-24", defaults={"amount": amount, "legal_ref": LAW}
        )


class Migration(migrations.Migration):
    dependencies = [("trade_license", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
