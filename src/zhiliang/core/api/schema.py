"""The OpenAPI document says every answer the API can give: its error answers too.

One postprocessing hook adds the error body (`{"message": …, "errors": …}`, written by the one
exception handler in `core/api/errors.py`) to every operation, for each status any operation
can answer with: refused input, no or bad credentials, not allowed, not found (or outside your
jurisdiction: the same), a conflict on writes (a record still referred to), a body too large.

It also states the bound every JSON list in a request body has (`core/api/parsers.py`).
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from rest_framework import serializers

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answer: a message to show, and per-field details when there are.",
    "properties": {
        "message": {"type": "string"},
        "errors": {"oneOf": [{"type": "object"}, {"type": "array"}]},
    },
    "required": ["message"],
}
ERRORS_EVERYWHERE = {
    "400": "The request was refused: the message says why.",
    "401": "No or bad credentials.",
    "403": "Not allowed for your role.",
    "404": "No such record (or none you may see).",
}
ERRORS_ON_WRITES = {
    "409": "The record is still referred to, or changed meanwhile: the message says by what.",
    "413": "The request body is too large.",
    "415": "The body's media type is not accepted.",
}
WRITES = {"post", "put", "patch", "delete"}


def _bound_lists(schema) -> None:
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "array":
                node.setdefault("maxItems", settings.API_MAX_LIST_ITEMS)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def error_responses_hook(result, generator, request, public):
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _bound_lists(component)
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    ref = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "head", "options", *WRITES}:
                continue
            errors = dict(ERRORS_EVERYWHERE)
            if method in WRITES:
                errors.update(ERRORS_ON_WRITES)
            _bound_lists(operation.get("requestBody", {}))
            responses = operation.setdefault("responses", {})
            for status, description in errors.items():
                responses.setdefault(
                    status,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result


def _model_field(field):
    """The model field a ModelSerializer's field reads, when it reads one directly."""
    meta = getattr(field.parent, "Meta", None)
    model = getattr(meta, "model", None)
    if model is None or not field.source or "." in field.source or field.source == "*":
        return None
    try:
        return model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None


def _nullable_path(field) -> bool:
    """A dotted source (`parent.code`) through a relation that may be empty reads as null."""
    meta = getattr(field.parent, "Meta", None)
    model = getattr(meta, "model", None)
    if model is None or "." not in (field.source or ""):
        return False
    for name in field.source.split(".")[:-1]:
        try:
            step = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if not step.is_relation or step.related_model is None:
            return False
        if step.null or step.one_to_many or (step.one_to_one and step.auto_created):
            return True
        model = step.related_model
    return False


class AutoSchema(openapi.AutoSchema):
    """Read-only fields say what they really answer: a blank choice ("") where the model allows
    it, null where the model (or a relation on the way to the value) may be empty, and not
    always there when declared `required=False` (e.g. a token's key, in its creation only)."""

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        sometimes = {
            name
            for name, field in serializer.fields.items()
            if field.read_only and field._kwargs.get("required") is False
        }
        if sometimes and schema.get("required"):
            schema["required"] = [name for name in schema["required"] if name not in sometimes]
            if not schema["required"]:
                del schema["required"]
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if field.read_only and direction == "response":
            model_field = _model_field(field)
            if model_field is not None:
                if isinstance(field, serializers.ChoiceField) and model_field.blank:
                    field.allow_blank = True
                if model_field.null:
                    field.allow_null = True
            elif _nullable_path(field):
                field.allow_null = True
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.ListSerializer) and (schema or {}).get("type") == "array":
            # A nested list's own cap (e.g. a sample's test items), tighter than the parser's.
            if field.max_length is not None:
                schema["maxItems"] = field.max_length
            if field.min_length is not None:
                schema["minItems"] = field.min_length
        return schema
