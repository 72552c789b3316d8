"""Money is Decimal taka with two places, rounded by one rule in one function."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

PAISA = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal | int | str) -> Decimal:
    """Round to paisa, half away from zero (the rule receipts and ledgers use everywhere)."""
    if isinstance(value, float):
        raise TypeError("money never comes from float; pass Decimal, int or str")
    return Decimal(value).quantize(PAISA, rounding=ROUND_HALF_UP)


class MoneyField(models.DecimalField):
    """Taka amount: up to 999,999,999,999.99."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "backend.common.money.MoneyField", args, kwargs
