"""The monitor's pages: the overview of the pourashavas in the viewer's scope, a pourashava's
drill-down, a ward's, and the e-governance indicator table. Every table exports as CSV or Excel
(?export=<table>&format=csv|xlsx). Bangla by default (?lang=en for English)."""

import logging
from datetime import date

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.common.db_router import replica_reads
from backend.common.errors import Forbidden, NotFound
from backend.common.exports import export_response
from backend.monitor import charts, tables
from backend.monitor.display import SECTOR_NAMES, cell, digits, pick, taka
from backend.monitor.registry import MonitorScope, monitor_sections
from backend.monitor.scope import is_national, narrowed, pourashava_in_scope, viewer_scope
from backend.monitor.selectors_indicators import indicator_rows
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Ward

login = staff_member_required(login_url="admin:login")
log = logging.getLogger(__name__)


def _params(request: HttpRequest) -> dict:
    lang = request.GET.get("lang", "bn")
    lang = "en" if lang == "en" else "bn"
    try:
        fy = FiscalYear.parse(request.GET.get("fy", "")).label
    except ValueError:
        fy = FiscalYear.of().label
    try:
        as_of = date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        as_of = timezone.localdate()
    end = FiscalYear.parse(fy).end
    sector = request.GET.get("sector", "")
    return {
        "lang": lang,
        "fy": fy,
        "as_of": min(as_of, end),
        "sector": sector if sector in SECTOR_NAMES else "",
    }


def _respond(request, params, context: dict, page_tables: list) -> HttpResponse:
    wanted = request.GET.get("export")
    if wanted:
        for table in page_tables:
            if table.code == wanted:
                return export_response(
                    request.GET.get("format", "csv"),
                    f"monitor-{table.code}-{params['fy']}",
                    [heading for _, heading, _ in table.columns],
                    ([row.get(key) for key, _, _ in table.columns] for row in table.rows),
                )
        raise Http404
    rendered = [
        {
            "table": t,
            "rows": [
                [
                    (cell(r.get(k), kind), r.get("link") if k == "name" else None)
                    for k, _, kind in t.columns
                ]
                for r in t.rows
            ],
            "totals": [cell(t.totals.get(k), kind) if t.totals else "" for k, _, kind in t.columns],
            "raw_totals": {k: str(v) for k, v in t.totals.items()},
        }
        for t in page_tables
    ]
    query = request.GET.copy()
    query.pop("export", None)
    query.pop("format", None)
    other = query.copy()
    other["lang"] = "en" if params["lang"] == "bn" else "bn"
    context.update(
        {
            "params": params,
            "tables": rendered,
            "query": query.urlencode(),
            "other_lang_query": other.urlencode(),
            "fy_display": digits(params["fy"]),
            "as_of_display": digits(params["as_of"].isoformat()),
            "sectors": [(code, pick(names)) for code, names in SECTOR_NAMES.items()],
            "fiscal_years": [FiscalYear(FiscalYear.of().start_year - i).label for i in range(0, 4)],
        }
    )
    return render(request, "monitor/page.html", context)


def _guarded(view):
    """Language from ?lang=; no role for the monitor: 403; outside the scope: 404."""

    def wrapped(request: HttpRequest, *args, **kwargs):
        params = _params(request)
        # Only reads here: a replica may serve them (backend/common/db_router.py).
        with translation.override(params["lang"]), replica_reads():
            try:
                scope = viewer_scope(request.user, params["fy"])
                return view(request, scope, params, *args, **kwargs)
            except Forbidden as exc:
                return HttpResponseForbidden(exc.render_message(params["lang"]))
            except NotFound as exc:
                raise Http404 from exc

    wrapped.__name__ = view.__name__
    return login(wrapped)


def _sections(scope: MonitorScope) -> list:
    """The tables services registered (hat-bazars...). One that fails is logged and left out:
    a service's bug must not take the ministry's page down with it."""
    out = []
    for section in monitor_sections():
        try:
            table = section.build(scope)
        except Exception:
            log.exception("monitor section %s failed", section.code)
            continue
        out.append(
            tables.from_section(section.code, pick((section.title_en, section.title_bn)), table)
        )
    return out


def _filters(params: dict) -> dict:
    return {"sector": params["sector"]} if params["sector"] else {}


def _charts(params, summary, trend, channel_table, ageing_table) -> list:
    out = []
    if summary is not None:
        items = [
            (str(r["name"]), r["achievement_pct"] or 0, cell(r["achievement_pct"], "pct"))
            for r in summary.rows[:40]
        ]
        out.append(charts.bars(items, title=summary.title + " (" + _("achievement") + ")"))
    labels = [r["short"] for r in trend.rows]
    out.append(
        charts.paired_columns(
            labels,
            [
                (_("This year"), [r["this_year"] for r in trend.rows]),
                (_("Last year"), [r["last_year"] for r in trend.rows]),
            ],
            title=trend.title,
        )
    )
    out.append(
        charts.stacked(
            [(r["name"], r["collected"], taka(r["collected"])) for r in channel_table.rows],
            title=channel_table.title,
        )
    )
    out.append(
        charts.stacked(
            [(r["name"], r["outstanding"], taka(r["outstanding"])) for r in ageing_table.rows],
            title=ageing_table.title,
        )
    )
    return out


