"""The dated rates every pourashava starts with (next-services.md §3): reserve uplift 6% from the
LGD circular of 20 Feb 2021 (25% before it in pourashava areas); VAT 15% and income tax 5% on a
lease (Palash, permanent hats), income tax 10% on an Eid cattle hat from 2025 (Debidwar). The
pre-2021 uplift and the cattle-hat income tax are practice, not confirmed law: marked demo."""

from datetime import date
from decimal import Decimal

from django.db import migrations

RATES = (
    ("uplift", "", date(2000, 1, 1), "25", "Before the 20 Feb 2021 circular: +25% in pourashava areas (reported; PRACTICE).", True),
    ("uplift", "", date(2021, 2, 20), "6", "LGD circular of 20 Feb 2021: 3-year average + 6% (SECONDARY report of an OFFICIAL circular).", False),
    ("vat", "", date(2000, 1, 1), "15", "15% VAT on lease money by challan (Palash; PRACTICE).", False),
    ("income_tax", "", date(2000, 1, 1), "5", "5% income tax on lease money (Palash; PRACTICE).", False),
    ("income_tax", "temp_cattle_hat", date(2025, 1, 1), "10", "10% income tax for Eid cattle hats in 2025 (Debidwar; PRACTICE).", True),
)


def seed(apps, schema_editor):
    RateRule = apps.get_model("estate_leases", "RateRule")
    for kind, prop_kind, start, percent, source, demo in RATES:
        RateRule.objects.get_or_create(
            rate_kind=kind,
            property_kind=prop_kind,
            effective_from=start,
            defaults={"percent": Decimal(percent), "source": source, "is_demo": demo},
        )


class Migration(migrations.Migration):
    dependencies = [("estate_leases", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
