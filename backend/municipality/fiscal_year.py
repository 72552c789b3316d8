"""Fiscal year: 1 July to 30 June, written `2025-26`. Used everywhere dates meet money."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class FiscalYear:
    start_year: int

    @classmethod
    def of(cls, day: date | datetime | None = None) -> "FiscalYear":
        """The fiscal year a date (default: today in Dhaka) falls in."""
        if day is None:
            day = timezone.localdate()
        elif isinstance(day, datetime):
            day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
        return cls(day.year if day.month >= 7 else day.year - 1)

    @classmethod
    def parse(cls, label: str) -> "FiscalYear":
        match = _LABEL.match(label.strip())
        if not match:
            raise ValueError(f"not a fiscal year label: {label!r} (expected e.g. 2025-26)")
        start = int(match.group(1))
        if (start + 1) % 100 != int(match.group(2)):
            raise ValueError(f"fiscal year {label!r} does not span consecutive years")
        return cls(start)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> date:
        return date(self.start_year, 7, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 6, 30)

    def quarter_of(self, day: date) -> int:
        """1 for Jul-Sep, 2 Oct-Dec, 3 Jan-Mar, 4 Apr-Jun."""
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is not in fiscal year {self.label}")
        return ((day.month - 7) % 12) // 3 + 1

    def quarter_bounds(self, quarter: int) -> tuple[date, date]:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("quarter is 1 to 4")
        first_month = (6 + 3 * (quarter - 1)) % 12 + 1
        year = self.start_year if first_month >= 7 else self.start_year + 1
        last_month = first_month + 2
        last_day = {9: 30, 12: 31, 3: 31, 6: 30}[last_month]
        return date(year, first_month, 1), date(year, last_month, last_day)

    def next(self) -> "FiscalYear":
        return FiscalYear(self.start_year + 1)

    def previous(self) -> "FiscalYear":
        return FiscalYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label
