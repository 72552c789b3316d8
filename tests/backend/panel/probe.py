"""The panel probe: logged in as one person, walk every page of an admin site a clerk can reach
and report every object of another tenant that is listed, opened, offered or accepted.

What counts as "another tenant's" is decided here, independently of the code under test, from
each model's declared tenancy path: a row is the person's if its pourashava is one they work in
and, for a ward-bound person, its ward is theirs (a row with no ward is not theirs)."""

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django import forms
from django.contrib import admin
from django.db import models
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse

from backend.panel.tenancy import tenancy_of


@dataclass(frozen=True)
class Place:
    """Where the probed person works: pourashava ids, and ward ids if ward-bound."""

    pourashava_ids: frozenset[int]
    ward_ids: frozenset[int] | None = None


@dataclass
class Report:
    leaks: list[str] = field(default_factory=list)
    pages: int = 0  # pages opened with 200, to show the walk was not empty

    def leak(self, message: str) -> None:
        self.leaks.append(message)


@contextmanager
def quiet_refusals():
    """The walk is refused hundreds of times by design; Django logs each 403 with a traceback."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def foreign_pks(model, place: Place) -> set:
    """Ids of the model's rows that are not the person's (empty for national models)."""
    path = tenancy_of(model)
    if path is None or path.national:
        return set()
    queryset = model._default_manager.all()
    mine = queryset.filter(**{f"{path.pourashava}__in": place.pourashava_ids})
    if place.ward_ids is not None:
        mine = mine.filter(**{f"{path.ward}__in": place.ward_ids}) if path.ward else mine.none()
    return set(queryset.values_list("pk", flat=True)) - set(mine.values_list("pk", flat=True))


def _url(site: admin.AdminSite, model, view: str, *args) -> str | None:
    try:
        return reverse(
            f"{site.name}:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args
        )
    except NoReverseMatch:
        return None


def walk(client: Client, site: admin.AdminSite, place: Place, user) -> Report:
    """Pages Django itself would refuse (403) by the admin's own view / add permission are not
    requested, to keep the walk fast; a foreign object's URLs are always tried."""
    report = Report()
    foreign = {}
    seen: set = set()  # raw-id popups already opened (target, to_field)
    asking = RequestFactory().get("/")
    asking.user = user
    may_view = {m: a.has_view_or_change_permission(asking) for m, a in site._registry.items()}

    def foreign_of(model) -> set:
        if model not in foreign:
            foreign[model] = foreign_pks(model, place)
        return foreign[model]

    for model, model_admin in site._registry.items():
        label = model._meta.label
        bad = foreign_of(model)
        # The list, its filters and its search.
        own = None
        listing = client.get(_url(site, model, "changelist")) if may_view[model] else None
        if listing is not None and listing.status_code == 200:
            report.pages += 1
            cl = listing.context["cl"]
            shown = set(cl.queryset.values_list("pk", flat=True))
            if shown & bad:
                report.leak(f"{label} changelist lists {sorted(shown & bad)[:5]}")
            _check_filters(report, label, cl, foreign_of)
            own = cl.queryset.order_by("pk").first()
        # Another tenant's object, opened by its URL.
        for pk in sorted(bad)[:1]:
            for view in ("change", "delete"):  # history and the rest use the same lookup
                url = _url(site, model, view, pk)
                if url and client.get(url).status_code == 200:
                    report.leak(f"{label} {view} view opens another tenant's #{pk}")
        # The add form and the person's own object's form: every choice list, and a POST of
        # another tenant's id in each of them.
        pages = [_url(site, model, "add")] if model_admin.has_add_permission(asking) else []
        if own is not None:
            pages.append(_url(site, model, "change", own.pk))
        for url in filter(None, pages):
            page = client.get(url)
            if page.status_code != 200 or "adminform" not in (page.context or {}):
                continue
            report.pages += 1
            _check_forms(report, f"{label} {url}", page, foreign_of)
            _post_foreign_ids(report, client, f"{label} {url}", url, page, foreign_of)
        # Raw-id lookups and autocompletes for every relation the model and its inlines have.
        relations = [model, *(inline.model for inline in getattr(model_admin, "inlines", ()))]
        for source in relations:
            for db_field in source._meta.get_fields():
                if not (db_field.concrete and db_field.is_relation and db_field.related_model):
                    continue
                target = db_field.related_model
                if target not in site._registry or not may_view[target]:
                    continue
                _check_lookup(report, client, site, source, db_field, foreign_of(target), seen)
    return report


