"""A small world for the trade-licence tests: a pourashava with a ward and a holding, rates
(flat grocery with inspection, area-slab restaurant), a citizen and an issued licence."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from backend.identity.models import Citizen, Role
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava, Ward
from services.property.models import Holding
from services.property.services.holdings import OwnerInput
from services.trade_license.models import (
    BusinessCategory,
    TradeLicence,
)
from tests.factories import CitizenFactory, PourashavaFactory, WardFactory, staff_member
from tests.services.property.helpers import make_holding
from tests.services.trade_license.helpers import issued_licence, rates_for

D = Decimal


@dataclass
class World:
    pourashava: Pourashava
    ward: Ward
    holding: Holding
    citizen: Citizen
    grocery: BusinessCategory
    restaurant: BusinessCategory
    licence: TradeLicence
    inspector: object
    officer: object

    def client_for(self, user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client


@pytest.fixture
def world(db) -> World:
    from django.db import transaction

    pourashava = PourashavaFactory(code="TLA")
    ward = WardFactory(pourashava=pourashava, number=1)
    citizen = CitizenFactory(mobile="01711000001")
    holding = make_holding(
        ward,
        owners=[OwnerInput(name_en="Karim", name_bn="করিম", share=D(1), mobile=citizen.mobile)],
    )
    grocery, restaurant = rates_for(pourashava)
    with transaction.atomic():
        licence = issued_licence(
            pourashava, ward, citizen, grocery, holding, fy=FiscalYear.of().previous()
        )
    return World(
        pourashava,
        ward,
        holding,
        citizen,
        grocery,
        restaurant,
        licence,
        staff_member(Role.LICENCE_INSPECTOR, pourashava),
        staff_member(Role.LICENCE_OFFICER, pourashava),
    )


@pytest.fixture
def as_citizen(world) -> APIClient:
    return world.client_for(world.citizen.user)
