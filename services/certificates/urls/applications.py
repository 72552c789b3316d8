"""Applying for certificates and following applications (application_api.py). The clerk
panel's fixed paths beside these (staff/certificate-applications/bulk-action/) are mounted
first in urls.py, so they are never taken for an application number."""

from django.urls import path

from services.certificates.api import applications as views

urlpatterns = [
    path("certificate-types/", views.CertificateTypes.as_view(), name="certificate-types"),
    path(
        "me/certificate-applications/",
        views.MyCertificateApplications.as_view(),
        name="certificate-my-applications",
    ),
    path(
        "me/certificate-applications/<str:number>/",
        views.MyCertificateApplication.as_view(),
        name="certificate-my-application",
    ),
    path(
        "me/certificate-applications/<str:number>/resubmit/",
        views.ResubmitCertificateApplication.as_view(),
        name="certificate-resubmit",
    ),
    path(
        "staff/certificate-applications/<str:number>/",
        views.StaffCertificateApplication.as_view(),
        name="certificate-staff-application",
    ),
    path(
        "staff/certificate-applications/<str:number>/attachments/<uuid:upload_id>/",
        views.StaffCertificateAttachment.as_view(),
        name="certificate-staff-attachment",
    ),
]
