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

from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import AppError, NotFound
from backend.common.pagination import Pagination
from backend.common.text import Text
from backend.identity.acting import acting_citizen
from backend.identity.permissions import IsCitizen
from backend.municipality.models import Pourashava
from backend.workflow.definitions import workflow_for
from backend.workflow.selectors import history_of
from backend.workflow.services import available_actions
from services.certificates import applications, selectors
from services.certificates.models import CERTIFICATE_DOCUMENT, CertificateApplication

POURASHAVA_REQUIRED = Text(
    en="Give the pourashava's code, e.g. ?pourashava=NAT.",
    bn="পৌরসভার কোড দিন, যেমন ?pourashava=NAT।",
)
POURASHAVA_NOT_FOUND = Text(en="No such pourashava.", bn="এমন কোনো পৌরসভা নেই।")
APPLICATION_NOT_FOUND = applications.APPLICATION_NOT_FOUND
ATTACHMENT_NOT_FOUND = Text(en="No such document.", bn="এমন কোনো কাগজ নেই।")

CERTIFICATE_PDF_URL = "/api/v1/me/certificates/{number}/pdf"  # served by document_api.py
OWN_UPLOAD_URL = "/api/v1/me/uploads/{id}/"  # the uploads app serves its owner
STAFF_ATTACHMENT_URL = "/api/v1/staff/certificate-applications/{number}/attachments/{id}/"


def _language(request) -> str:
    return "bn" if (getattr(request, "LANGUAGE_CODE", "") or "").startswith("bn") else "en"


def _in(language: str, obj, stem: str, source: dict | None = None) -> str:
    """`stem`_bn or `stem`_en of `obj` (or of dict `source`), in `language`, else the other."""
    get = (
        (lambda key: source.get(key, ""))
        if source is not None
        else (lambda key: getattr(obj, key, ""))
    )
    other = "en" if language == "bn" else "bn"
    return get(f"{stem}_{language}") or get(f"{stem}_{other}") or ""


def _money(value) -> str:
    return f"{value:.2f}"


# --- certificate types ----------------------------------------------------------------------


def type_out(certificate_type, language: str) -> dict:
    return {
        "code": certificate_type.code,
        "name": _in(language, certificate_type, "name"),
        "name_en": certificate_type.name_en,
        "name_bn": certificate_type.name_bn,
        "fee_bn": _money(certificate_type.fee_bn),
        "fee_en": _money(certificate_type.fee_en),
        "sla_days": certificate_type.sla_days,
        "validity_days": certificate_type.validity_days,
        "lists_heirs": certificate_type.lists_heirs,
        "form_fields": [
            {
                "code": f["code"],
                "label": _in(language, None, "label", f),
                "type": f.get("type", "text"),
                "required": bool(f.get("required")),
                "choices": f.get("choices", []),
            }
            for f in certificate_type.form_fields
        ],
        "required_documents": [
            {
                "code": d["code"],
                "label": _in(language, None, "label", d),
                "required": bool(d.get("required")),
            }
            for d in certificate_type.required_documents
        ],
        "upload_purpose": CERTIFICATE_DOCUMENT.code,
    }


