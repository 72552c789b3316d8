"""What services add to the ministry's revenue monitor (backend/monitor) beyond money, which the
monitor reads from the payment layer's revenue heads: sections such as the hat-bazar figures, and
e-governance indicators computed from a service's data.

Services register at import time (their AppConfig.ready, from a `monitor.py` module); the monitor
never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class MonitorScope:
    """Which pourashavas a viewer may see: None is all (a national viewer)."""

    pourashava_ids: frozenset[int] | None
    fiscal_year: str  # "2025-26"


@dataclass(frozen=True)
class MonitorTable:
    columns: tuple[tuple[str, str, str], ...]  # (key, English heading, Bangla heading)
    rows: list[dict[str, Any]]  # no citizen's personal data, ever


@dataclass(frozen=True)
class MonitorSection:
    code: str  # "estate_leases.hat_bazar"
    title_en: str
    title_bn: str
    build: Callable[[MonitorScope], MonitorTable]
    order: int = 100


@dataclass(frozen=True)
class ComputedIndicator:
    """An e-governance indicator a service computes for one pourashava and quarter (None: no
    data, so it is entered by hand). `unit` is "%", "number", "days" or "date"."""

    code: str  # "[2.1.3]"-style code of the government's table, or a service's own
    text_en: str
    text_bn: str
    unit: str
    weight: Decimal
    compute: Callable[[int, date, date], Decimal | None]  # (pourashava_id, start, end)


_sections: dict[str, MonitorSection] = {}
_indicators: dict[str, ComputedIndicator] = {}


def register_monitor_section(section: MonitorSection) -> None:
    _sections[section.code] = section


def monitor_sections() -> list[MonitorSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.code))


def register_indicator(indicator: ComputedIndicator) -> None:
    _indicators[indicator.code] = indicator


def computed_indicators() -> list[ComputedIndicator]:
    return sorted(_indicators.values(), key=lambda i: i.code)


# --- wards of demands -------------------------------------------------------------------------


@dataclass(frozen=True)
class WardSource:
    """How the monitor finds the ward of a demand raised on `object_type`: the table holding those
    objects, the column a demand's object_id names (compared as text) and its ward and
    pourashava columns. A demand whose object has no source is counted under "no ward"."""

    object_type: str
    model: str = ""  # "property.Holding"; or give `table` directly
    table: str = ""
    id_column: str = "id"
    ward_column: str = "ward_id"
    pourashava_column: str = "pourashava_id"
    # Or, when the ward is further away (a water bill: its connection's holding's ward), a
    # function of the pourashava id (None: every pourashava) giving a queryset of
    # .values(monitor_object=<the demand's object_id>, monitor_ward=<ward id or None>), at most
    # one row per object.
    rows: Callable[[int | None], Any] | None = None


_ward_sources: dict[str, WardSource] = {}


def register_ward_source(source: WardSource) -> None:
    _ward_sources[source.object_type] = source


def ward_sources() -> list[WardSource]:
    return sorted(_ward_sources.values(), key=lambda s: s.object_type)
