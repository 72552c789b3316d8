"""Objections: a citizen files one against their holding's assessment; the committee's decision
is recorded by the secretary or mayor; the assessment list is published by them too."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.identity.acting import acting_citizen
from backend.identity.assisted import record_assisted_action
from backend.identity.permissions import IsCitizen, StaffWithRole
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.municipality.scoping import restrict
from services.holding_tax.models import Assessment, ReviewCase
from services.holding_tax.services import reviews
from services.property.selectors import holdings_of


class ReviewInput(serializers.Serializer):
    grounds = serializers.CharField(max_length=4000)
    claimed_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )


class MyHoldingReviews(APIView):
    """Ask for a review of your holding's assessment (an objection to the published assessment
    list), with your reasons."""

    permission_classes = [IsCitizen]

    @extend_schema(request=ReviewInput, responses={201: dict})
    def post(self, request, holding_id: int) -> Response:
        holding = get_object_or_404(holdings_of(acting_citizen(request)), pk=holding_id)
        assessment = get_object_or_404(Assessment, holding=holding, superseded=False)
        data = ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = reviews.file_review(
            assessment=assessment,
            citizen=acting_citizen(request),
            actor=request.user,
            request=request,
            **data.validated_data,
        )
        record_assisted_action(request, action="holding_tax.review_filed", obj=case.application)
        return Response(
            {"number": case.application.number, "state": case.application.state},
            status=status.HTTP_201_CREATED,
        )


class DecisionInput(serializers.Serializer):
    revise = serializers.BooleanField()
    annual_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    reason = serializers.CharField(max_length=2000)


class StaffReviewDecision(APIView):
    """Decide a citizen's review of an assessment (review committee): revise it or keep it, with
    a reason."""

    def get_permissions(self):
        return [StaffWithRole(reviews.COMMITTEE)]

    @extend_schema(request=DecisionInput, responses={200: dict})
    def post(self, request, number: str) -> Response:
        cases = restrict(
            ReviewCase.objects.select_related("application"), request.user, roles=reviews.COMMITTEE
        )
        case = get_object_or_404(cases, application__number=number)
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = reviews.decide(case=case, actor=request.user, request=request, **data.validated_data)
        return Response(
            {
                "number": number,
                "state": case.application.state,
                "annual_value": str(case.result.annual_value) if case.result else None,
            }
        )


class PublishInput(serializers.Serializer):
    pourashava = serializers.SlugRelatedField(slug_field="code", queryset=Pourashava.objects)
    fiscal_year = serializers.CharField(max_length=7)
    window_days = serializers.IntegerField(min_value=1, max_value=120, default=30)

    def validate_fiscal_year(self, value: str) -> FiscalYear:
        try:
            return FiscalYear.parse(value)
        except ValueError:
            raise serializers.ValidationError("", code="invalid") from None


class StaffPublishList(APIView):
    """Publish the pourashava's assessment list for a fiscal year (review committee): citizens may
    then ask for a review within the window set here."""

    def get_permissions(self):
        return [StaffWithRole(reviews.COMMITTEE)]

    @extend_schema(request=PublishInput, responses={201: dict})
    def post(self, request) -> Response:
        data = PublishInput(data=request.data)
        data.is_valid(raise_exception=True)
        allowed = restrict(
            Pourashava.objects.all(), request.user, pourashava_field="pk", roles=reviews.COMMITTEE
        )
        pourashava = get_object_or_404(allowed, pk=data.validated_data["pourashava"].pk)
        publication = reviews.publish_list(
            pourashava=pourashava,
            fiscal_year=data.validated_data["fiscal_year"],
            window_days=data.validated_data["window_days"],
            actor=request.user,
        )
        return Response(
            {
                "fiscal_year": publication.fiscal_year,
                "objection_deadline": publication.objection_deadline,
            },
            status=status.HTTP_201_CREATED,
        )
