"""The revenue monitor in Chromium: the LGD national viewer and a Natore revenue clerk open
/monitor/ in Bangla (the default) and in English; the totals the page shows equal the ledger
(the confirmed payments' receipt lines) for the same filters, and the page fits a phone."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backend.documents.bangla.numbers import format_taka
from backend.identity.models import Citizen, User
from backend.monitor.services.jobs import build_days_with_activity
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.payments.models import Channel, Demand, Payment
from backend.payments.services.counter import collect_cash
from backend.payments.services.demands import raise_demand
from tests.backend.monitor.test_ledger import ledger_total

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.usefixtures("pilot_demo"),
    # The monitor reads through replica_reads(): when a `replica` alias exists (tests/scale
    # declares one mirroring the test database), the live server's threads may use it.
    pytest.mark.django_db(transaction=True, databases="__all__"),
]


@pytest.fixture
def collections(pilot_demo) -> dict:
    """Payments at Natore and Gopalganj on a few days and channels, facts built for them."""
    today = timezone.localdate()
    fy = FiscalYear.of(today)
    for n, (code, channel, back) in enumerate(
        [
            ("NAT", Channel.COUNTER, 0),
            ("NAT", Channel.BKASH, 3),
            ("GOP", Channel.NAGAD, 1),
            ("NAT", Channel.UDC, 9),
            ("GOP", Channel.COUNTER, 0),
        ]
    ):
        place = Pourashava.objects.get(code=code)
        citizen = Citizen.objects.order_by("mobile")[n % 3]
        raise_demand(
            pourashava=place,
            service_code="e2e",
            natural_key=f"e2e-{n}",
            lines={"holding_tax": Decimal("1500.50") + n, "trade_license_fee": Decimal("700")},
            due_date=today,
            fiscal_year=fy.label,
            citizen=citizen,
        )
        due = sum(
            line.outstanding
            for d in Demand.objects.filter(pourashava=place, citizen=citizen).exclude(
                status__in=["paid", "cancelled"]
            )
            for line in d.lines.all()
        )
        payment = collect_cash(
            collector=User.objects.get(username=f"{code.lower()}.cashier"),
            pourashava=place,
            payer=citizen,
            amount=min(due, Decimal("1900.25") + n),
        )
        created = (
            timezone.now() - timedelta(days=back)
            if (today - timedelta(days=back)) >= fy.start
            else timezone.now()
        )
        Payment.objects.filter(pk=payment.pk).update(channel=channel, created_at=created)
    ids = list(Pourashava.objects.values_list("pk", flat=True))
    build_days_with_activity(ids, days=30)
    return {"fy": fy, "today": today}


def _total_cell(page, table: str):
    return page.locator(f"section#table-{table} tfoot td").nth(1)


def test_national_viewer_and_clerk_see_the_ledger(journey, collections) -> None:
    fy, today = collections["fy"], collections["today"]
    page = journey.page
    natore = Pourashava.objects.get(code="NAT")

    journey.log_in("lgd.viewer")
    page.goto(journey.url(f"/monitor/?fy={fy.label}"))
    want = ledger_total(fy.start, today)
    assert want > 0
    section = page.locator("section#table-pourashavas")
    expect(section).to_have_attribute("data-total-collected", str(want))
    assert _total_cell(page, "sectors").inner_text() == format_taka(want, "bn")
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    expect(page.locator("svg.chart").first).to_be_visible()
    journey.shot("national viewer bangla")

    page.locator("#lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert _total_cell(page, "sectors").inner_text() == format_taka(want, "en")
    journey.shot("national viewer english")

    # Filtered by sector, then drilled down to Natore and its "no ward" figures.
    page.goto(journey.url(f"/monitor/?fy={fy.label}&sector=holding_tax&lang=en"))
    sector_want = ledger_total(fy.start, today, sector="holding_tax")
    expect(page.locator("section#table-pourashavas")).to_have_attribute(
        "data-total-collected", str(sector_want)
    )
    page.get_by_role("link", name=natore.name_en, exact=True).first.click()
    expect(page.locator("h1")).to_have_text(natore.name_en)
    nat_want = ledger_total(fy.start, today, pourashava=natore.pk, sector="holding_tax")
    expect(page.locator("section#table-wards")).to_have_attribute(
        "data-total-collected", str(nat_want)
    )
    journey.shot("natore drill down english")

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(journey.url(f"/monitor/?fy={fy.label}"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 370, f"the page is {width}px wide on a 360px phone"
    journey.shot("national viewer phone")
    page.set_viewport_size({"width": 1366, "height": 768})

    page.context.clear_cookies()
    journey.log_in("nat.revenue_clerk")
    page.goto(journey.url(f"/monitor/?fy={fy.label}"))
    expect(page.locator("h1")).to_have_text(natore.name_bn)  # sent to their own pourashava
    clerk_want = ledger_total(fy.start, today, pourashava=natore.pk)
    expect(page.locator("section#table-sectors")).to_have_attribute(
        "data-total-collected", str(clerk_want)
    )
    assert _total_cell(page, "sectors").inner_text() == format_taka(clerk_want, "bn")
    journey.shot("natore clerk bangla")
    page.locator("#lang-switch").click()
    assert _total_cell(page, "sectors").inner_text() == format_taka(clerk_want, "en")
    journey.shot("natore clerk english")
    gopalganj = Pourashava.objects.get(code="GOP")
    response = page.goto(journey.url(f"/monitor/p/{gopalganj.pk}/"))
    assert response is not None and response.status == 404
