"""Issued certificates: the holder's list and PDF, the pourashava's revoke and correct (mounted
under /api/v1/)."""

from django.urls import path

from services.certificates.api import documents as document_api

urlpatterns = [
    path("me/certificates/", document_api.MyCertificates.as_view(), name="my-certificates"),
    path(
        "me/certificates/<str:number>/pdf",
        document_api.MyCertificatePdf.as_view(),
        name="my-certificate-pdf",
    ),
    path(
        "staff/certificates/<str:number>/revoke/",
        document_api.StaffRevokeCertificate.as_view(),
        name="staff-certificate-revoke",
    ),
    path(
        "staff/certificates/<str:number>/correct/",
        document_api.StaffCorrectCertificate.as_view(),
        name="staff-certificate-correct",
    ),
]
