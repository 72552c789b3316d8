from datetime import date
from decimal import Decimal

from services.property.models import Occupancy, StructureType, Use
from services.property.services.holdings import OwnerInput, register_holding
from tests.factories import UserFactory

LET_HOUSE = {
    "land_area_sqft": Decimal("1742.40"),
    "structure_type": StructureType.PUCCA,
    "floors": 2,
    "floor_area_sqft": Decimal("2400"),
    "year_built": 2012,
    "use": Use.RESIDENTIAL,
    "occupancy": Occupancy.LET,
    "monthly_rent": Decimal("12000.00"),
}


def make_holding(ward, number="12", owners=None, particulars=None, valid_from=date(2020, 7, 1)):
    owners = owners or [
        OwnerInput(
            name_en="Rahim Uddin",
            name_bn="রহিম উদ্দিন",
            share=Decimal(1),
            nid="1234567890",
            mobile="01711000001",
        )
    ]
    return register_holding(
        pourashava=ward.pourashava,
        ward=ward,
        number=number,
        particulars=particulars or LET_HOUSE,
        owners=owners,
        valid_from=valid_from,
        actor=UserFactory(),
        reason="2020 survey",
    )
