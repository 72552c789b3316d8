"""Natore's secretary adds holding-tax rates that take effect from next fiscal year, in the
panel as they would (the list, Add, the rates' inline rows, Save), and finds them in the list."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from backend.common.digits import to_bangla_digits
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from services.holding_tax.models import TaxRules

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("pilot_demo")]


def test_secretary_adds_rates_effective_from_a_later_fiscal_year(journey) -> None:
    natore = Pourashava.objects.get(code="NAT")
    later = FiscalYear.of().next().label
    assert not TaxRules.objects.filter(pourashava=natore, from_fiscal_year=later).exists()
    changelist = reverse("admin:holding_tax_taxrules_changelist")
    page = journey.page

    journey.log_in("nat.secretary")
    page.goto(journey.url(changelist))
    page.locator(".object-tools a.addlink").click()
    expect(page).to_have_url(journey.url(reverse("admin:holding_tax_taxrules_add")))

    form = page.locator("form#taxrules_form")
    form.locator("select[name=pourashava]").select_option(str(natore.pk))
    form.locator("input[name=from_fiscal_year]").fill(later)
    form.locator("input[name=gazette_reference]").fill("LGD gazette 2027/HT-12 (test)")
    # The rates are the inline rows under the rules.
    page.locator("#components-group .add-row a").click()
    page.locator("#components-group .add-row a").click()
    form.locator("[name=components-0-head]").fill("holding_tax")
    form.locator("[name=components-0-percent]").fill("8")
    form.locator("[name=components-1-head]").fill("conservancy")
    form.locator("[name=components-1-percent]").fill("6.5")
    page.locator("#rent_rates-group .add-row a").click()
    form.locator("[name=rent_rates-0-structure_type]").select_option("pucca")
    form.locator("[name=rent_rates-0-use]").select_option("residential")
    form.locator("[name=rent_rates-0-taka_per_sqft]").fill("9.50")
    journey.shot("rates filled in")
    form.locator("[name=_save]").click()

    expect(page).to_have_url(journey.url(changelist))
    expect(page.locator(".messagelist .success")).to_be_visible()
    # The year as the list shows it: in Bangla digits when the panel is in Bangla.
    shown_year = re.compile(f"{re.escape(later)}|{re.escape(to_bangla_digits(later))}")
    row = page.locator("#result_list tbody tr").filter(has_text=shown_year)
    expect(row).to_have_count(1)
    journey.shot("saved in the list")

    rules = TaxRules.objects.get(pourashava=natore, from_fiscal_year=later)
    assert rules.gazette_reference == "LGD gazette 2027/HT-12 (test)"
    assert {(c.head, c.percent) for c in rules.components.all()} == {
        ("holding_tax", Decimal("8.00")),
        ("conservancy", Decimal("6.50")),
    }
    assert [(r.structure_type, r.use, r.taka_per_sqft) for r in rules.rent_rates.all()] == [
        ("pucca", "residential", Decimal("9.50"))
    ]
