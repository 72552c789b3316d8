"""Issued certificates over the API: the holder's list and PDF (also for an operator acting for
them), and the pourashava's revoke and correct. Someone else's certificate is a 404, never data.
"""

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import Conflict, NotFound
from backend.common.text import Text
from backend.documents.models import DocumentStatus, IssuedDocument
from backend.documents.pdf import verify_url
from backend.documents.services import ensure_pdf
from backend.documents.verification import document_status
from backend.identity.acting import acting_citizen
from backend.identity.permissions import IsCitizen, StaffWithRole
from backend.municipality.scoping import restrict
from services.certificates.links import certificate_pdf_url
from services.certificates.models import CertificateApplication
from services.certificates.services.corrections import correct_certificate
from services.certificates.services.issuing import (
    KIND,
    STAFF_ROLES,
    application_of,
    revoke_certificate,
)

CERTIFICATE_NOT_FOUND = Text(en="No such certificate.", bn="এমন কোনো সনদ নেই।")
CERTIFICATE_REVOKED = Text(
    en="This certificate has been revoked and can no longer be downloaded.",
    bn="এই সনদটি বাতিল করা হয়েছে, তাই আর ডাউনলোড করা যাবে না।",
)
CERTIFICATE_SUPERSEDED = Text(
    en="This certificate was replaced by certificate {number}; download that one.",
    bn="এই সনদের বদলে {number} নম্বর সনদ দেওয়া হয়েছে; সেটি ডাউনলোড করুন।",
)


def certificate_out(document: IssuedDocument) -> dict:
    fields = document.fields or {}
    return {
        "number": document.number,
        "type": {
            "code": fields.get("type_code"),
            "name_en": fields.get("type_name_en"),
            "name_bn": fields.get("type_name_bn"),
        },
        "application": fields.get("application"),
        "language": document.language,
        "status": document_status(document),
        "issued_at": timezone.localtime(document.issued_at).isoformat(),
        "valid_until": document.valid_until.isoformat() if document.valid_until else None,
        "superseded_by": document.superseded_by.number if document.superseded_by_id else None,
        "download_url": certificate_pdf_url(document.number),
        "verify_url": verify_url(document.token),
    }


def _holders_certificates(request):
    return IssuedDocument.objects.filter(kind=KIND, holder=acting_citizen(request)).select_related(
        "superseded_by"
    )


class MyCertificates(APIView):
    """The certificates issued to me (or to the citizen I am assisting), newest first."""

    permission_classes = [IsCitizen]

    @extend_schema(responses={200: dict})
    def get(self, request) -> Response:
        return Response({"results": [certificate_out(d) for d in _holders_certificates(request)]})


class MyCertificatePdf(APIView):
    """The certificate's PDF, in the language it was asked for: stored after the first render,
    so a re-download is the same file."""

    permission_classes = [IsCitizen]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, number: str) -> HttpResponse:
        document = _holders_certificates(request).filter(number=number).first()
        if document is None:
            raise NotFound("certificate_not_found", CERTIFICATE_NOT_FOUND)
        if document.status == DocumentStatus.REVOKED:
            raise Conflict("certificate_revoked", CERTIFICATE_REVOKED)
        if document.status == DocumentStatus.SUPERSEDED:
            raise Conflict(
                "certificate_superseded",
                CERTIFICATE_SUPERSEDED,
                params={"number": document.superseded_by.number},
            )
        response = HttpResponse(ensure_pdf(document=document), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{document.number}.pdf"'
        return response


class _StaffCertificateAction(APIView):
    def get_permissions(self):
        return [StaffWithRole(STAFF_ROLES)]

    def certificate(self, request, number: str) -> IssuedDocument:
        """The certificate, if it is in a pourashava where the user is certificate staff."""
        documents = restrict(
            IssuedDocument.objects.filter(kind=KIND, number=number), request.user, roles=STAFF_ROLES
        )
        document = documents.first()
        if document is None:
            raise NotFound("certificate_not_found", CERTIFICATE_NOT_FOUND)
        return document


class RevokeInput(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class StaffRevokeCertificate(_StaffCertificateAction):
    """Revoke a certificate with the reason; its QR then reports revoked, with the reason."""

    @extend_schema(request=RevokeInput, responses={200: dict})
    def post(self, request, number: str) -> Response:
        data = RevokeInput(data=request.data)
        data.is_valid(raise_exception=True)
        document = revoke_certificate(
            self.certificate(request, number), data.validated_data["reason"], request.user
        )
        return Response(
            {
                "number": document.number,
                "status": document.status,
                "revoked_at": timezone.localtime(document.revoked_at).isoformat(),
                "reason": document.revoked_reason,
            }
        )


class CorrectInput(serializers.Serializer):
    changes = serializers.DictField(
        help_text="Particulars to correct: the subject's names, parents, spouse, nid, "
        "birth_registration_number, date_of_birth, address_en/bn; answers (merged); "
        "deceased {field: value}; heirs [the full corrected list]."
    )
    reason = serializers.CharField(max_length=1000)


class StaffCorrectCertificate(_StaffCertificateAction):
    """Correct the particulars and issue a new certificate (new number) that supersedes this
    one; the old one's QR then names the new one."""

    @extend_schema(request=CorrectInput, responses={201: dict})
    def post(self, request, number: str) -> Response:
        data = CorrectInput(data=request.data)
        data.is_valid(raise_exception=True)
        old = self.certificate(request, number)
        try:
            detail = application_of(old)
        except CertificateApplication.DoesNotExist:
            raise NotFound("certificate_not_found", CERTIFICATE_NOT_FOUND) from None
        document = correct_certificate(
            detail,
            data.validated_data["changes"],
            request.user,
            reason=data.validated_data["reason"],
            request=request,
            certificate=old,
        )
        return Response({**certificate_out(document), "supersedes": old.number}, status=201)
