"""The lease report: kinds counted leased / direct / not operated / pending, this year's value
against last year and the three-year average, the fall-or-jump flag, reasons for non-lease, the
Excel export, and the same figures as a section of the ministry's revenue monitor."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from backend.monitor.registry import MonitorScope, monitor_sections
from services.estate_leases import reports
from services.estate_leases.models import Outcome
from services.estate_leases.services import register
from tests.services.estate_leases.api_helpers import BASE, client_for
from tests.services.estate_leases.helpers import history, make_place, make_property

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = 1434


@pytest.fixture
def town():
    pourashava, staff = make_place()
    steady = make_property(pourashava, staff.officer, code="H1")
    history(
        steady,
        staff.officer,
        {
            1431: (Outcome.LEASED, "600000"),
            1432: (Outcome.LEASED, "630000"),
            1433: (Outcome.LEASED, "600000"),
            1434: (Outcome.LEASED, "480000"),  # -20% on last year: flagged "fall"
        },
    )
    jumpy = make_property(pourashava, staff.officer, code="H2")
    history(
        jumpy, staff.officer, {1433: (Outcome.LEASED, "100000"), 1434: (Outcome.LEASED, "250000")}
    )
    idle = make_property(pourashava, staff.officer, code="H3")
    register.record_outcome(
        prop=idle,
        year=YEAR,
        outcome=Outcome.NOT_OPERATED,
        reason="court_stay",
        reason_text="Writ petition 12/2027",
        actor=staff.officer,
    )
    make_property(pourashava, staff.officer, code="G1", kind="ferry_ghat")  # nothing recorded
    return pourashava, staff


def test_each_property_against_last_year_and_its_three_year_average(town):
    pourashava, _ = town
    rows = {r["code"]: r for r in reports.property_rows(pourashava_ids=[pourashava.pk], year=YEAR)}
    assert rows["H1"]["average_3y"] == D("610000.00") and rows["H1"]["flag"] == "fall"
    assert rows["H2"]["flag"] == "jump" and rows["H2"]["years_in_average"] == 1
    assert (rows["H3"]["outcome"], rows["H3"]["reason"]) == ("not_operated", "court_stay")
    assert rows["G1"]["outcome"] == "pending"


def test_the_ministry_table_by_kind(town):
    pourashava, _ = town
    summary = reports.ministry_report(pourashava_ids=[pourashava.pk], year=YEAR)
    hats = next(r for r in summary["by_kind"] if r["kind"] == "hat_bazar")
    assert (hats["total"], hats["leased"], hats["not_operated"], hats["pending"]) == (3, 2, 1, 0)
    assert hats["value_this_year"] == D("730000.00")
    assert hats["value_last_year"] == D("700000.00")
    assert summary["totals"]["pending"] == 1  # the ghat
    assert [(r["reason"], r["count"]) for r in summary["reasons"]] == [("court_stay", 1)]


def test_the_report_downloads_as_excel(town):
    pourashava, staff = town
    response = client_for(staff.mayor).get(
        f"{BASE}report/", {"pourashava": pourashava.code, "year": YEAR, "export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("pourashava", "code", "name_en")
    assert {r[1] for r in rows[1:]} == {"H1", "H2", "H3", "G1"}


def test_the_figures_are_a_section_of_the_revenue_monitor(town, monkeypatch):
    pourashava, _ = town
    monkeypatch.setattr(reports, "current_year", lambda: YEAR)
    section = next(s for s in monitor_sections() if s.code == "estate_leases.hat_bazar")
    table = section.build(MonitorScope(frozenset({pourashava.pk}), "2027-28"))
    hats = next(r for r in table.rows if r["kind"] == "hat_bazar")
    assert hats["leased"] == 2 and hats["value_this_year"] == D("730000.00")
    assert {key for key, _, _ in table.columns} >= {"kind", "leased", "average_3y"}
