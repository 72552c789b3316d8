"""The citizen's side of data sharing (mounted under /api/v1/): who looked at my records, and my
consents to agencies reading my personal fields (given by an SMS code, revocable)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.text import in_language
from backend.identity.acting import acting_citizen
from backend.identity.api.auth import ErrorSerializer, client_address
from backend.identity.permissions import IsCitizen
from backend.sharing.registry import shared_dataset
from backend.sharing.selectors import agencies_asking_personal_data, consents_of, disclosures_of
from backend.sharing.services.consents import ask_consent, give_consent, revoke_consent


class DisclosureSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    agency = serializers.SerializerMethodField()
    dataset = serializers.SerializerMethodField()
    subject = serializers.CharField(help_text="The identifier the agency asked about.")
    purpose = serializers.SerializerMethodField()
    legal_basis = serializers.CharField(help_text="law, mou or consent.")
    basis_reference = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField(), help_text="Fields given out.")
    result = serializers.CharField(help_text="found, not_found or denied (nothing given out).")

    def get_agency(self, obj) -> str:
        return in_language(obj.agency.name_en, obj.agency.name_bn)

    def get_dataset(self, obj) -> str:
        dataset = shared_dataset(obj.dataset)
        return in_language(dataset.title_en, dataset.title_bn) if dataset else obj.dataset

    def get_purpose(self, obj) -> str:
        return in_language(obj.purpose_en, obj.purpose_bn) or obj.purpose


class MyDisclosuresView(ListAPIView):
    """Who looked at your records: every agency call about a holding, licence or certificate of
    yours, with its purpose, legal basis and the fields given out."""

    permission_classes = [IsCitizen]
    serializer_class = DisclosureSerializer

    def get_queryset(self):
        return disclosures_of(acting_citizen(self.request))

    @extend_schema(responses={200: DisclosureSerializer(many=True), 401: ErrorSerializer})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ConsentSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.SerializerMethodField()
    scope = serializers.CharField()
    granted_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)

    def get_agency_name(self, obj) -> str:
        return in_language(obj.agency.name_en, obj.agency.name_bn)


class AskingAgencySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.SerializerMethodField()
    scopes = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return in_language(obj.name_en, obj.name_bn)

    def get_scopes(self, obj) -> list[str]:
        return sorted(
            s.scope.removesuffix(":personal")
            for s in obj.scopes.all()
            if s.scope.endswith(":personal")
        )


class ConsentsSerializer(serializers.Serializer):
    consents = ConsentSerializer(many=True)
    agencies = AskingAgencySerializer(
        many=True, help_text="Agencies that may ask for your personal fields, with your consent."
    )


class ConsentTarget(serializers.Serializer):
    agency = serializers.SlugField(max_length=40)
    scope = serializers.CharField(max_length=60)


class ConsentConfirm(ConsentTarget):
    code = serializers.CharField(max_length=20, help_text="The 6-digit code sent by SMS.")
    days = serializers.IntegerField(min_value=1, max_value=365, default=365)


class CodeSentSerializer(serializers.Serializer):
    status = serializers.CharField()


class MyConsentsView(APIView):
    """Your consents to agencies reading your personal fields, and the agencies that may ask.
    POST sends a code to your mobile; confirm it at consents/confirm/."""

    permission_classes = [IsCitizen]

    @extend_schema(responses={200: ConsentsSerializer, 401: ErrorSerializer})
    def get(self, request):
        citizen = acting_citizen(request)
        agencies = agencies_asking_personal_data().prefetch_related("scopes")
        return Response(
            ConsentsSerializer({"consents": consents_of(citizen), "agencies": agencies}).data
        )

    @extend_schema(
        summary="Ask for a consent code by SMS",
        request=ConsentTarget,
        responses={
            202: CodeSentSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            429: ErrorSerializer,
        },
    )
    def post(self, request):
        data = ConsentTarget(data=request.data)
        data.is_valid(raise_exception=True)
        ask_consent(
            citizen=acting_citizen(request),
            agency_code=data.validated_data["agency"],
            scope=data.validated_data["scope"],
            client_address=client_address(request),
        )
        return Response({"status": "code_sent"}, status=202)


class ConfirmConsentView(APIView):
    """Give consent with the code sent by SMS: the agency may then read your personal fields of
    that scope, until it expires or you revoke it."""

    permission_classes = [IsCitizen]

    @extend_schema(
        request=ConsentConfirm,
        responses={201: ConsentSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request):
        data = ConsentConfirm(data=request.data)
        data.is_valid(raise_exception=True)
        grant = give_consent(
            citizen=acting_citizen(request),
            agency_code=data.validated_data["agency"],
            scope=data.validated_data["scope"],
            code=data.validated_data["code"],
            days=data.validated_data["days"],
        )
        return Response(ConsentSerializer(grant).data, status=201)


class RevokeConsentView(APIView):
    """Revoke a consent: the agency gets no more personal fields of yours from now on."""

    permission_classes = [IsCitizen]

    @extend_schema(
        request=ConsentTarget,
        responses={200: ConsentSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request):
        data = ConsentTarget(data=request.data)
        data.is_valid(raise_exception=True)
        grant = revoke_consent(
            citizen=acting_citizen(request),
            agency_code=data.validated_data["agency"],
            scope=data.validated_data["scope"],
        )
        return Response(ConsentSerializer(grant).data)
