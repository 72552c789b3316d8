"""Applying for certificates and following applications (application_api.py).

Application numbers are upper case (NAT-CA-2026-27-000001), so a lower-case word beside them
(the clerk panel's staff/certificate-applications/bulk-action/) is never taken for a number."""

from django.urls import path, re_path

from services.certificates import application_api as views

NUMBER = r"(?P<number>[A-Z0-9][A-Z0-9-]{0,39})"

urlpatterns = [
    path("certificate-types/", views.CertificateTypes.as_view(), name="certificate-types"),
    path(
        "me/certificate-applications/",
        views.MyCertificateApplications.as_view(),
        name="certificate-my-applications",
    ),
    re_path(
        rf"^me/certificate-applications/{NUMBER}/$",
        views.MyCertificateApplication.as_view(),
        name="certificate-my-application",
    ),
    re_path(
        rf"^me/certificate-applications/{NUMBER}/resubmit/$",
        views.ResubmitCertificateApplication.as_view(),
        name="certificate-resubmit",
    ),
    re_path(
        rf"^staff/certificate-applications/{NUMBER}/$",
        views.StaffCertificateApplication.as_view(),
        name="certificate-staff-application",
    ),
    re_path(
        rf"^staff/certificate-applications/{NUMBER}/attachments/(?P<upload_id>[0-9a-f-]{{36}})/$",
        views.StaffCertificateAttachment.as_view(),
        name="certificate-staff-attachment",
    ),
]
