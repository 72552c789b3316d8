"""DRF's own validation codes come out in the request's language like ours do."""

import pytest
from django.utils import translation
from rest_framework import serializers

from backend.common.errors import AppError
from backend.common.exception_handler import handle_exception
from backend.common.text import Text


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


class Heir(serializers.Serializer):
    name_bn = serializers.CharField()
    relation = serializers.ChoiceField(choices=["son", "daughter"])


class Application(serializers.Serializer):
    heirs = Heir(many=True)
    address = serializers.DictField(child=serializers.IntegerField())


def test_nested_errors_are_flattened_to_dotted_paths():
    data = {
        "heirs": [{"name_bn": "রহিম", "relation": "son"}, {"relation": "uncle"}],
        "address": {"ward": "x"},
    }
    query = Application(data=data)
    assert not query.is_valid()
    with translation.override("en"):
        response = handle_exception(serializers.ValidationError(query.errors), {})
    fields = response.data["error"]["fields"]
    assert fields == {
        "heirs.1.name_bn": [{"code": "required", "message": "This field is required."}],
        "heirs.1.relation": [
            {"code": "invalid_choice", "message": "This is not one of the allowed choices."}
        ],
        "address.ward": [{"code": "invalid", "message": "Enter a valid value."}],
    }


def test_an_error_about_the_whole_body_is_under_non_field_errors():
    with translation.override("en"):
        exc = serializers.ValidationError("Dates overlap.", code="dates_overlap")
        response = handle_exception(exc, {})
    assert response.data["error"]["fields"] == {
        "non_field_errors": [{"code": "dates_overlap", "message": "Dates overlap."}]
    }


def test_service_field_errors_come_in_the_same_shape_whatever_the_service_passed():
    message = Text(en="Mobile number cannot change here.", bn="মোবাইল নম্বর এখানে বদলানো যায় না।")
    error = AppError(
        "profile_invalid",
        Text(en="Profile not valid.", bn="প্রোফাইল সঠিক নয়।"),
        fields={
            "pourashava": ["required"],  # a code
            "mobile": [message],  # a Text
            "nid": ["That NID is already in use."],  # a rendered message
            "heirs.0.nid": [{"code": "invalid_nid", "message": "Not an NID."}],  # already shaped
            "ward": ["some_new_code"],  # a code with no text of its own
        },
    )
    with translation.override("bn"):
        fields = handle_exception(error, {}).data["error"]["fields"]
    assert fields == {
        "pourashava": [{"code": "required", "message": "এই তথ্যটি আবশ্যক।"}],
        "mobile": [{"code": "profile_invalid", "message": "মোবাইল নম্বর এখানে বদলানো যায় না।"}],
        "nid": [{"code": "profile_invalid", "message": "That NID is already in use."}],
        "heirs.0.nid": [{"code": "invalid_nid", "message": "Not an NID."}],
        "ward": [{"code": "some_new_code", "message": "প্রোফাইল সঠিক নয়।"}],
    }


def test_no_fields_key_when_no_input_is_at_fault():
    error = AppError("bill_expired", Text(en="Expired.", bn="মেয়াদ শেষ।"))
    assert "fields" not in handle_exception(error, {}).data["error"]
