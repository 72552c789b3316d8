"""The panel's home page per role: what waits for the clerk, and today's collection.

The platform draws the page; each app says what to count, from its AppConfig.ready():

    register_home_section(
        "certificates.queue", title=_("Certificate applications"), roles=ROLES,
        columns=(_("Late"), _("Due soon"), _("On time")), rows=certificate_rows, order=20,
    )
    register_home_counter(
        "property.claims.pending", label=_("Holding claims to decide"), roles=DECIDERS,
        count=pending_claims, link=claims_url, group="property", title=_("Holdings register"),
    )

`rows(request)` returns the section's rows (a label and its cells), each cell a HomeCount: a
stable key, the number and the URL of the changelist filtered to exactly the rows counted. A
section costs at most a query or two (grouped counts), whatever the data; the page test bounds
it. Counts are scoped to the user: count through the target changelist's own queryset
(`admin_queryset`), so the number and the list it links to cannot disagree.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from backend.identity.roles import has_role


@dataclass(frozen=True)
class HomeCount:
    """One number on the home page. `key` is stable (tests and bookmarks use it: e.g.
    "certificates.with_councillor.red"); `url` lists exactly the `value` rows counted; `tone`
    colours it (red, amber, green); `amount`, when given, is shown beside it (taka)."""

    key: str
    value: int
    url: str
    tone: str = ""
    amount: Decimal | None = None


@dataclass(frozen=True)
class HomeRow:
    label: str
    cells: tuple[HomeCount | None, ...]  # one per column; None leaves the cell empty


@dataclass(frozen=True)
class HomeSection:
    key: str
    title: str
    roles: frozenset[str]  # who sees it (a superuser sees every section)
    rows: Callable[[HttpRequest], Sequence[HomeRow]]
    columns: tuple[str, ...] = ()
    order: int = 100
    note: str = ""  # one line under the title, e.g. what "today" means


@dataclass
class _Group:
    """Single counters registered with register_home_counter under one group."""

    counters: list[tuple[str, str, frozenset[str], Callable, Callable]] = field(
        default_factory=list
    )


_SECTIONS: dict[str, HomeSection] = {}
_GROUPS: dict[str, _Group] = {}


def register_home_section(
    key: str,
    *,
    title: str,
    roles: Iterable[str],
    rows: Callable[[HttpRequest], Sequence[HomeRow]],
    columns: Sequence[str] = (),
    order: int = 100,
    note: str = "",
) -> HomeSection:
    """Add (or replace, on a second ready()) a section of the home page."""
    section = HomeSection(
        key=key,
        title=title,
        roles=frozenset(roles),
        rows=rows,
        columns=tuple(columns),
        order=order,
        note=note,
    )
    _SECTIONS[key] = section
    return section


def register_home_counter(
    key: str,
    *,
    label: str,
    roles: Iterable[str],
    count: Callable[[HttpRequest], int],
    link: Callable[[], str],
    group: str,
    title: str,
    order: int = 100,
) -> None:
    """One number with its own query (`count`) and link, shown in the section `group` (made
    on first use, titled `title`). Each counter is shown to its own `roles`."""
    found = _GROUPS.setdefault(group, _Group())
    found.counters = [c for c in found.counters if c[0] != key]
    found.counters.append((key, label, frozenset(roles), count, link))
    every_role = frozenset().union(*(c[2] for c in found.counters))

    def rows(request: HttpRequest) -> list[HomeRow]:
        return [
            HomeRow(label=label, cells=(HomeCount(key=k, value=count(request), url=link()),))
            for k, label, wanted, count, link in found.counters
            if holds(request, wanted)
        ]

    register_home_section(group, title=title, roles=every_role, rows=rows, order=order)


def registered_sections() -> list[HomeSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def holds(request: HttpRequest, roles: Iterable[str]) -> bool:
    user = request.user
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or has_role(user, roles))
    )


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    note: str
    columns: tuple[str, ...]
    rows: tuple[HomeRow, ...]


def home_for(request: HttpRequest) -> list[RenderedSection]:
    """The sections `request.user` sees, with their numbers (sections with no rows left out)."""
    shown = []
    for section in registered_sections():
        if not holds(request, section.roles):
            continue
        rows = tuple(section.rows(request))
        if rows:
            shown.append(
                RenderedSection(section.key, section.title, section.note, section.columns, rows)
            )
    return shown


# Helpers for the apps' row functions -------------------------------------------------------


def admin_queryset(request: HttpRequest, model: type[models.Model]) -> QuerySet:
    """What `model`'s changelist shows this user before any filter: the admin's own scoping
    (pourashava, ward, roles), so a count made from it matches the list it links to."""
    model_admin = admin.site._registry[model]
    return model_admin.get_queryset(request)


def changelist_url(model: type[models.Model], **filters: object) -> str:
    """The admin changelist of `model` with `filters` as its query string (the list's own
    filter parameters, e.g. state="with_councillor", sla="red")."""
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    query = urlencode({k: v for k, v in filters.items() if v is not None})
    return f"{url}?{query}" if query else url


def per_request(request: HttpRequest, key: str, compute: Callable[[], object]) -> object:
    """`compute()` once per request: sections that share one query (e.g. every workflow queue)
    read it from here."""
    cache = request.__dict__.setdefault("_panel_home_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]
