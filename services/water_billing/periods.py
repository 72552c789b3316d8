"""Billing months: a month is its first day; its bill is due on the pourashava's due day a
set number of months later."""

from datetime import date

from services.water_billing.calculator import days_in_month
from services.water_billing.models import WaterSettings


def month_of(day: date) -> date:
    return day.replace(day=1)


def add_months(period: date, months: int) -> date:
    index = period.year * 12 + period.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def previous_month(day: date) -> date:
    return add_months(month_of(day), -1)


def due_date(period: date, settings: WaterSettings) -> date:
    month = add_months(period, settings.due_month_offset)
    return month.replace(day=min(settings.due_day, days_in_month(month)))


def label(period: date) -> str:
    return f"{period:%Y-%m}"


def parse(value: str) -> date:
    """'2026-05' (or a full date) to the month's first day."""
    parts = value.strip().split("-")
    return date(int(parts[0]), int(parts[1]), 1)
