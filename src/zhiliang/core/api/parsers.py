"""The one JSON parser of the API: bounded nesting, bounded lists.

(Bodies above `DATA_UPLOAD_MAX_MEMORY_SIZE` are refused by Django before any parser reads them:
a 413 from `core/api/errors.py`.) JSON nested
deeper than `API_MAX_JSON_DEPTH` or with a list longer than `API_MAX_LIST_ITEMS` anywhere in it
is refused (400) before any serializer sees it, so every nested list of every request body
has the same bound; so is text no database stores (NUL, unpaired surrogates), so both engines
answer alike. The OpenAPI document states the list bound (`core/api/schema.py`).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser


def _storable(text: str) -> bool:
    """Text either engine stores: PostgreSQL refuses NUL, and neither takes a lone surrogate."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_bounds_check(data, *, max_depth: int, max_items: int) -> None:
    """Walk the parsed body without recursion; raise ParseError at the first excess."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if not _storable(value):
                raise exceptions.ParseError(
                    _("The body holds a NUL character or an unpaired surrogate.")
                )
            continue
        if isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            children = value.values()
        elif isinstance(value, list):
            if len(value) > max_items:
                raise exceptions.ParseError(
                    _("A list in the body has %(n)s items; at most %(max)s are accepted.")
                    % {"n": len(value), "max": max_items}
                )
            children = value
        else:
            continue
        if depth > max_depth:
            raise exceptions.ParseError(
                _("The body is nested more than %(max)s levels deep.") % {"max": max_depth}
            )
        stack.extend((child, depth + 1) for child in children)


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # Python's decoder gives up on very deep nesting before our walk can count it.
            raise exceptions.ParseError(
                _("The body is nested more than %(max)s levels deep.")
                % {"max": settings.API_MAX_JSON_DEPTH}
            ) from None
        json_bounds_check(
            data, max_depth=settings.API_MAX_JSON_DEPTH, max_items=settings.API_MAX_LIST_ITEMS
        )
        return data


def _form_check(data) -> None:
    """Form fields go to the same database: the same refusal as a JSON body's text."""
    for key, values in data.lists():
        for text in (key, *[v for v in values if isinstance(v, str)]):
            if not _storable(text):
                raise exceptions.ParseError(
                    _("The body holds a NUL character or an unpaired surrogate.")
                )


class StorableFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _form_check(data)
        return data


class StorableMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        _form_check(parsed.data)
        return parsed
