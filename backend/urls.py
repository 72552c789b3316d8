"""URL roots. Each app owns its routes in its own `urls.py`; this file only mounts them."""

from importlib.util import find_spec

from django.apps import apps
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from backend.common.health import healthz, readyz
from backend.panel.views import switch_language

api_v1 = [
    # Verification first: every QR scan calls it, and Django tries the patterns in order (it
    # was the 42nd, about 0.1 ms of matching). No other API route can match `verify/...`
    # (tests/backend/documents/test_api_routes.py), so the order changes no route.
    path("", include("backend.documents.api_urls")),
    path("", include("backend.identity.urls")),
    path("", include("backend.municipality.urls")),
    path("", include("backend.workflow.urls")),
    path("", include("backend.payments.urls")),
    path("", include("backend.uploads.urls")),
    path("", include("backend.sharing.api.urls_me")),  # who looked at my records; my consents
]


def _service_routes() -> list:
    """Services plug their API in by having a `urls` module; the platform never names them."""
    return [
        path("", include(f"{app.name}.urls"))
        for app in apps.get_app_configs()
        if app.name.startswith("services.") and find_spec(f"{app.name}.urls")
    ]


api_v1 += _service_routes()

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v1/", include(api_v1)),
    path("verify/", include("backend.documents.urls")),  # public verification page (QR target)
    path("operator/", include("backend.operator_console.urls")),  # the UDC and 333 console
    path("monitor/", include("backend.monitor.urls")),  # the ministry's revenue monitor
    path("tenders/", include("services.estate_leases.public_urls")),  # public lease notices
    path("api/gov/v1/", include("backend.sharing.urls")),  # agencies (OAuth2 client credentials)
    path("sandbox/", include("backend.payments.sandboxes.urls")),  # gateway sandboxes, if enabled
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"),
        name="redoc",
    ),
    path("admin/language/", switch_language, name="panel-language"),  # the header's switch
    path("admin/", admin.site.urls),
]

admin.site.site_header = _("Pourashava services")
admin.site.site_title = _("Pourashava services")
admin.site.index_title = _("Clerk panel")
