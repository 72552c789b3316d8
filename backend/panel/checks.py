"""The panel's system check: an admin that forgot the scoped base, an inline that forgot the
scoped inline base, or a model the panel shows with no tenancy path, is an error at
`manage.py check` (and so at every test run and deploy), not a leak found later."""

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.core.checks import Error

from backend.panel.base import ScopedInline, TenantScopedAdmin
from backend.panel.tenancy import tenancy_of


def unscoped(site: admin.AdminSite) -> list[str]:
    """What on `site` is not scoped by construction, one sentence each."""
    problems: list[str] = []
    for model, model_admin in site._registry.items():
        name = f"{type(model_admin).__qualname__} ({model._meta.label})"
        if not isinstance(model_admin, TenantScopedAdmin):
            problems.append(f"{name} does not inherit backend.panel.base.TenantScopedAdmin.")
        if tenancy_of(model) is None:
            problems.append(f"{model._meta.label} has no tenancy path (declare_tenancy).")
        for inline in getattr(model_admin, "inlines", ()):
            if not (isinstance(inline, type) and issubclass(inline, InlineModelAdmin)):
                continue
            if not issubclass(inline, ScopedInline):
                problems.append(
                    f"{inline.__qualname__} (inline of {name}) does not inherit "
                    "backend.panel.base.ScopedInline or ReadOnlyInline."
                )
            if tenancy_of(inline.model) is None:
                problems.append(
                    f"{inline.model._meta.label} has no tenancy path (declare_tenancy)."
                )
    return problems


def check_panel_scoping(app_configs=None, **kwargs) -> list[Error]:
    return [Error(problem, id="panel.E001") for problem in unscoped(admin.site)]
