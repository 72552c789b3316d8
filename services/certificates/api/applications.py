"""Applying for certificates and following an application.

GET  /api/v1/certificate-types/?pourashava=NAT               the certificates a pourashava
                                                             issues (public, request language)
GET  /api/v1/me/certificate-applications/                    my applications
POST /api/v1/me/certificate-applications/                    apply (services/certificates/
                                                             applications.py documents the body)
GET  /api/v1/me/certificate-applications/<number>/           one of mine: state, fee and how to
                                                             pay it, heirs, documents, and the
                                                             certificate once issued
POST /api/v1/me/certificate-applications/<number>/resubmit/  correct a returned application
GET  /api/v1/staff/certificate-applications/<number>/        the same for staff in scope
                                                             (councillor: own ward; officer:
                                                             own pourashava), with the history
GET  /api/v1/staff/certificate-applications/<number>/attachments/<upload id>/
                                                             a document handed in with it

"Me" is `acting_citizen(request)`: a UDC operator in a confirmed assisted session applies for
the citizen and the write is recorded as an assisted action. Staff move applications through
the workflow's generic /api/v1/applications/<number>/actions/. Someone else's application, or
one outside a staff member's scope, is a 404.
"""

from uuid import UUID

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import AppError, NotFound
from backend.common.pagination import Pagination
from backend.common.text import Text
from backend.identity.acting import acting_citizen
from backend.identity.api.auth import ErrorSerializer
from backend.identity.permissions import IsCitizen
from backend.municipality.models import Pourashava
from backend.uploads.serving import AnyAccept, upload_response
from services.certificates import selectors
from services.certificates.api import schemas as sc
from services.certificates.api.examples import APPLY_EXAMPLES
from services.certificates.api.output import (
    actions_out,
    application_out,
    history_out,
    type_out,
)
from services.certificates.checks.input import SHAPE_INVALID
from services.certificates.models import CertificateApplication
from services.certificates.services import applications

POURASHAVA_REQUIRED = Text(
    en="Give the pourashava's code, e.g. ?pourashava=NAT.",
    bn="পৌরসভার কোড দিন, যেমন ?pourashava=NAT।",
)
POURASHAVA_NOT_FOUND = Text(en="No such pourashava.", bn="এমন কোনো পৌরসভা নেই।")
APPLICATION_NOT_FOUND = applications.APPLICATION_NOT_FOUND
ATTACHMENT_NOT_FOUND = Text(en="No such document.", bn="এমন কোনো কাগজ নেই।")


def _language(request) -> str:
    return "bn" if (getattr(request, "LANGUAGE_CODE", "") or "").startswith("bn") else "en"


