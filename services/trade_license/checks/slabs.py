"""A fee schedule's slabs must tile [0, ∞) exactly: from 0, each slab starting where the one
before ends, the last one open. Pure: refuses gaps and overlaps with a bilingual error."""

from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

from backend.common.errors import AppError
from services.trade_license import messages as m


def check_tiling(
    bounds: Sequence[tuple[Decimal, Decimal | None]], *, category: str, fy: str
) -> None:
    """`bounds` are (lower inclusive, upper exclusive or None) of one category and FY."""
    params = {"category": category, "fy": fy}
    ordered = sorted(bounds, key=lambda b: b[0])
    if not ordered or ordered[0][0] != 0:
        raise AppError("fee_schedule_not_from_zero", m.SCHEDULE_NOT_FROM_ZERO, params=params)
    for (_lower, upper), (next_lower, _next_upper) in pairwise(ordered):
        if upper is None or next_lower < upper:
            raise AppError(
                "fee_schedule_overlap",
                m.SCHEDULE_OVERLAP,
                params={**params, "lower": str(next_lower)},
            )
        if next_lower > upper:
            raise AppError(
                "fee_schedule_gap",
                m.SCHEDULE_GAP,
                params={**params, "lower": str(upper), "upper": str(next_lower)},
            )
    if ordered[-1][1] is not None:
        raise AppError("fee_schedule_not_open", m.SCHEDULE_NOT_OPEN, params=params)
