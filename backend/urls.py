"""URL roots. Each app owns its routes in its own `urls.py`; this file only mounts them."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from backend.common.health import healthz, readyz

api_v1 = [
    path("", include("backend.identity.urls")),
    path("", include("backend.municipality.urls")),
    path("", include("backend.payments.urls")),
    path("", include("backend.documents.api_urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v1/", include(api_v1)),
    path("verify/", include("backend.documents.urls")),  # public verification page (QR target)
    path("sandbox/", include("backend.payments.sandboxes.urls")),  # gateway sandboxes, if enabled
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Pourashava services / পৌরসভা সেবা"
admin.site.site_title = "Pourashava services"
admin.site.index_title = "Clerk panel"
