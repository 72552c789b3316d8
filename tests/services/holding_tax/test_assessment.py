from datetime import date
from decimal import Decimal

import pytest

from backend.common.errors import AppError
from backend.municipality.fiscal_year import FiscalYear
from services.holding_tax.models import Assessment, ComponentRate, Exemption, TaxRules
from services.holding_tax.services.assessment import assess_holding
from services.property.models import Occupancy, StructureType, Use
from tests.factories import CitizenFactory, UserFactory, WardFactory
from tests.services.property.helpers import make_holding

pytestmark = pytest.mark.django_db
FY = FiscalYear(2025)
MOSQUE = {
    "land_area_sqft": Decimal(3000),
    "structure_type": StructureType.PUCCA,
    "floors": 1,
    "floor_area_sqft": Decimal(1500),
    "use": Use.RELIGIOUS,
    "occupancy": Occupancy.OWNER_OCCUPIED,
}


def test_assessment_keeps_its_working_in_both_languages_and_supersedes_the_last():
    holding = make_holding(WardFactory())
    first = assess_holding(holding=holding, fiscal_year=FY, actor=UserFactory())
    assert first.annual_value == Decimal("120000.00")
    assert first.working[0] == {
        "en": "Monthly rent Tk 12,000.00 × 12",
        "bn": "মাসিক ভাড়া ৳ ১২,০০০.০০ × ১২",
        "amount": "144000.00",
    }
    second = assess_holding(holding=holding, fiscal_year=FY, kind="interim", actor=UserFactory())
    first.refresh_from_db()
    assert first.superseded and not second.superseded
    assert Assessment.objects.filter(holding=holding, superseded=False).count() == 1


def test_the_pourashavas_own_rates_and_exemptions_apply():
    holding = make_holding(WardFactory(), particulars=MOSQUE)
    rules = TaxRules.objects.create(pourashava=holding.pourashava, from_fiscal_year="2024-25")
    ComponentRate.objects.create(rules=rules, head="holding_tax", percent=Decimal("10"))
    ComponentRate.objects.create(rules=rules, head="conservancy", percent=Decimal("5"))
    Exemption.objects.create(
        holding=holding,
        pourashava=holding.pourashava,
        heads=["holding_tax"],
        reason="Place of worship",
        order_reference="NAT/2024/17",
        from_fiscal_year="2024-25",
        granted_by=UserFactory(),
    )
    assessment = assess_holding(holding=holding, fiscal_year=FY, actor=UserFactory())
    # 1,500 x 5 x 12 = 90,000; less 1/6 = 75,000; less 40% = 45,000; conservancy 5% = 2,250.
    assert assessment.annual_tax == {"holding_tax": "0.00", "conservancy": "2250.00"}


def test_rates_over_the_cap_are_refused_with_a_clear_error():
    holding = make_holding(WardFactory())
    rules = TaxRules.objects.create(pourashava=holding.pourashava, from_fiscal_year="2025-26")
    ComponentRate.objects.create(rules=rules, head="holding_tax", percent=Decimal("30"))
    ComponentRate.objects.create(rules=rules, head="conservancy", percent=Decimal("10"))
    with pytest.raises(AppError) as refused:
        assess_holding(holding=holding, fiscal_year=FY, actor=UserFactory())
    assert refused.value.code == "holding_cannot_be_valued"
    assert not Assessment.objects.exists()


def test_a_holding_registered_after_the_year_began_has_nothing_to_value_yet():
    holding = make_holding(WardFactory(), valid_from=date(2025, 9, 1))
    with pytest.raises(AppError) as refused:
        assess_holding(holding=holding, fiscal_year=FY, actor=UserFactory())
    assert refused.value.code == "holding_has_no_particulars"


def test_owner_reads_the_assessment_in_bangla(api):
    holding = make_holding(WardFactory())
    owner = CitizenFactory(mobile="01711000001")
    api.force_authenticate(owner.user)
    assert api.get(f"/api/v1/me/holdings/{holding.pk}/assessment/").status_code == 404
    assess_holding(holding=holding, fiscal_year=FY, actor=UserFactory())
    body = api.get(
        f"/api/v1/me/holdings/{holding.pk}/assessment/", HTTP_ACCEPT_LANGUAGE="bn"
    ).json()
    assert body["annual_value"] == "120000.00" and body["annual_total"] == "23400.00"
    assert body["working"][1]["text"].startswith("বাদ: মেরামত ভাতা")
    assert [q["holding_tax"] for q in body["quarters"]] == ["2100.00"] * 4
    api.force_authenticate(CitizenFactory().user)
    assert api.get(f"/api/v1/me/holdings/{holding.pk}/assessment/").status_code == 404
