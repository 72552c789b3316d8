"""Certificate routes: applying and following an application (application_urls); the issued
certificates: download, revoke, correct (document_urls); the clerks' queue and bulk actions
(staff_urls)."""

from django.urls import include, path

# staff_urls first: its fixed paths (e.g. .../bulk-action/) must win over numbered ones.
urlpatterns = [
    path("", include("services.certificates.urls.staff")),
    path("", include("services.certificates.urls.applications")),
    path("", include("services.certificates.urls.documents")),
]
