"""The published OpenAPI schema is complete enough for a mobile team to generate a client from and
build on: it validates without a warning, every operation says what it does and which service it
belongs to, and every refusal it can give is declared in the one error shape."""

import io
import re

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    out = io.StringIO()
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def test_schema_validates_without_warnings(schema):
    # call_command above raises on any warning or validation error (--fail-on-warn).
    assert len(list(operations(schema))) > 50


def test_every_operation_has_a_summary_a_description_and_a_service_tag(schema):
    for method, path, operation in operations(schema):
        assert operation.get("summary"), (method, path)
        assert operation.get("description"), (method, path)
        assert operation.get("tags") and operation["tags"] != ["v1"], (method, path)


def test_error_answers_are_declared_where_they_can_happen(schema):
    error = {"$ref": "#/components/schemas/Error"}
    for method, path, operation in operations(schema):
        responses = operation["responses"]
        security = operation.get("security") or []
        wanted = set()
        if operation.get("parameters") or operation.get("requestBody"):
            wanted.add("400")
        if any(security):
            wanted.add("401")
        if any(security) and {} not in security:
            wanted.add("403")
        paginated = any(p["name"] == "page" for p in operation.get("parameters", []))
        if re.search(r"\{\w+\}", path) or paginated:
            wanted.add("404")
        assert wanted <= set(responses), (method, path, sorted(responses))
        for status, response in responses.items():
            if status.startswith("4"):
                assert response["content"]["application/json"]["schema"] == error, (
                    method,
                    path,
                    status,
                )


def test_throttled_operations_declare_429(schema):
    ops = {(m, p): o for m, p, o in operations(schema)}
    for key in [("post", "/api/v1/auth/otp/"), ("get", "/api/v1/verify/{token}/")]:
        assert "429" in ops[key]["responses"], key


def test_error_component_has_fields_as_lists_of_code_and_message(schema):
    schemas = schema["components"]["schemas"]
    detail = schemas["ErrorDetail"]
    assert detail["required"] == ["code", "message"]
    items = detail["properties"]["fields"]["additionalProperties"]
    assert items["type"] == "array"
    assert schemas["FieldError"]["required"] == ["code", "message"]


def test_hand_paginated_lists_are_declared_paginated(schema):
    ok = schema["paths"]["/api/v1/me/uploads/"]["get"]["responses"]["200"]
    ref = ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    page = schema["components"]["schemas"][ref]
    assert {"count", "next", "previous", "results"} <= set(page["properties"])


@pytest.mark.parametrize(
    ("method", "path", "request_example", "response_statuses"),
    [
        ("post", "/api/v1/auth/otp/", True, {"202", "429"}),
        ("post", "/api/v1/auth/token/", True, {"200", "400"}),
        ("get", "/api/v1/me/dues/", False, {"200"}),
        ("post", "/api/v1/bills/", True, {"201"}),
        ("post", "/api/v1/payments/", True, {"201", "409"}),
        ("post", "/api/v1/me/certificate-applications/", True, {"201", "400"}),
    ],
)
def test_main_journeys_carry_examples(schema, method, path, request_example, response_statuses):
    operation = schema["paths"][path][method]
    if request_example:
        json_body = operation["requestBody"]["content"]["application/json"]
        assert json_body.get("examples"), (method, path)
    for status in response_statuses:
        (content,) = operation["responses"][status]["content"].values()
        assert content.get("examples"), (method, path, status)
