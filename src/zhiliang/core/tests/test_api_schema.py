"""The OpenAPI document says what the API answers: errors, unpaginated lists, nulls, blanks."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def document():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_every_operation_documents_its_error_answers(document):
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in _operations(document):
        for status in ("400", "401", "403", "404"):
            response = operation["responses"].get(status)
            assert response, f"{method} {path} does not document {status}"
            assert response["content"]["application/json"]["schema"] == error
        if method != "get":
            assert "409" in operation["responses"], f"{method} {path} does not document 409"


@pytest.mark.parametrize(
    "path",
    [
        "/api/equipment-units/{id}/inspections/",
        "/api/sampling-plans/{id}/quotas/",
        "/api/target-links/suggestions/",
        "/api/target-links/board/",
    ],
)
def test_unpaginated_actions_are_declared_as_plain_lists(document, path):
    operation = document["paths"][path]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["type"] == "array"
    names = {p["name"] for p in operation.get("parameters", [])}
    assert not names & {"page", "page_size"}


def _property(document, component, name):
    return document["components"]["schemas"][component]["properties"][name]


def test_read_only_fields_declare_the_nulls_and_blanks_they_answer(document):
    # A dotted source through an empty relation answers null.
    assert _property(document, "Region", "parent_code").get("nullable")
    # A choice the model leaves blank answers "".
    escalation = _property(document, "FollowUp", "escalation")
    assert {"$ref": "#/components/schemas/BlankEnum"} in escalation.get("oneOf", [])
    # A nullable relation answers null.
    assert _property(document, "InstrumentCategory", "parent").get("nullable")


def test_request_lists_state_the_parsers_bound(document, settings):
    items = _property(document, "SampleRequest", "test_items")
    assert items["maxItems"] == 200  # the sample's own, smaller cap
    lists = [
        schema
        for name, schema in document["components"]["schemas"].items()
        if name.endswith("Request")
        for prop in schema.get("properties", {}).values()
        for schema in [prop]
        if prop.get("type") == "array"
    ]
    assert lists and all(p["maxItems"] <= settings.API_MAX_LIST_ITEMS for p in lists)


def test_a_read_only_field_not_always_answered_is_not_required(document):
    # A token's key is in the answer to its creation only, not in the list.
    assert "key" not in document["components"]["schemas"]["ApiToken"].get("required", [])
    assert "prefix" in document["components"]["schemas"]["ApiToken"]["required"]