@_guarded
def overview(request: HttpRequest, scope: MonitorScope, params: dict) -> HttpResponse:
    if scope.pourashava_ids is not None and len(scope.pourashava_ids) == 1:
        (only,) = scope.pourashava_ids
        url = reverse("monitor:pourashava", args=[only])
        return redirect(f"{url}?{request.GET.urlencode()}")
    filters, as_of = _filters(params), params["as_of"]
    summary = tables.by_pourashava(scope, as_of, filters, ranked=is_national(scope))
    for row in summary.rows:
        row["link"] = reverse("monitor:pourashava", args=[row["pourashava"]])
    sectors = tables.by_sector(scope, as_of, {})
    trend = tables.trend(scope, as_of, filters)
    channel_table = tables.channels(scope, as_of, filters)
    ageing_table = tables.ageing(scope, filters)
    page_tables = [summary, sectors, trend, channel_table, ageing_table, *_sections(scope)]
    context = {
        "heading": _("Revenue monitor"),
        "scope_label": _("All pourashavas") if is_national(scope) else _("Your district"),
        "charts": _charts(params, summary, trend, channel_table, ageing_table),
        "crumbs": [],
    }
    return _respond(request, params, context, page_tables)


@_guarded
def pourashava(request: HttpRequest, scope: MonitorScope, params: dict, pk: int) -> HttpResponse:
    place = pourashava_in_scope(scope, pk)
    local = narrowed(scope, pk)
    filters, as_of = _filters(params), params["as_of"]
    sectors = tables.by_sector(local, as_of, {})
    wards = tables.by_ward(local, as_of, filters)
    for row in wards.rows:
        row["link"] = reverse("monitor:ward", args=[pk, row["ward_key"]])
    heads = tables.by_head(local, as_of, filters)
    trend = tables.trend(local, as_of, filters)
    channel_table = tables.channels(local, as_of, filters)
    ageing_table = tables.ageing(local, filters)
    sections = _sections(local)
    indicators = indicator_rows(local, params["fy"], FiscalYear.of(as_of).quarter_of(as_of))
    page_tables = [sectors, wards, heads, trend, channel_table, ageing_table, *sections, indicators]
    context = {
        "heading": pick((place.name_en, place.name_bn)),
        "scope_label": pick((place.district_en, place.district_bn)),
        "charts": _charts(params, sectors, trend, channel_table, ageing_table),
        "crumbs": [(reverse("monitor:overview"), _("Revenue monitor"))],
    }
    return _respond(request, params, context, page_tables)


@_guarded
def ward(
    request: HttpRequest, scope: MonitorScope, params: dict, pk: int, ward_key: str
) -> HttpResponse:
    place = pourashava_in_scope(scope, pk)
    local = narrowed(scope, pk)
    if ward_key == "none":
        ward_obj, label = None, _("No ward")
    else:
        ward_obj = Ward.objects.filter(pk=int(ward_key), pourashava=place).first()
        if ward_obj is None:
            raise NotFound("not_found", tables_not_found())
        label = _("Ward %(number)s") % {"number": digits(ward_obj.number)}
    filters = {**_filters(params), "ward": ward_obj.pk if ward_obj else "none"}
    as_of = params["as_of"]
    sectors = tables.by_sector(local, as_of, filters)
    heads = tables.by_head(local, as_of, filters)
    channel_table = tables.channels(local, as_of, filters)
    ageing_table = tables.ageing(local, filters)
    trend = tables.trend(local, as_of, filters)
    page_tables = [sectors, heads, trend, channel_table, ageing_table]
    context = {
        "heading": f"{pick((place.name_en, place.name_bn))}: {label}",
        "scope_label": pick((place.district_en, place.district_bn)),
        "charts": _charts(params, sectors, trend, channel_table, ageing_table),
        "crumbs": [
            (reverse("monitor:overview"), _("Revenue monitor")),
            (reverse("monitor:pourashava", args=[pk]), pick((place.name_en, place.name_bn))),
        ],
    }
    return _respond(request, params, context, page_tables)


@_guarded
def indicators(request: HttpRequest, scope: MonitorScope, params: dict) -> HttpResponse:
    try:
        quarter = int(request.GET.get("quarter", "0"))
    except ValueError:
        quarter = 0
    as_of = params["as_of"]
    if quarter not in (1, 2, 3, 4):
        quarter = FiscalYear.parse(params["fy"]).quarter_of(as_of)
    table = indicator_rows(scope, params["fy"], quarter, per_pourashava=True)
    context = {
        "heading": _("E-governance indicators"),
        "scope_label": _("Quarter %(quarter)s") % {"quarter": digits(quarter)},
        "charts": [],
        "crumbs": [(reverse("monitor:overview"), _("Revenue monitor"))],
    }
    return _respond(request, params, context, [table])


def tables_not_found():
    from backend.monitor import errors

    return errors.NOT_FOUND
