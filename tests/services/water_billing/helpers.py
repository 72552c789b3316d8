"""A small town for water billing tests: a pourashava with a ward, a holding owned by a citizen,
demo-shaped tariffs and fees, and its water staff."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D

from backend.identity.models import Citizen, Role, User
from backend.municipality.models import Pourashava, Ward
from services.property.models import Holding
from services.property.services.holdings import OwnerInput
from services.water_billing.models import Basis, Connection, Meter, WaterSettings
from services.water_billing.services import tariffs
from tests.factories import CitizenFactory, PourashavaFactory, WardFactory, staff_member
from tests.services.property.helpers import make_holding

SINCE = date(2020, 1, 1)
SLABS = [
    {"upto_kl": "30", "rate": "10.00"},
    {"upto_kl": "60", "rate": "14.00"},
    {"upto_kl": None, "rate": "18.00"},
]


@dataclass
class Town:
    pourashava: Pourashava
    ward: Ward
    holding: Holding
    owner: Citizen
    reader: User
    superintendent: User
    clerk: User


def seed_rates(pourashava: Pourashava, since: date = SINCE) -> None:
    ref = "Test council resolution 1/2020"
    for storey, diameter, amount in (
        ("single", "0.5", "250.00"),
        ("multi", "0.5", "350.00"),
        ("single", "0.75", "400.00"),
    ):
        tariffs.add_tariff(
            pourashava=pourashava,
            basis=Basis.FLAT,
            category="residential",
            storey_class=storey,
            diameter=diameter,
            effective_from=since,
            gazette_ref=ref,
            monthly_amount=D(amount),
            per_extra_flat=D("100.00"),
        )
    tariffs.add_tariff(
        pourashava=pourashava,
        basis=Basis.METERED,
        category="residential",
        effective_from=since,
        gazette_ref=ref,
        slabs=SLABS,
        minimum_charge=D("300.00"),
        sewerage_percent=D("10"),
    )
    for code, diameter, amount in (
        ("connection", "0.5", "1200.00"),
        ("connection", "0.75", "1800.00"),
        ("reconnection", "any", "500.00"),
        ("name_change", "any", "1000.00"),
        ("diameter_change", "any", "800.00"),
        ("meter", "any", "2500.00"),
    ):
        tariffs.add_fee(
            pourashava=pourashava,
            code=code,
            diameter=diameter,
            effective_from=since,
            gazette_ref=ref,
            amount=D(amount),
        )


def town(code: str = "NAT", mobile: str = "01711000001") -> Town:
    pourashava = PourashavaFactory(code=code)
    ward = WardFactory(pourashava=pourashava, number=1)
    owner = CitizenFactory(mobile=mobile)
    holding = make_holding(
        ward,
        "12",
        owners=[
            OwnerInput(
                name_en="Rahim Uddin",
                name_bn="রহিম উদ্দিন",
                share=D(1),
                nid="1234567890",
                mobile=mobile,
            )
        ],
    )
    seed_rates(pourashava)
    WaterSettings.objects.create(pourashava=pourashava)
    return Town(
        pourashava=pourashava,
        ward=ward,
        holding=holding,
        owner=owner,
        reader=staff_member(Role.METER_READER, pourashava),
        superintendent=staff_member(Role.WATER_SUPERINTENDENT, pourashava),
        clerk=staff_member(Role.REVENUE_CLERK, pourashava),
    )


_numbers = iter(range(1, 10**6))


def connection(
    t: Town, *, metered: bool = False, connected_on: date = SINCE, **fields
) -> Connection:
    made = Connection.objects.create(
        pourashava=t.pourashava,
        ward=t.ward,
        holding=t.holding,
        citizen=t.owner,
        number=f"{t.pourashava.code}-WC-{next(_numbers):06d}",
        consumer_name="Rahim Uddin",
        category=fields.pop("category", "residential"),
        storey_class=fields.pop("storey_class", "single"),
        diameter=fields.pop("diameter", "0.5"),
        is_metered=metered,
        connected_on=connected_on,
        **fields,
    )
    if metered:
        Meter.objects.create(
            pourashava=t.pourashava,
            connection=made,
            serial=f"{made.number}-M1",
            installed_on=connected_on,
        )
    return made
