"""The clerk panel's API: the certificate queue and bulk actions (mounted under /api/v1/)."""

from django.urls import path

from services.certificates.api import staff as staff_api

urlpatterns = [
    path(
        "staff/certificate-queue/",
        staff_api.CertificateQueue.as_view(),
        name="staff-certificate-queue",
    ),
    path(
        "staff/certificate-applications/bulk-action/",
        staff_api.BulkAction.as_view(),
        name="staff-certificate-bulk-action",
    ),
]
