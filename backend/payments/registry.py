"""What services plug into the payment layer: revenue heads, "on settled" hooks and bill rules.

Services register at import time (their AppConfig.ready); the payment layer never imports them.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# The sectors the ministry's revenue monitor reports by (backend/monitor).
SECTORS = ("holding_tax", "water", "trade_licence", "certificates", "leases", "other")


@dataclass(frozen=True)
class HeadSpec:
    code: str
    name_en: str
    name_bn: str
    order: int = 100
    is_adjustment: bool = False
    sector: str = "other"
    # Empty: the pourashava's own revenue. Otherwise the body it is collected for ("nbr" for VAT
    # and source income tax): never counted as the pourashava's revenue or against its targets.
    collected_for: str = ""


# The common heads, seeded into RevenueHead by migration and by `sync_revenue_heads`.
COMMON_HEADS: tuple[HeadSpec, ...] = (
    HeadSpec("holding_tax", "Holding tax", "হোল্ডিং কর", 10, sector="holding_tax"),
    HeadSpec("conservancy", "Conservancy rate", "পরিচ্ছন্নতা রেট", 20, sector="holding_tax"),
    HeadSpec("lighting", "Lighting rate", "সড়ক বাতি রেট", 30, sector="holding_tax"),
    HeadSpec("water", "Water rate", "পানি রেট", 40, sector="holding_tax"),
    HeadSpec("sewerage", "Sewerage rate", "পয়ঃনিষ্কাশন রেট", 50, sector="holding_tax"),
    HeadSpec("fire", "Fire rate", "অগ্নি রেট", 60, sector="holding_tax"),
    HeadSpec(
        "trade_license_fee", "Trade licence fee", "ট্রেড লাইসেন্স ফি", 70, sector="trade_licence"
    ),
    HeadSpec("signboard_tax", "Signboard tax", "সাইনবোর্ড কর", 80, sector="trade_licence"),
    HeadSpec("vat", "VAT", "ভ্যাট", 90, sector="other", collected_for="nbr"),
    HeadSpec("certificate_fee", "Certificate fee", "সনদ ফি", 100, sector="certificates"),
    HeadSpec("connection_fee", "Connection fee", "সংযোগ ফি", 110, sector="water"),
    HeadSpec("lease_rent", "Lease rent", "ইজারা ভাড়া", 120, sector="leases"),
    HeadSpec("demo", "Demo charge", "ডেমো চার্জ", 190),
    HeadSpec("surcharge", "Surcharge", "সারচার্জ", 200, True),
    HeadSpec("rebate", "Rebate", "রেয়াত", 210, True),
)

REBATE = "rebate"
SURCHARGE = "surcharge"

_heads: dict[str, HeadSpec] = {h.code: h for h in COMMON_HEADS}


def register_revenue_head(
    code: str,
    *,
    name_en: str,
    name_bn: str,
    order: int = 100,
    is_adjustment: bool = False,
    sector: str = "other",
    collected_for: str = "",
) -> None:
    """Declare a head a service uses, with the monitor's sector and, for money collected for
    another body, which one. The row is created by `sync_revenue_heads` (run from the payments
    post_migrate handler) or on first use by raise_demand."""
    if sector not in SECTORS:
        raise ValueError(f"unknown sector {sector!r} for head {code!r}")
    _heads[code] = HeadSpec(code, name_en, name_bn, order, is_adjustment, sector, collected_for)


def registered_heads() -> list[HeadSpec]:
    return sorted(_heads.values(), key=lambda h: (h.order, h.code))


def head_spec(code: str) -> HeadSpec | None:
    return _heads.get(code)


# --- settlement hooks -------------------------------------------------------------------------

SettlementHook = Callable[[Sequence], None]  # called with the demands settled by one payment
_settlement_hooks: dict[str, list[SettlementHook]] = {}


def register_settlement_hook(service_code: str, fn: SettlementHook) -> None:
    """`fn(demands)` runs inside the settling transaction with the service's demands that this
    payment paid in full (status now "paid"). Raising aborts the settlement."""
    hooks = _settlement_hooks.setdefault(service_code, [])
    if fn not in hooks:
        hooks.append(fn)


def settlement_hooks(service_code: str) -> list[SettlementHook]:
    return list(_settlement_hooks.get(service_code, ()))


# --- bill rules -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Adjustment:
    """A rebate (negative) or surcharge (positive) on one demand, proposed by a service."""

    demand_id: int
    head: str  # "rebate" | "surcharge" (or another adjustment head the service registered)
    amount: Decimal
    note: str = ""
    # A rebate offered only until this date: the bill is valid no later than its end.
    valid_until: date | None = None


BillRules = Callable[[Sequence, date], Iterable[Adjustment]]
_bill_rules: dict[str, BillRules] = {}


def register_bill_rules(service_code: str, fn: BillRules) -> None:
    """`fn(demands, as_of)` returns Adjustments for the service's open demands on a bill."""
    _bill_rules[service_code] = fn


def bill_rules(service_code: str) -> BillRules | None:
    return _bill_rules.get(service_code)
