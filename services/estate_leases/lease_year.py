"""The lease year is the Bangla year, 1 Boishakh to 30 Chaitra, with its Gregorian dates from
the platform's Bangla calendar (backend/documents/bangla)."""

from dataclasses import dataclass
from datetime import date

from backend.common.digits import to_bangla_digits
from backend.documents.bangla.calendar import (
    BanglaDate,
    from_bangla_date,
    month_length,
    to_bangla_date,
)


@dataclass(frozen=True)
class LeaseYear:
    year: int

    @property
    def starts_on(self) -> date:
        return from_bangla_date(BanglaDate(self.year, 1, 1))

    @property
    def ends_on(self) -> date:
        return from_bangla_date(BanglaDate(self.year, 12, month_length(self.year, 12)))

    def label(self, language: str = "bn") -> str:
        if language == "bn":
            return f"{to_bangla_digits(self.year)} বঙ্গাব্দ"
        return f"{self.year} BS"

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def lease_year_of(day: date) -> LeaseYear:
    return LeaseYear(to_bangla_date(day).year)


def next_lease_year(day: date) -> LeaseYear:
    return LeaseYear(to_bangla_date(day).year + 1)