def _check_filters(report: Report, label: str, cl, foreign_of) -> None:
    for spec in cl.filter_specs:
        choices = getattr(spec, "lookup_choices", None)
        related = getattr(getattr(spec, "field", None), "related_model", None)
        if not choices or related is None:
            continue
        offered = {str(pk) for pk, _text in choices}
        bad = {str(pk) for pk in foreign_of(related)}
        if offered & bad:
            report.leak(f"{label} list filter {spec.field_path} offers {sorted(offered & bad)[:5]}")


def _choice_fields(page):
    """(name, form field) of the main form and of every inline's forms on the page. An inline
    row's hidden primary-key field is not a choice: Django binds a posted row id only through
    the inline's (scoped) queryset and ignores any other."""
    form = page.context["adminform"].form
    yield from form.fields.items()
    for formset in page.context.get("inline_admin_formsets", []):
        pk_name = formset.formset.model._meta.pk.name
        for inline_form in [*formset.formset.forms, formset.formset.empty_form]:
            yield from ((n, f) for n, f in inline_form.fields.items() if n != pk_name)


def _check_forms(report: Report, where: str, page, foreign_of) -> None:
    for name, form_field in _choice_fields(page):
        if not isinstance(form_field, forms.ModelChoiceField):
            continue
        bad = foreign_of(form_field.queryset.model)
        offered = set(form_field.queryset.values_list("pk", flat=True))
        if offered & bad:
            report.leak(f"{where}: field {name} offers {sorted(offered & bad)[:5]}")


def _post_foreign_ids(report: Report, client: Client, where: str, url: str, page, foreign_of):
    """POST the form as shown with another tenant's id in one choice field at a time: the
    field must refuse it (a form error on that field), never save it."""
    form = page.context["adminform"].form
    base = _as_post(page)
    for name, form_field in form.fields.items():
        if not isinstance(form_field, forms.ModelChoiceField) or form_field.disabled:
            continue
        bad = sorted(foreign_of(form_field.queryset.model))
        if not bad:
            continue
        data = dict(base)
        data[form.add_prefix(name)] = [str(bad[0])]
        answer = client.post(url, data)
        context = answer.context or {}
        refused = "adminform" in context and name in context["adminform"].form.errors
        if answer.status_code in (403, 404):
            refused = True
        if not refused:
            report.leak(f"{where}: POST with another tenant's #{bad[0]} in {name} was accepted")


def _as_post(page) -> dict:
    """The page's forms as a browser would post them (main form and inline management forms)."""
    data: dict[str, list[str]] = {}
    form = page.context["adminform"].form
    for bound in form:
        value = bound.value()
        if value is None or bound.field.disabled:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = ["on"]
        else:
            data[bound.html_name] = [str(value.pk if isinstance(value, models.Model) else value)]
    for formset in page.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for bound in management:
            data[bound.html_name] = [str(bound.value())]
        # Existing inline rows are posted unchanged (their ids only).
        for inline_form in formset.formset.initial_forms:
            for bound in inline_form:
                value = bound.value()
                if value is not None and not isinstance(value, bool):
                    data[bound.html_name] = [str(getattr(value, "pk", value))]
        data[management.add_prefix("TOTAL_FORMS")] = [str(len(formset.formset.initial_forms))]
    return data


def _check_lookup(report, client, site, source, db_field, bad: set, seen: set) -> None:
    target = db_field.related_model
    to_field = getattr(db_field.remote_field, "field_name", None) or target._meta.pk.attname
    # The raw-id popup: the target's list, opened for picking.
    url = _url(site, target, "changelist")
    popup = None
    if (target, to_field) not in seen:
        seen.add((target, to_field))
        popup = client.get(url, {"_to_field": to_field, "_popup": "1"})
    if popup is not None and popup.status_code == 200 and "cl" in (popup.context or {}):
        report.pages += 1
        shown = set(popup.context["cl"].queryset.values_list("pk", flat=True))
        if shown & bad:
            report.leak(
                f"raw-id lookup for {source._meta.label}.{db_field.name} "
                f"lists {sorted(shown & bad)[:5]}"
            )
    # The autocomplete behind an autocomplete field, page by page.
    if not site._registry[target].search_fields:
        return  # no autocomplete without search fields (Django answers 404)
    autocomplete = reverse(f"{site.name}:autocomplete")
    params = {
        "app_label": source._meta.app_label,
        "model_name": source._meta.model_name,
        "field_name": db_field.name,
        "term": "",
    }
    for number in range(1, 20):
        answer = client.get(autocomplete, {**params, "page": number})
        if answer.status_code != 200:
            return
        body = answer.json()
        ids = {r["id"] for r in body["results"]}
        leaked = ids & {str(pk) for pk in bad}
        if leaked:
            report.leak(
                f"autocomplete for {source._meta.label}.{db_field.name} offers {sorted(leaked)[:5]}"
            )
            return
        if not body["pagination"]["more"]:
            return
