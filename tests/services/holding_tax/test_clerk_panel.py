import io

import pytest
from openpyxl import load_workbook

from backend.identity.models import Role
from backend.municipality.fiscal_year import FiscalYear
from services.holding_tax.models import Assessment
from services.holding_tax.services.assessment import assess_holding
from services.holding_tax.services.generation import execute_run, start_run
from tests.factories import UserFactory, WardFactory, staff_member
from tests.services.property.helpers import make_holding


@pytest.fixture(autouse=True)
def _english_panel(settings):
    """These tests read the panel's English wording (its Bangla is tests/backend/panel's)."""
    settings.PANEL_DEFAULT_LANGUAGE = "en"


pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    mine = make_holding(WardFactory(number=1), number="12")
    theirs = make_holding(WardFactory(number=1), number="12")
    for holding in (mine, theirs):
        assess_holding(holding=holding, fiscal_year=FiscalYear(2025), actor=UserFactory())
    run = start_run(
        pourashava=mine.pourashava, fiscal_year=FiscalYear(2025), quarter=1, actor=UserFactory()
    )
    execute_run(run)
    client.force_login(staff_member(Role.REVENUE_CLERK, mine.pourashava))
    return {"mine": mine, "theirs": theirs, "client": client}


def test_clerk_finds_holdings_by_owner_nid_only_in_their_pourashava(setup):
    page = setup["client"].get("/admin/property/holding/", {"q": "1234567890"})
    assert page.status_code == 200
    assert setup["mine"].reference in page.content.decode()
    assert setup["theirs"].reference not in page.content.decode()
    other = setup["client"].get(f"/admin/property/holding/{setup['theirs'].pk}/change/")
    assert other.status_code in (302, 403, 404)


def test_assessment_page_shows_working_and_ledger(setup):
    assessment = Assessment.objects.get(holding=setup["mine"])
    page = setup["client"].get(f"/admin/holding_tax/assessment/{assessment.pk}/change/")
    html = page.content.decode()
    assert "Monthly rent Tk 12,000.00 × 12" in html and "মাসিক ভাড়া" not in html
    assert "2025-26" in html and "5850.00" in html  # the quarter's demand in the ledger
    setup["client"].post("/admin/language/", {"language": "bn"})  # the working in Bangla
    html = setup["client"].get(f"/admin/holding_tax/assessment/{assessment.pk}/change/")
    assert "মাসিক ভাড়া ৳ ১২,০০০.০০ × ১২" in html.content.decode()
    theirs = Assessment.objects.get(holding=setup["theirs"])
    assert setup["client"].get(
        f"/admin/holding_tax/assessment/{theirs.pk}/change/"
    ).status_code in (302, 403, 404)


def test_assessment_register_exports_to_csv_and_excel(setup):
    url = "/admin/holding_tax/assessment/"
    assessment = Assessment.objects.get(holding=setup["mine"])
    body = {"action": "export_assessments_csv", "_selected_action": [assessment.pk]}
    csv_text = b"".join(setup["client"].post(url, body).streaming_content).decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith(f"{setup['mine'].reference},1,")
    assert setup["theirs"].reference not in csv_text
    assert len(csv_text.splitlines()) == 2  # the header and this pourashava's one holding

    body["action"] = "export_assessments_xlsx"
    workbook = load_workbook(io.BytesIO(setup["client"].post(url, body).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Holding" and rows[1][0] == setup["mine"].reference
    assert float(rows[1][4]) == 120000.0


def test_collection_register_is_only_for_staff(setup, client):
    url = "/admin/holding_tax/assessment/collection-register/?from=2025-07-01&to=2025-09-30"
    response = setup["client"].get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("Receipt,")
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
