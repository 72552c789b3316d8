"""Citizen API: upload a file, list and fetch your own.

POST /api/v1/me/uploads/          multipart `file`, `purpose` -> 201 {id, purpose, ...}
GET  /api/v1/me/uploads/          your uploads, newest first (?purpose=...)
GET  /api/v1/me/uploads/<id>/     the file itself, to its owner only (others: 404)
GET  /api/v1/uploads/purposes/    what can be uploaded for what, and the size limits

"You" is `acting_citizen(request)`: the citizen, or a UDC operator in a confirmed assisted
session acting for them (the upload is theirs, and recorded as an assisted action)."""

from django.http import FileResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.pagination import Pagination
from backend.identity.acting import acting_citizen
from backend.identity.api.auth import ErrorSerializer
from backend.identity.permissions import IsCitizen
from backend.uploads import limits
from backend.uploads.checks import too_large
from backend.uploads.kinds import KINDS
from backend.uploads.models import Upload
from backend.uploads.purposes import registered_upload_purposes
from backend.uploads.services import store_upload, upload_of
from backend.uploads.serving import AnyAccept, upload_response


class UploadInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)  # empty gets our own `upload_empty`
    purpose = serializers.CharField(max_length=40)


class UploadOutput(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)

    class Meta:
        model = Upload
        fields = ["id", "purpose", "content_type", "size", "name", "created_at"]


class MyUploads(APIView):
    permission_classes = [IsCitizen]
    # GET paginates by hand; naming the paginator here puts its envelope in the schema.
    pagination_class = Pagination
    parser_classes = [MultiPartParser, FormParser]

    def initial(self, request, *args, **kwargs) -> None:
        # Refuse an oversized body by its declared length before anything reads it (Django
        # reads no more than Content-Length, so this bounds what reaches disk).
        if request.method == "POST":
            declared = _content_length(request)
            if declared > limits.max_bytes() + limits.request_overhead_bytes():
                raise too_large(limits.max_bytes())
        super().initial(request, *args, **kwargs)

    @extend_schema(
        tags=["uploads"],
        summary="Upload a supporting document or photo",
        request={"multipart/form-data": UploadInput},
        responses={
            201: UploadOutput,
            400: ErrorSerializer,
            413: ErrorSerializer,
            429: ErrorSerializer,
        },
    )
    def post(self, request) -> Response:
        data = UploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = store_upload(
            file=data.validated_data["file"],
            uploaded_by=request.user,
            owner=acting_citizen(request),
            purpose=data.validated_data["purpose"],
            request=request,  # records the assisted action, if any, with the row
        )
        return Response(UploadOutput(upload).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=["uploads"],
        summary="Your uploads, newest first",
        parameters=[OpenApiParameter("purpose", str, required=False)],
        responses={200: UploadOutput(many=True)},
    )
    def get(self, request) -> Response:
        uploads = Upload.objects.filter(owner=acting_citizen(request)).order_by("-created_at")
        if purpose := request.query_params.get("purpose"):
            uploads = uploads.filter(purpose=purpose)
        paginator = Pagination()
        page = paginator.paginate_queryset(uploads, request, view=self)
        return paginator.get_paginated_response(UploadOutput(page, many=True).data)


class MyUploadFile(APIView):
    permission_classes = [IsCitizen]
    content_negotiation_class = AnyAccept

    @extend_schema(
        tags=["uploads"],
        summary="Download one of your uploads",
        responses={(200, "application/octet-stream"): bytes, 404: ErrorSerializer},
    )
    def get(self, request, public_id) -> FileResponse:
        upload = upload_of(citizen=acting_citizen(request), public_id=public_id)
        return upload_response(upload)


class UploadPurposeOutput(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.DictField(child=serializers.CharField(), help_text="{en, bn}")
    content_types = serializers.ListField(child=serializers.CharField())
    extensions = serializers.ListField(child=serializers.CharField())
    max_bytes = serializers.IntegerField()


class UploadPurposes(APIView):
    """What can be uploaded, for what purpose, in which formats and how large. Public."""

    @extend_schema(
        tags=["uploads"],
        summary="What can be uploaded, for what, and how large",
        responses={200: UploadPurposeOutput(many=True)},
    )
    def get(self, request) -> Response:
        return Response(
            [
                {
                    "code": purpose.code,
                    "label": {"en": purpose.label.en, "bn": purpose.label.bn},
                    "content_types": sorted(KINDS[k].content_type for k in purpose.allowed),
                    "extensions": sorted(e for k in purpose.allowed for e in KINDS[k].extensions),
                    "max_bytes": min(filter(None, (purpose.max_bytes, limits.max_bytes()))),
                }
                for purpose in registered_upload_purposes()
            ]
        )


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
