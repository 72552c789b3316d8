"""Attachments API: a citizen attaches their own uploads to a holding they hold; holdings show
their attachments, with a download link to each file for the citizen who uploaded it."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.identity.acting import acting_citizen
from backend.identity.assisted import record_assisted_action
from backend.identity.models import Citizen
from backend.identity.permissions import IsCitizen
from services.property.models import AttachmentKind, HoldingAttachment
from services.property.selectors import holdings_of
from services.property.services.attachments import AttachmentInput, attach_to_holding


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "uuid"},
            {
                "type": "object",
                "properties": {
                    "upload": {"type": "string", "format": "uuid"},
                    "kind": {"type": "string", "enum": AttachmentKind.values},
                    "caption": {"type": "string", "maxLength": 200},
                },
                "required": ["upload"],
            },
        ]
    }
)
class AttachmentItemField(serializers.Field):
    """An upload id, or {"upload": id, "kind": "deed", "caption": "..."}."""

    # Doubled braces: DRF formats the message with str.format.
    default_error_messages = {"invalid": "Give an upload id or {{upload, kind, caption}}."}

    def to_internal_value(self, data) -> AttachmentInput:
        if isinstance(data, str):
            return AttachmentInput(upload=data)
        if not isinstance(data, dict) or not isinstance(data.get("upload"), str):
            self.fail("invalid")
        kind = data.get("kind")
        if kind is not None and kind not in AttachmentKind.values:
            raise serializers.ValidationError(f"kind is one of {', '.join(AttachmentKind.values)}.")
        caption = data.get("caption") or ""
        if not isinstance(caption, str) or len(caption) > 200:
            raise serializers.ValidationError("caption is text of at most 200 characters.")
        return AttachmentInput(upload=data["upload"], kind=kind, caption=caption)

    def to_representation(self, value):
        return {"upload": str(value.upload), "kind": value.kind, "caption": value.caption}


def attachments_field(**kwargs) -> serializers.ListField:
    return serializers.ListField(child=AttachmentItemField(), max_length=20, **kwargs)


def attachment_out(attachment: HoldingAttachment, viewer: Citizen | None) -> dict:
    upload = attachment.upload
    mine = viewer is not None and upload.owner_id == viewer.pk
    return {
        "id": attachment.pk,
        "kind": attachment.kind,
        "caption": attachment.caption,
        "name": upload.original_name,
        "content_type": upload.content_type,
        "size": upload.size,
        "added_at": attachment.added_at,
        # The file is served to its owner only (backend.uploads); others see that it exists.
        "url": reverse("my-upload-file", args=[upload.public_id]) if mine else None,
    }


class AttachInput(serializers.Serializer):
    attachments = attachments_field(min_length=1)


class MyHoldingAttachments(APIView):
    """Attach one of your uploads (a deed, mutation record, photo...) to one of your holdings."""

    permission_classes = [IsCitizen]

    @extend_schema(request=AttachInput, responses={201: dict})
    def post(self, request, holding_id: int) -> Response:
        citizen = acting_citizen(request)
        holding = get_object_or_404(holdings_of(citizen), pk=holding_id)
        data = AttachInput(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            attached = attach_to_holding(
                holding=holding,
                citizen=citizen,
                actor=request.user,
                items=data.validated_data["attachments"],
            )
            record_assisted_action(request, action="property.attachments_added", obj=holding)
        return Response(
            {"attachments": [attachment_out(a, citizen) for a in attached]},
            status=status.HTTP_201_CREATED,
        )
