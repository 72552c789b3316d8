"""DRF's own validation codes come out in the request's language like ours do."""

import pytest
from django.utils import translation
from rest_framework import serializers

from backend.common.exception_handler import handle_exception


class Query(serializers.Serializer):
    ward = serializers.IntegerField(min_value=1, max_value=99)
    numbers = serializers.ListField(child=serializers.CharField(), allow_empty=False)


@pytest.mark.parametrize(
    ("data", "field", "code", "bn"),
    [
        ({"ward": 0, "numbers": ["A"]}, "ward", "min_value", "মানটি বেশি ছোট।"),
        ({"ward": 100, "numbers": ["A"]}, "ward", "max_value", "মানটি বেশি বড়।"),
        ({"ward": 1, "numbers": []}, "numbers", "empty", "অন্তত একটি দিন।"),
        ({"ward": 1, "numbers": "A"}, "numbers", "not_a_list", "একটি তালিকা দিতে হবে।"),
    ],
)
def test_drf_codes_are_answered_in_bangla(data, field, code, bn):
    query = Query(data=data)
    assert not query.is_valid()
    with translation.override("bn"):
        response = handle_exception(serializers.ValidationError(query.errors), {})
    (problem,) = response.data["error"]["fields"][field]
    assert problem == {"code": code, "message": bn}
