"""The citizen's trade-licence API (mounted under /api/v1/):

GET  trade/categories/?pourashava=NAT              the categories and their fee basis (public)
POST trade/quote/                                  an itemised quote, nothing written (public)
GET  me/trade-licences/                            my licences
GET  me/trade-licences/<no>/                       one of mine
GET  me/trade-licences/<no>/pdf                    the licence document
POST me/trade-licences/<no>/renew/                 {years, changes?}: the open renewal if any
POST me/trade-licences/<no>/transfer/              {new_owner_mobile}
POST me/trade-licences/<no>/cancel/                {reason}
POST me/trade-licences/<no>/duplicate/
GET  me/trade-applications/  POST: apply for a new licence (services/applying.py: the body)
GET  me/trade-applications/<number>/
POST me/trade-transfers/<number>/consent/          {code}: the new owner consents

"Me" is `acting_citizen(request)` (an operator in an assisted session acts for the citizen).
Someone else's licence or application is a 404.
"""

from decimal import Decimal, InvalidOperation

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.errors import AppError, NotFound
from backend.documents.models import DocumentStatus, IssuedDocument
from backend.documents.services import ensure_pdf
from backend.identity.acting import acting_citizen
from backend.identity.api.auth import ErrorSerializer
from backend.identity.permissions import IsCitizen
from backend.municipality.fiscal_year import FiscalYear
from backend.uploads.serving import AnyAccept
from services.trade_license import messages as m
from services.trade_license import rates_cache, selectors
from services.trade_license.api.output import application_out, licence_out
from services.trade_license.models import BusinessCategory
from services.trade_license.printing import DOCUMENT_KIND
from services.trade_license.quote import QuoteInput, quote
from services.trade_license.services import applying, renewing
from services.trade_license.services.applying import pourashava_of
from services.trade_license.services.quoting import measure_of, quote_out

TAGS = ["trade licence"]


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise AppError("invalid", m.BAD_INPUT, params={"detail": "the body is a JSON object"})
    return request.data


def _decimal(data: dict, key: str) -> Decimal | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise AppError(
            "invalid", m.BAD_INPUT, params={"detail": f"{key} is not a number"}
        ) from None


def _int(data: dict, key: str, default: int) -> int:
    try:
        return int(data.get(key, default))
    except (TypeError, ValueError):
        return 0


class Categories(APIView):
    """The pourashava's business categories with this fiscal year's fees."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("pourashava", str, required=True)],
        responses={200: OpenApiTypes.OBJECT, 404: ErrorSerializer},
    )
    def get(self, request) -> Response:
        pourashava = pourashava_of({"pourashava": request.query_params.get("pourashava")})
        rows = BusinessCategory.objects.filter(pourashava=pourashava, is_active=True)
        return Response(
            {
                "results": [
                    {
                        "code": c.code,
                        "name_en": c.name_en,
                        "name_bn": c.name_bn,
                        "fee_basis": c.fee_basis,
                        "requires_inspection": c.requires_inspection,
                    }
                    for c in rows.order_by("code")
                ]
            }
        )


class Quote(APIView):
    """An itemised quote (fee, signboard, VAT, source tax, surcharge, arrears) at the current
    fiscal year's rates. Body: pourashava, category, kind (new|renewal), years (1-5), capital or
    area (by the category's basis), signboard_sqft, illuminated, arrears_years (renewal: unpaid
    years before this one, 0-5). Writes nothing."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        tags=TAGS,
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, 400: ErrorSerializer},
    )
    def post(self, request) -> Response:
        data = _body(request)
        pourashava = pourashava_of(data)
        today = timezone.localdate()
        current = FiscalYear.of(today)
        category, rates = rates_cache.rates_for(
            pourashava, str(data.get("category") or "").strip(), current
        )
        arrears = max(0, min(_int(data, "arrears_years", 0), 5))
        the_quote = quote(
            rates,
            QuoteInput(
                kind=str(data.get("kind") or "new"),
                years=_int(data, "years", 1),
                as_of=today,
                measure=measure_of(category, _decimal(data, "capital"), _decimal(data, "area")),
                signboard_sqft=_decimal(data, "signboard_sqft") or Decimal(0),
                illuminated=bool(data.get("illuminated")),
                first_unpaid=FiscalYear(current.start_year - arrears),
            ),
        )
        return Response(quote_out(the_quote))


class MyLicences(APIView):
    """My trade licences, with their validity and status."""

    permission_classes = [IsCitizen]

    @extend_schema(
        tags=TAGS, operation_id="v1_me_trade_licences_list", responses={200: OpenApiTypes.OBJECT}
    )
    def get(self, request) -> Response:
        licences = selectors.licences_of(acting_citizen(request))
        return Response({"results": [licence_out(lic) for lic in licences]})


def _mine(request, licence_no: str):
    licence = selectors.licence_of(acting_citizen(request), licence_no)
    if licence is None:
        raise NotFound("licence_not_found", m.LICENCE_NOT_FOUND)
    return licence


