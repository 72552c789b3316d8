from django.db import migrations

# The common heads as of this migration (later heads come from the registry on post_migrate).
HEADS = [
    ("holding_tax", "Holding tax", "হোল্ডিং কর", 10, False),
    ("conservancy", "Conservancy rate", "পরিচ্ছন্নতা রেট", 20, False),
    ("lighting", "Lighting rate", "সড়ক বাতি রেট", 30, False),
    ("water", "Water rate", "পানি রেট", 40, False),
    ("sewerage", "Sewerage rate", "পয়ঃনিষ্কাশন রেট", 50, False),
    ("fire", "Fire rate", "অগ্নি রেট", 60, False),
    ("trade_license_fee", "Trade licence fee", "ট্রেড লাইসেন্স ফি", 70, False),
    ("signboard_tax", "Signboard tax", "সাইনবোর্ড কর", 80, False),
    ("vat", "VAT", "ভ্যাট", 90, False),
    ("certificate_fee", "Certificate fee", "সনদ ফি", 100, False),
    ("connection_fee", "Connection fee", "সংযোগ ফি", 110, False),
    ("lease_rent", "Lease rent", "ইজারা ভাড়া", 120, False),
    ("demo", "Demo charge", "ডেমো চার্জ", 190, False),
    ("surcharge", "Surcharge", "সারচার্জ", 200, True),
    ("rebate", "Rebate", "রেয়াত", 210, True),
]


def seed(apps, schema_editor):
    RevenueHead = apps.get_model("payments", "RevenueHead")
    for code, name_en, name_bn, order, is_adjustment in HEADS:
        RevenueHead.objects.get_or_create(
            code=code,
            defaults={"name_en": name_en, "name_bn": name_bn, "order": order,
                      "is_adjustment": is_adjustment},
        )


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
