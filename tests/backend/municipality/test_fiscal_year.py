from datetime import date

import pytest

from backend.municipality.fiscal_year import FiscalYear


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2025, 7, 1), "2025-26"),
        (date(2026, 6, 30), "2025-26"),
        (date(2026, 1, 15), "2025-26"),
        (date(2025, 6, 30), "2024-25"),
        (date(1999, 12, 31), "1999-00"),
    ],
)
def test_fiscal_year_runs_july_to_june(day, label):
    assert FiscalYear.of(day).label == label
    assert FiscalYear.parse(label) == FiscalYear.of(day)


@pytest.mark.parametrize(
    ("day", "quarter"),
    [(date(2025, 7, 1), 1), (date(2025, 12, 31), 2), (date(2026, 1, 1), 3), (date(2026, 6, 30), 4)],
)
def test_quarters_follow_the_fiscal_year(day, quarter):
    fy = FiscalYear(2025)
    assert fy.quarter_of(day) == quarter
    first, last = fy.quarter_bounds(quarter)
    assert first <= day <= last


@pytest.mark.parametrize("label", ["2025-27", "2025", "25-26", "2025/26"])
def test_malformed_labels_are_refused(label):
    with pytest.raises(ValueError):
        FiscalYear.parse(label)