class MyLicence(APIView):
    """One of my trade licences, with its owners, premises and validity."""

    permission_classes = [IsCitizen]

    @extend_schema(tags=TAGS, responses={200: OpenApiTypes.OBJECT, 404: ErrorSerializer})
    def get(self, request, licence_no: str) -> Response:
        return Response(licence_out(_mine(request, licence_no)))


class MyLicencePdf(APIView):
    """The current licence document (the newest valid one) as a PDF."""

    permission_classes = [IsCitizen]
    content_negotiation_class = AnyAccept

    @extend_schema(tags=TAGS, responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, licence_no: str) -> HttpResponse:
        licence = _mine(request, licence_no)
        document = (
            IssuedDocument.objects.filter(
                pourashava=licence.pourashava,
                kind=DOCUMENT_KIND,
                fields__licence_no=licence.licence_no,
                status=DocumentStatus.VALID,
            )
            .order_by("-issued_at")
            .first()
        )
        if document is None:
            raise NotFound("licence_not_found", m.LICENCE_NOT_ISSUED)
        response = HttpResponse(ensure_pdf(document=document), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{licence.licence_no}.pdf"'
        return response


class Renew(APIView):
    """Renew: {years (1-5), changes?}. Without changes it goes straight to payment; asking
    again for the same year returns the open application (200) instead of a second one (201)."""

    permission_classes = [IsCitizen]

    @extend_schema(
        tags=TAGS,
        request=OpenApiTypes.OBJECT,
        responses={201: OpenApiTypes.OBJECT, 200: OpenApiTypes.OBJECT, 409: ErrorSerializer},
    )
    def post(self, request, licence_no: str) -> Response:
        detail, created = renewing.renew(
            citizen=acting_citizen(request),
            actor=request.user,
            licence_no=licence_no,
            data=_body(request),
            request=request,
        )
        detail = selectors.application_of(acting_citizen(request), detail.application.number)
        return Response(
            application_out(detail),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class Transfer(APIView):
    """Transfer my trade licence to a new owner, who consents with the code sent to them."""

    permission_classes = [IsCitizen]

    @extend_schema(tags=TAGS, request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, licence_no: str) -> Response:
        detail = renewing.transfer(
            citizen=acting_citizen(request),
            actor=request.user,
            licence_no=licence_no,
            new_owner_mobile=str(_body(request).get("new_owner_mobile") or ""),
            request=request,
        )
        return Response(application_out(detail), status=status.HTTP_201_CREATED)


class Cancel(APIView):
    """Ask to cancel my trade licence (the holder's own cancellation)."""

    permission_classes = [IsCitizen]

    @extend_schema(tags=TAGS, request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, licence_no: str) -> Response:
        detail = renewing.request_cancellation(
            citizen=acting_citizen(request),
            actor=request.user,
            licence_no=licence_no,
            reason=str(_body(request).get("reason") or ""),
            request=request,
        )
        return Response(application_out(detail), status=status.HTTP_201_CREATED)


class Duplicate(APIView):
    """Apply for a duplicate copy of my trade licence."""

    permission_classes = [IsCitizen]

    @extend_schema(tags=TAGS, request=None, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, licence_no: str) -> Response:
        detail = renewing.duplicate(
            citizen=acting_citizen(request),
            actor=request.user,
            licence_no=licence_no,
            request=request,
        )
        detail = selectors.application_of(acting_citizen(request), detail.application.number)
        return Response(application_out(detail), status=status.HTTP_201_CREATED)


class MyApplications(APIView):
    """My trade-licence applications (newest first), or apply for a new licence."""

    permission_classes = [IsCitizen]

    @extend_schema(
        tags=TAGS,
        operation_id="v1_me_trade_applications_list",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request) -> Response:
        rows = selectors.applications_of(acting_citizen(request))[:100]
        return Response({"results": [application_out(d) for d in rows]})

    @extend_schema(
        tags=TAGS,
        request=OpenApiTypes.OBJECT,
        responses={201: OpenApiTypes.OBJECT, 400: ErrorSerializer},
    )
    def post(self, request) -> Response:
        citizen = acting_citizen(request)
        detail = applying.apply_new(
            citizen=citizen, actor=request.user, data=_body(request), request=request
        )
        detail = selectors.application_of(citizen, detail.application.number)
        return Response(application_out(detail), status=status.HTTP_201_CREATED)


class MyApplication(APIView):
    """One of my trade-licence applications, with its state and what it costs."""

    permission_classes = [IsCitizen]

    @extend_schema(tags=TAGS, responses={200: OpenApiTypes.OBJECT, 404: ErrorSerializer})
    def get(self, request, number: str) -> Response:
        detail = selectors.application_of(acting_citizen(request), number)
        if detail is None:
            raise NotFound("application_not_found", m.APPLICATION_NOT_FOUND)
        return Response(application_out(detail))


class Consent(APIView):
    """The new owner of a transfer gives the code they received by SMS."""

    permission_classes = [IsCitizen]

    @extend_schema(tags=TAGS, request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, number: str) -> Response:
        detail = renewing.consent(
            citizen=acting_citizen(request),
            actor=request.user,
            number=number,
            code=str(_body(request).get("code") or ""),
            request=request,
        )
        detail.application.refresh_from_db()
        return Response(application_out(detail))