class CertificateTypes(APIView):
    """The certificates a pourashava issues, with their forms, documents, fees and SLA."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # public: a stale token must not turn it into a 401

    @extend_schema(
        tags=["certificates"],
        parameters=[OpenApiParameter("pourashava", str, required=True)],
        responses={200: sc.CertificateTypesOut, 404: ErrorSerializer},
    )
    def get(self, request) -> Response:
        code = (request.query_params.get("pourashava") or "").strip()
        if not code:
            raise AppError("pourashava_required", POURASHAVA_REQUIRED)
        if not Pourashava.objects.filter(code=code.upper()).exists():
            raise NotFound("pourashava_not_found", POURASHAVA_NOT_FOUND)
        language = _language(request)
        return Response({"results": [type_out(t, language) for t in selectors.active_types(code)]})


class MyCertificateApplications(APIView):
    """Your certificate applications. GET: newest first, paginated. POST: apply for a
    certificate of a type from /certificate-types/, with the form's fields and your uploaded
    documents."""

    permission_classes = [IsCitizen]

    @extend_schema(
        tags=["certificates"],
        operation_id="v1_me_certificate_applications_list",
        summary="Your certificate applications, newest first (paginated)",
        parameters=[OpenApiParameter("page", int, required=False)],
        responses={200: sc.CertificateApplicationPage},
    )
    def get(self, request) -> Response:
        language = _language(request)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.applications_of(acting_citizen(request)), request, view=self
        )
        return paginator.get_paginated_response([application_out(d, language) for d in page])

    @extend_schema(
        tags=["certificates"],
        request=OpenApiTypes.OBJECT,
        responses={201: sc.CertificateApplicationOut, 400: ErrorSerializer},
        examples=APPLY_EXAMPLES,
    )
    def post(self, request) -> Response:
        citizen = acting_citizen(request)
        detail = applications.apply(
            citizen=citizen, actor=request.user, data=_body(request), request=request
        )
        detail = selectors.application_of_citizen(citizen, detail.application.number)
        return Response(application_out(detail, _language(request)), status=status.HTTP_201_CREATED)


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise AppError("invalid", SHAPE_INVALID)
    return request.data


def _mine(request, number: str) -> CertificateApplication:
    detail = selectors.application_of_citizen(acting_citizen(request), number)
    if detail is None:
        raise NotFound("application_not_found", APPLICATION_NOT_FOUND)
    return detail


class MyCertificateApplication(APIView):
    """One of your certificate applications: its state, what the councillor or clerk asked for,
    and the certificate when issued."""

    permission_classes = [IsCitizen]

    @extend_schema(tags=["certificates"], responses={200: sc.CertificateApplicationDetailOut})
    def get(self, request, number: str) -> Response:
        detail = _mine(request, number)
        out = application_out(detail, _language(request))
        out["history"] = history_out(detail.application, with_actor=False)
        out["actions"] = actions_out(request, detail.application)
        return Response(out)


class ResubmitCertificateApplication(APIView):
    """Correct a returned application: any field of the application form (answers and
    documents are merged by code; heirs, when given, replace the list), and an optional
    `comment`. It goes back to the ward councillor."""

    permission_classes = [IsCitizen]

    @extend_schema(
        tags=["certificates"],
        request=OpenApiTypes.OBJECT,
        responses={200: sc.CertificateApplicationOut},
    )
    def post(self, request, number: str) -> Response:
        citizen = acting_citizen(request)
        corrections = dict(_body(request))
        comment = str(corrections.pop("comment", "") or "")[:2000]
        applications.resubmit(
            citizen=citizen,
            actor=request.user,
            number=number,
            corrections=corrections,
            comment=comment,
            request=request,
        )
        return Response(application_out(_mine(request, number), _language(request)))


class StaffCertificateApplication(APIView):
    """An application with everything a councillor or officer needs to decide, the history,
    and the actions the caller may take now."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["certificates"], responses={200: sc.StaffCertificateApplicationOut})
    def get(self, request, number: str) -> Response:
        detail = selectors.application_for_staff(request.user, number)
        if detail is None:
            raise NotFound("application_not_found", APPLICATION_NOT_FOUND)
        out = application_out(detail, _language(request), staff=True)
        applicant = detail.application.applicant
        out["applicant"] = {
            "name_en": applicant.name_en,
            "name_bn": applicant.name_bn,
            "mobile": applicant.mobile,
        }
        out["history"] = history_out(detail.application, with_actor=True)
        out["actions"] = actions_out(request, detail.application)
        return Response(out)


class StaffCertificateAttachment(APIView):
    """A document handed in with an application, to staff who may see the application."""

    permission_classes = [IsAuthenticated]
    content_negotiation_class = AnyAccept

    @extend_schema(
        tags=["certificates"], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}
    )
    def get(self, request, number: str, upload_id: UUID) -> FileResponse:
        detail = selectors.application_for_staff(request.user, number)
        attachment = (
            detail.attachments.filter(upload__public_id=upload_id).select_related("upload").first()
            if detail is not None
            else None
        )
        if attachment is None:
            raise NotFound("attachment_not_found", ATTACHMENT_NOT_FOUND)
        return upload_response(attachment.upload)
