"""A short-lived, per-process cache of the rates the public quote endpoint reads (9 small
queries otherwise: the endpoint's whole cost). Rates change a few times a year; a change saved
in this process clears the cache at once (signals, and the CSV import), one saved in another
process is seen within TTL seconds. Charging a demand never reads this cache."""

import threading
import time

from django.db.models.signals import post_delete, post_save

from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from services.trade_license import models
from services.trade_license.quote import Rates
from services.trade_license.rates import category_of, load_rates

TTL = 30.0
_lock = threading.Lock()
_entries: dict[tuple, tuple[float, object]] = {}


def clear(**_kwargs) -> None:
    with _lock:
        _entries.clear()


def _get(key: tuple, make):
    now = time.monotonic()
    found = _entries.get(key)
    if found is not None and now - found[0] < TTL:
        return found[1]
    value = make()
    with _lock:
        _entries[key] = (now, value)
    return value


def rates_for(pourashava: Pourashava, code: str, fy: FiscalYear) -> tuple:
    """(category, Rates) for a pourashava's category code in `fy`; refusals are not cached."""

    def make() -> tuple[models.BusinessCategory, Rates]:
        category = category_of(pourashava, code)
        return category, load_rates(category, fy)

    return _get((pourashava.pk, code, fy.label), make)


def register() -> None:
    for model in (
        models.BusinessCategory,
        models.FeeSlab,
        models.SignboardRule,
        models.VatRule,
        models.SourceTaxRule,
        models.TradeSettings,
        models.LatePolicy,
        Pourashava,
    ):
        post_save.connect(clear, sender=model, dispatch_uid=f"trade-rates-{model.__name__}")
        post_delete.connect(clear, sender=model, dispatch_uid=f"trade-rates-d-{model.__name__}")
