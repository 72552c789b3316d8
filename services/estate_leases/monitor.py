"""The hat-bazar figures in the ministry's revenue monitor (backend/monitor)."""

from backend.monitor.registry import (
    MonitorScope,
    MonitorSection,
    MonitorTable,
    register_monitor_section,
)

COLUMNS = (
    ("kind", "Kind", "ধরন"),
    ("total", "Properties", "সম্পত্তি"),
    ("leased", "Leased", "ইজারা"),
    ("direct", "Directly collected", "খাস আদায়"),
    ("not_operated", "Not operated", "চালু নেই"),
    ("pending", "Pending", "অনিষ্পন্ন"),
    ("value_this_year", "Value this year", "এ বছরের মূল্য"),
    ("value_last_year", "Value last year", "গত বছরের মূল্য"),
    ("average_3y", "Three-year average", "তিন বছরের গড়"),
)


def build(scope: MonitorScope) -> MonitorTable:
    from services.estate_leases.reports import by_kind, current_year

    rows = by_kind(pourashava_ids=scope.pourashava_ids, year=current_year())
    return MonitorTable(columns=COLUMNS, rows=[{k: r[k] for k, _, _ in COLUMNS} for r in rows])


def register() -> None:
    register_monitor_section(
        MonitorSection(
            code="estate_leases.hat_bazar",
            title_en="Markets, hat-bazars and other leases",
            title_bn="হাট-বাজার, মার্কেট ও অন্যান্য ইজারা",
            build=build,
            order=50,
        )
    )
