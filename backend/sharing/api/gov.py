"""The agency API (/api/gov/v1/): one subject or a batch of at most 500, never a list or search.

Left out of the citizen API's schema (/api/schema/) on purpose: its callers are agencies holding
OAuth2 client credentials, not the mobile app; the routes are described in backend/sharing's
README text and exercised by tests/backend/sharing."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.common.exception_handler import handle_exception
from backend.common.text import in_language
from backend.sharing.api.auth import AgencyTokenAuthentication, IsAgency
from backend.sharing.errors import SUBJECT_NOT_FOUND, not_found
from backend.sharing.registry import shared_datasets
from backend.sharing.scopes import personal_scope
from backend.sharing.services.lookups import MAX_BATCH, Answer, Outcome, allowed_scopes, lookup


class GovView(APIView):
    authentication_classes = [AgencyTokenAuthentication]
    permission_classes = [IsAgency]
    throttle_classes: list = []


def _flag(value: object) -> bool:
    return str(value).lower() in {"1", "true", "yes"}


def _answer(answer: Answer) -> dict:
    item: dict = {"subject": answer.subject, "found": answer.found}
    if answer.found:
        item["fields"] = answer.fields
    if answer.personal_withheld:
        item["personal_fields"] = "withheld"
        item["code"] = "consent_required"
    return item


def _envelope(outcome: Outcome) -> dict:
    return {
        "request_id": str(outcome.request_id),
        "as_of": outcome.as_of.isoformat(),
        "dataset": outcome.dataset.code,
        "purpose": outcome.purpose.code,
        "legal_basis": outcome.purpose.legal_basis,
    }


@extend_schema(exclude=True)
class DatasetsView(GovView):
    """What this client may ask about, and the purposes it may state (no subjects)."""

    def get(self, request):
        caller = request.caller
        scopes = allowed_scopes(caller)
        datasets = [
            {
                "code": d.code,
                "title": in_language(d.title_en, d.title_bn),
                "subject": in_language(d.subject_en, d.subject_bn),
                "fields": list(d.fields),
                "personal_fields": list(d.personal_fields)
                if personal_scope(d.scope) in scopes
                else [],
            }
            for d in shared_datasets()
            if d.scope in scopes
        ]
        purposes = [
            {
                "code": p.code,
                "text": in_language(p.text_en, p.text_bn),
                "legal_basis": p.legal_basis,
                "basis_reference": p.basis_reference,
            }
            for p in caller.agency.purposes
        ]
        return Response({"agency": caller.agency.code, "datasets": datasets, "purposes": purposes})


@extend_schema(exclude=True)
class LookupView(GovView):
    """GET ?subject=<identifier>&purpose=<code>[&personal=1]: one subject."""

    def get(self, request, dataset: str):
        outcome = lookup(
            request.caller,
            dataset_code=dataset,
            purpose_code=request.query_params.get("purpose"),
            subjects=[request.query_params.get("subject")],
            personal=_flag(request.query_params.get("personal")),
        )
        # The log has committed: a refusal or a not-found is answered only now.
        if outcome.refusal is not None:
            return handle_exception(outcome.refusal, {})
        [answer] = outcome.answers
        if not answer.found:
            return handle_exception(not_found("not_found", SUBJECT_NOT_FOUND), {})
        return Response({**_envelope(outcome), **_answer(answer)})


class BatchInput(serializers.Serializer):
    purpose = serializers.CharField(max_length=40, required=False, allow_blank=True)
    personal = serializers.BooleanField(default=False)
    subjects = serializers.ListField(
        child=serializers.CharField(max_length=200, allow_blank=True), allow_empty=False
    )


@extend_schema(exclude=True)
class BatchView(GovView):
    """POST {purpose, subjects: [...], personal?}: at most 500 subjects, one result each."""

    def post(self, request, dataset: str):
        data = BatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = lookup(
            request.caller,
            dataset_code=dataset,
            purpose_code=data.validated_data.get("purpose"),
            subjects=data.validated_data["subjects"],
            personal=data.validated_data["personal"],
            batch=True,
        )
        return Response({**_envelope(outcome), "results": [_answer(a) for a in outcome.answers]})


__all__ = ["MAX_BATCH", "BatchView", "DatasetsView", "LookupView"]
