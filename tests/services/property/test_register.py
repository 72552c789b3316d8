from datetime import date
from decimal import Decimal

import pytest

from backend.common.errors import AppError, Conflict
from backend.identity.models import AuditEntry
from services.property.models import Occupancy
from services.property.selectors import owners_on, particulars_on
from services.property.services.holdings import OwnerInput, change_particulars, transfer_ownership
from tests.factories import UserFactory, WardFactory
from tests.services.property.helpers import LET_HOUSE, make_holding

pytestmark = pytest.mark.django_db


def test_registered_holding_has_a_readable_reference_and_is_audited():
    ward = WardFactory(number=3)
    holding = make_holding(ward, number=" ১২/a ")
    assert holding.number == "12/A"
    assert holding.reference == f"{ward.pourashava.code}-3-12/A"
    assert AuditEntry.objects.filter(
        action="holding.registered", object_id=str(holding.pk)
    ).exists()


def test_owner_shares_must_add_up_to_one():
    owners = [
        OwnerInput(name_en="A", name_bn="ক", share=Decimal("0.5")),
        OwnerInput(name_en="B", name_bn="খ", share=Decimal("0.4")),
    ]
    with pytest.raises(AppError) as refused:
        make_holding(WardFactory(), owners=owners)
    assert refused.value.code == "owner_shares_invalid"


def test_a_let_holding_needs_its_rent():
    with pytest.raises(AppError) as refused:
        make_holding(WardFactory(), particulars={**LET_HOUSE, "monthly_rent": None})
    assert refused.value.code == "monthly_rent_required"


def test_the_same_number_cannot_be_registered_twice_in_a_ward():
    ward = WardFactory()
    make_holding(ward, number="7")
    with pytest.raises(Conflict):
        make_holding(ward, number="7")
    make_holding(WardFactory(pourashava=ward.pourashava), number="7")  # another ward is fine


def test_mutation_keeps_the_old_owner_for_the_past_and_the_new_one_from_its_date():
    holding = make_holding(WardFactory())
    buyer = OwnerInput(name_en="Karim Mia", name_bn="করিম মিয়া", share=Decimal(1), nid="9876543210")
    transfer_ownership(
        holding=holding,
        owners=[buyer],
        effective=date(2025, 11, 1),
        actor=UserFactory(),
        reason="Deed 1234/2025",
    )

    assert [o.name_en for o in owners_on(holding, date(2025, 10, 31))] == ["Rahim Uddin"]
    assert [o.name_en for o in owners_on(holding, date(2025, 11, 1))] == ["Karim Mia"]
    with pytest.raises(AppError):
        transfer_ownership(
            holding=holding,
            owners=[buyer],
            effective=date(2025, 11, 1),
            actor=UserFactory(),
            reason="same day again",
        )


def test_particulars_on_any_past_date():
    holding = make_holding(WardFactory())
    change_particulars(
        holding=holding,
        changes={"occupancy": Occupancy.OWNER_OCCUPIED, "monthly_rent": None},
        effective=date(2024, 1, 1),
        actor=UserFactory(),
        reason="Owner moved in",
    )
    assert particulars_on(holding, date(2023, 12, 31)).occupancy == Occupancy.LET
    assert particulars_on(holding, date(2024, 1, 1)).occupancy == Occupancy.OWNER_OCCUPIED
    assert particulars_on(holding, date(2019, 1, 1)) is None
