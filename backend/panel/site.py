"""The panel's admin site: Django's, except that an admin registered by a third-party app (Django's
groups, the token blacklist, django-axes' lockouts), which asks Django's per-model permission
flags, is adopted into the scoped base as a superuser-only page. Our own apps' admins are not
adopted: forgetting the base there is an error (backend/panel/checks.py), not a silent fix."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db.models.base import ModelBase

PROJECT_PACKAGES = ("backend.", "services.", "tests.")


def is_project_code(cls: type) -> bool:
    return cls.__module__.startswith(PROJECT_PACKAGES)


class PanelAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        from backend.panel.base import TenantScopedAdmin
        from backend.panel.tenancy import declare_national, tenancy_of

        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, TenantScopedAdmin) and not is_project_code(admin_class):
            models = (
                [model_or_iterable]
                if isinstance(model_or_iterable, ModelBase)
                else model_or_iterable
            )
            for model in models:
                if tenancy_of(model) is None:
                    declare_national(model)
            admin_class = type(
                admin_class.__name__,
                (TenantScopedAdmin, admin_class),
                {"__module__": __name__, "allow_delete": True},  # roles: none, superusers only
            )
        return super().register(model_or_iterable, admin_class, **options)


class PanelAdminConfig(AdminConfig):
    """Listed in INSTALLED_APPS in place of django.contrib.admin (same app, our default site)."""

    default_site = "backend.panel.site.PanelAdminSite"