class CertificateTypes(APIView):
    """The certificates a pourashava issues, with their forms, documents, fees and SLA."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # public: a stale token must not turn it into a 401

    @extend_schema(
        tags=["certificates"],
        parameters=[OpenApiParameter("pourashava", str, required=True)],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request) -> Response:
        code = (request.query_params.get("pourashava") or "").strip()
        if not code:
            raise AppError("pourashava_required", POURASHAVA_REQUIRED)
        if not Pourashava.objects.filter(code=code.upper()).exists():
            raise NotFound("pourashava_not_found", POURASHAVA_NOT_FOUND)
        language = _language(request)
        return Response({"results": [type_out(t, language) for t in selectors.active_types(code)]})


# --- applications ------------------------------------------------------------------------------


def _person(obj, *, with_parents: bool = True) -> dict:
    out = {
        "name_en": obj.name_en,
        "name_bn": obj.name_bn,
        "nid": obj.nid,
        "birth_registration_number": obj.birth_registration_number,
    }
    if with_parents:
        for key in ("father_name", "mother_name", "spouse_name"):
            out[f"{key}_en"] = getattr(obj, f"{key}_en")
            out[f"{key}_bn"] = getattr(obj, f"{key}_bn")
    return out


def _fee_out(detail: CertificateApplication) -> dict:
    demand = detail.fee_demand
    out = {
        "amount": _money(detail.fee),
        "paid_at": detail.paid_at,
        "demand_id": demand.pk if demand else None,
        "demand_status": demand.status if demand else None,
        "due_date": demand.due_date if demand else None,
    }
    if demand is not None and detail.paid_at is None:
        # How to pay: make a bill of this demand, then pay the bill online.
        out["pay"] = {
            "bill": {
                "method": "POST",
                "url": "/api/v1/bills/",
                "body": {"demand_ids": [demand.pk]},
            },
            "payment": {"method": "POST", "url": "/api/v1/payments/", "body": ["bill", "gateway"]},
        }
    return out


def _certificate_out(detail: CertificateApplication) -> dict | None:
    document = detail.certificate
    if document is None:
        return None
    return {
        "number": document.number,
        "language": document.language,
        "issued_at": document.issued_at,
        "status": document.status,
        "download_url": CERTIFICATE_PDF_URL.format(number=document.number),
    }


def application_out(detail: CertificateApplication, language: str, *, staff: bool = False) -> dict:
    application = detail.application
    definition = workflow_for(application.kind)
    state = definition.state(application.state)
    now = timezone.now()
    deceased = getattr(detail, "deceased", None)
    return {
        "number": application.number,
        "pourashava": {
            "code": detail.pourashava.code,
            "name": _in(language, detail.pourashava, "name"),
        },
        "ward": detail.ward.number,
        "mahalla": detail.mahalla_id,
        "type": {
            "code": detail.certificate_type.code,
            "name": _in(language, detail.certificate_type, "name"),
        },
        "language": detail.language,
        "relation": detail.relation,
        "state": application.state,
        "state_label": state.label.render(language),
        "waits_on": sorted(state.waits_on),
        "submitted_at": application.submitted_at,
        "state_due_at": application.due_at,
        "due_by": detail.due_by,
        "late": bool(
            not state.terminal
            and (
                (application.due_at and application.due_at < now)
                or (detail.due_by and detail.due_by < now)
            )
        ),
        "closed_at": application.closed_at,
        "subject": {
            **_person(detail),
            "date_of_birth": detail.date_of_birth,
            "address_en": detail.address_en,
            "address_bn": detail.address_bn,
        },
        "answers": detail.answers,
        "fee": _fee_out(detail),
        "deceased": None
        if deceased is None
        else {
            **_person(deceased, with_parents=False),
            "father_or_husband_name_en": deceased.father_or_husband_name_en,
            "father_or_husband_name_bn": deceased.father_or_husband_name_bn,
            "date_of_death": deceased.date_of_death,
            "death_registration_number": deceased.death_registration_number,
        },
        "heirs": [
            {
                "position": heir.position,
                **_person(heir, with_parents=False),
                "relation": heir.relation,
                "date_of_birth": heir.date_of_birth,
                "age_years": heir.age_years,
            }
            for heir in detail.heirs.all()
        ],
        "attachments": [
            {
                "document_code": a.document_code,
                "upload": str(a.upload.public_id),
                "name": a.upload.original_name,
                "content_type": a.upload.content_type,
                "size": a.upload.size,
                "url": (STAFF_ATTACHMENT_URL if staff else OWN_UPLOAD_URL).format(
                    number=application.number, id=a.upload.public_id
                ),
            }
            for a in detail.attachments.all()
        ],
        "certificate": _certificate_out(detail),
    }


def _history(application, *, with_actor: bool) -> list[dict]:
    rows = []
    for log in history_of(application):
        row = {
            "action": log.action,
            "from_state": log.from_state,
            "to_state": log.to_state,
            "comment": log.comment,
            "at": log.at,
        }
        if with_actor:
            row.update(actor=log.actor.full_name or log.actor.username, actor_role=log.actor_role)
        rows.append(row)
    return rows


def _actions(request, application) -> list[dict]:
    return [
        {"action": t.action, "label": t.label.render(), "needs_comment": t.needs_comment}
        for t in available_actions(application=application, actor=request.user, request=request)
    ]


class MyCertificateApplications(APIView):
    permission_classes = [IsCitizen]

    @extend_schema(tags=["certificates"], responses={200: OpenApiTypes.OBJECT})
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
        responses={201: OpenApiTypes.OBJECT},
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
        raise AppError("invalid", applications.SHAPE_INVALID)
    return request.data


def _mine(request, number: str) -> CertificateApplication:
    detail = selectors.application_of_citizen(acting_citizen(request), number)
    if detail is None:
        raise NotFound("application_not_found", APPLICATION_NOT_FOUND)
    return detail


class MyCertificateApplication(APIView):
    permission_classes = [IsCitizen]

    @extend_schema(tags=["certificates"], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, number: str) -> Response:
        detail = _mine(request, number)
        out = application_out(detail, _language(request))
        out["history"] = _history(detail.application, with_actor=False)
        out["actions"] = _actions(request, detail.application)
        return Response(out)


class ResubmitCertificateApplication(APIView):
    """Correct a returned application: any field of the application form (answers and
    documents are merged by code; heirs, when given, replace the list), and an optional
    `comment`. It goes back to the ward councillor."""

    permission_classes = [IsCitizen]

    @extend_schema(
        tags=["certificates"], request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT}
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

    @extend_schema(tags=["certificates"], responses={200: OpenApiTypes.OBJECT})
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
        out["history"] = _history(detail.application, with_actor=True)
        out["actions"] = _actions(request, detail.application)
        return Response(out)


class _AnyAccept(BaseContentNegotiation):
    """The file goes out whatever the viewer's Accept says (image/*, application/pdf); errors
    are still JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class StaffCertificateAttachment(APIView):
    """A document handed in with an application, to staff who may see the application."""

    permission_classes = [IsAuthenticated]
    content_negotiation_class = _AnyAccept

    @extend_schema(
        tags=["certificates"], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}
    )
    def get(self, request, number: str, upload_id: str) -> FileResponse:
        detail = selectors.application_for_staff(request.user, number)
        attachment = (
            next(
                (a for a in detail.attachments.all() if str(a.upload.public_id) == upload_id), None
            )
            if detail is not None
            else None
        )
        if attachment is None:
            raise NotFound("attachment_not_found", ATTACHMENT_NOT_FOUND)
        upload = attachment.upload
        response = FileResponse(upload.file.open("rb"), content_type=upload.content_type)
        response["Content-Disposition"] = f'inline; filename="{upload.original_name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
