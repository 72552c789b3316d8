"""The water objects of one ownership-matrix set (tests/security/world.py): a metered connection
of the set's citizen on their holding with a real and an estimated reading, a bill, a run and a
disconnection notice, each carrying the set's marker so a list that leaks them is caught."""

from datetime import date
from decimal import Decimal

from backend.identity.models import Role
from services.property.models import Holding
from services.water_billing.models import (
    Bill,
    BillingRun,
    Connection,
    DisconnectionNotice,
    Meter,
    Reading,
    Tariff,
)
from services.water_billing.services.run import raise_bill_demand
from tests.services.water_billing.helpers import seed_rates


def water_objects(name: str, citizen, ward, holding_id: int, staff: dict) -> tuple[dict, set]:
    pourashava = ward.pourashava
    tag = f"Matrix-{name}"
    if not Tariff.objects.filter(pourashava=pourashava).exists():  # so its owner may apply
        seed_rates(pourashava)
    number = f"{pourashava.code}-WC-MX-{name}"
    connection = Connection.objects.create(
        pourashava=pourashava,
        ward=ward,
        holding=Holding.objects.get(pk=holding_id),
        citizen=citizen,
        number=number,
        consumer_name=f"{tag} water",
        category="residential",
        storey_class="single",
        diameter="0.5",
        is_metered=True,
        connected_on=date(2020, 1, 1),
    )
    meter = Meter.objects.create(
        pourashava=pourashava,
        connection=connection,
        serial=f"{tag}-M",
        installed_on=date(2020, 1, 1),
    )
    common = {
        "pourashava": pourashava,
        "connection": connection,
        "meter": meter,
        "reading_date": date(2020, 3, 5),
    }
    Reading.objects.create(
        period=date(2020, 1, 1),
        reading=Decimal(10),
        status="normal",
        consumption_kl=Decimal(10),
        source="office",
        **common,
    )
    Reading.objects.create(
        period=date(2020, 2, 1),
        status="estimated",
        consumption_kl=Decimal(10),
        source="estimate",
        **common,
    )
    run, _ = BillingRun.objects.get_or_create(
        pourashava=pourashava, period=date(2020, 2, 1), defaults={"status": "done"}
    )
    bill = Bill.objects.create(
        pourashava=pourashava,
        connection=connection,
        run=run,
        period=date(2020, 2, 1),
        citizen=citizen,
        days_billed=29,
        days_in_month=29,
        water_charge=Decimal("300.00"),
        total=Decimal("300.00"),
        lines=[{"code": "water_charge", "amount": "300.00"}],
        issue_date=date(2020, 3, 8),
        due_date=date(2020, 4, 10),
    )
    raise_bill_demand(bill, connection)  # overdue and unpaid: a defaulter
    notice = DisconnectionNotice.objects.create(
        pourashava=pourashava,
        connection=connection,
        arrears_at_notice=Decimal("300.00"),
        issued_on=date(2030, 1, 1),
        expires_on=date(2030, 2, 1),
        issued_by=staff[(Role.WATER_SUPERINTENDENT.value, pourashava.code)],
    )
    values = {
        "water_connection_number": number,
        "water_run_id": run.pk,
        "water_notice_id": notice.pk,
        "water_bill_id": bill.pk,
    }
    return values, {number, f"{tag} water"}
