"""Demo holdings in every pilot pourashava (DEMO DATA: invented numbers, owners and sizes).

Each pourashava gets holdings of each kind the valuation handles (let, owner-occupied, part let,
vacant land, a place of worship). Demo citizen 01711000001 owns two in Natore (linked by
mobile) and 01711000003 one in Gopalganj; the rest belong to invented owners."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db import transaction

from backend.identity.models import User
from backend.municipality.models import Pourashava, Ward
from services.property.models import Holding, Occupancy, StructureType, Use
from services.property.services.holdings import OwnerInput, register_holding

SINCE = date(2020, 7, 1)
D = Decimal

KINDS = (
    # number, ward, use, occupancy, structure, floor area, monthly rent
    ("1", 1, Use.RESIDENTIAL, Occupancy.LET, StructureType.PUCCA, D(2400), D(12000)),
    ("2", 1, Use.RESIDENTIAL, Occupancy.OWNER_OCCUPIED, StructureType.PUCCA, D(1000), None),
    ("3/A", 2, Use.MIXED, Occupancy.PART_LET, StructureType.PUCCA, D(2000), D(10000)),
    ("4", 2, Use.COMMERCIAL, Occupancy.LET, StructureType.SEMI_PUCCA, D(600), D(8000)),
    ("5", 3, Use.VACANT_LAND, Occupancy.VACANT, StructureType.NONE, D(0), None),
    ("6", 3, Use.RELIGIOUS, Occupancy.OWNER_OCCUPIED, StructureType.PUCCA, D(1500), None),
)
OWNED_BY_DEMO_CITIZENS = {
    ("NAT", "1"): "01711000001",
    ("NAT", "3/A"): "01711000001",
    ("GOP", "2"): "01711000003",
}


def _owner(code: str, number: str) -> OwnerInput:
    mobile = OWNED_BY_DEMO_CITIZENS.get((code, number), "")
    if mobile:
        return OwnerInput(name_en="Demo citizen", name_bn="ডেমো নাগরিক", share=D(1), mobile=mobile)
    return OwnerInput(
        name_en=f"Demo owner {code}-{number}", name_bn=f"ডেমো মালিক {number}", share=D(1)
    )


def load(out: Callable[[str], None]) -> None:
    actor = User.objects.filter(username="admin").first()
    if actor is None:
        out("property demo: skipped (no admin user from the identity demo)")
        return
    created = 0
    for pourashava in Pourashava.objects.filter(is_active=True):
        wards = {w.number: w for w in Ward.objects.filter(pourashava=pourashava, number__lte=3)}
        for number, ward_number, use, occupancy, structure, area, rent in KINDS:
            ward = wards.get(ward_number)
            if ward is None or Holding.objects.filter(ward=ward, number=number).exists():
                continue
            with transaction.atomic():
                register_holding(
                    pourashava=pourashava,
                    ward=ward,
                    number=number,
                    valid_from=SINCE,
                    actor=actor,
                    reason="Demo data",
                    mahalla=ward.mahallas.first(),
                    road="স্টেশন রোড (ডেমো)",  # the register is kept in Bangla
                    owners=[_owner(pourashava.code, number)],
                    particulars={
                        "land_area_sqft": max(area, D(1200)),
                        "structure_type": structure,
                        "floors": 0 if structure == StructureType.NONE else 2,
                        "floor_area_sqft": area,
                        "use": use,
                        "occupancy": occupancy,
                        "monthly_rent": rent,
                    },
                )
            created += 1
    out(f"property demo: {created} holdings added ({Holding.objects.count()} in all)")
