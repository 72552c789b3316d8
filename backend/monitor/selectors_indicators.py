"""The e-governance indicator table in the government's form: code, text, unit, weight, target,
achievement, comment, per pourashava and quarter."""

from django.utils.translation import gettext as _

from backend.common.text import in_language
from backend.monitor.models import Indicator, IndicatorValue
from backend.monitor.registry import MonitorScope
from backend.monitor.scope import pourashavas_in
from backend.monitor.tables import Table


def indicator_rows(
    scope: MonitorScope, fiscal_year: str, quarter: int, *, per_pourashava: bool = False
) -> Table:
    indicators = list(Indicator.objects.order_by("order", "code"))
    places = list(pourashavas_in(scope))
    values = {
        (v.pourashava_id, v.indicator_id): v
        for v in IndicatorValue.objects.filter(
            fiscal_year=fiscal_year,
            quarter=quarter,
            pourashava_id__in=[p.pk for p in places],
        )
    }
    rows = []
    for place in places:
        for indicator in indicators:
            value = values.get((place.pk, indicator.code))
            rows.append(
                {
                    "pourashava": in_language(place.name_en, place.name_bn),
                    "code": indicator.code,
                    "text": in_language(indicator.text_en, indicator.text_bn),
                    "unit": indicator.get_unit_display(),
                    "weight": indicator.weight,
                    "target": value.target if value else None,
                    "achievement": value.achievement if value else None,
                    "comment": value.comment if value else "",
                }
            )
    columns = [
        ("code", _("Code"), "text"),
        ("text", _("Indicator"), "text"),
        ("unit", _("Unit"), "text"),
        ("weight", _("Weight"), "number"),
        ("target", _("Target"), "number"),
        ("achievement", _("Achievement"), "number"),
        ("comment", _("Comment"), "text"),
    ]
    if per_pourashava:
        columns.insert(0, ("pourashava", _("Pourashava"), "text"))
    return Table("indicators", _("E-governance indicators"), columns, rows)
