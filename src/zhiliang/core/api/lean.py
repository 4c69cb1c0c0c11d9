"""Lists read as columns: a page of a registry without building its model instances.

A list page of 50 enterprises cost ~9 ms of CPU in the model instances (three per row with
their region and industry) and DRF's field-by-field walk over them — more than a third of a
request, at 20 concurrent clients the difference between queueing and not (issue #19).
When every readable field of a list's serializer is a column the database can hand over —
a model field (also across forward foreign keys: `region.name`), a choice's label
(`get_level_display`), a related record shown by one of its columns (a region by its code,
an enterprise by its USCC, an id), or an annotation of the queryset — the page is read with
`values_list()` and each value passes through its field's own `to_representation`, so the
output is the serializer's, key for key. A serializer that changes its output after the
fields does it in `finish(data)` (see `Finished`), which both paths call. Anything else (a
method field, a nested serializer, a property, a `to_representation` of its own) keeps the
full path; `core/tests/test_lean.py` compares both paths on every list of the API router.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F
from django.utils import timezone
from rest_framework import ISO_8601, relations, serializers
from rest_framework.fields import empty
from rest_framework.settings import api_settings


class Finished:
    """A serializer mixin: `finish(data)` changes the representation after the fields (masking
    by the reader's rights); the lean list path calls it as well."""

    def to_representation(self, instance):
        return self.finish(super().to_representation(instance))

    def finish(self, data: dict) -> dict:
        return data


def identity(value):
    return value


OMIT = object()  # DRF leaves the key out (a read-only field across a missing record)


@dataclass
class Column:
    name: str  # the key in the output
    lookup: str  # the path F() reads
    convert: Any  # value (not None) → representation
    # Across a nullable foreign key: the path of the last record on the way, and what DRF
    # answers when it is missing (its default, None, or OMIT).
    guard: str = ""
    missing: Any = None


@dataclass
class Plan:
    columns: list[Column]

    @property
    def lookups(self) -> list[str]:
        return [c.lookup for c in self.columns]

    def rows(self, queryset):
        # Expressions, not names: a column named as the model's ordering names it ("plan")
        # would make Django order by that column instead of by the related model's ordering.
        guards = [c.guard for c in self.columns if c.guard]
        return queryset.values_list(*[F(p) for p in self.lookups + guards])

    @cached_property
    def _steps(self):
        steps, guard_at = [], len(self.columns)
        for n, c in enumerate(self.columns):
            steps.append((c.name, n, c.convert, guard_at if c.guard else None, c.missing))
            guard_at += bool(c.guard)
        return steps

    def represent(self, row: tuple, finish=identity) -> dict:
        data = {}
        for name, at, convert, guard_at, missing in self._steps:
            if guard_at is not None and row[guard_at] is None:
                if missing is not OMIT:
                    data[name] = missing
                continue
            value = row[at]
            data[name] = None if value is None else convert(value)
        return finish(data)


# Model field types whose values DRF's plain fields hand on unchanged.
TEXT = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}
INTEGER = {"IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField"}
INTEGER |= {"PositiveSmallIntegerField", "PositiveBigIntegerField", "AutoField", "BigAutoField"}


def _cheaper(field, model_field):
    """`field.to_representation`, or a cheaper function with the same result for the values
    `model_field` holds (str() of a str, int() of an int …): 850 calls a page."""
    kind, cls = model_field.get_internal_type(), type(field)
    text_choices = cls is serializers.ChoiceField and all(
        isinstance(key, str) for key in field.choice_strings_to_values.values()
    )
    iso_date = getattr(field, "format", api_settings.DATE_FORMAT) == ISO_8601
    if (
        (cls is serializers.CharField and kind in TEXT)
        or (text_choices and kind in TEXT)
        or (cls is serializers.IntegerField and kind in INTEGER)
        or (cls is serializers.BooleanField and kind == "BooleanField")
    ):
        return identity
    if cls is serializers.DateField and kind == "DateField" and iso_date:
        return date.isoformat
    if cls is serializers.DateTimeField and kind == "DateTimeField" and _plain_datetime(field):
        return _iso_datetime(field)
    return field.to_representation


def _plain_datetime(field) -> bool:
    output = getattr(field, "format", api_settings.DATETIME_FORMAT)
    return settings.USE_TZ and output == ISO_8601 and not hasattr(field, "timezone")


def _iso_datetime(field):
    """DRF's DateTimeField output (ISO 8601 in the active time zone, "Z" for UTC) without
    its checks, for the aware values a database with USE_TZ returns."""
    slow = field.to_representation

    def convert(value):
        if value.tzinfo is None:
            return slow(value)
        text = value.astimezone(timezone.get_current_timezone()).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


def _shows_column(field) -> str | None:
    """The column of the related record a relational field shows, or None."""
    if isinstance(field, relations.SlugRelatedField):
        return field.slug_field
    if isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None:
        return "pk"
    return getattr(field, "shows_column", None)


def _forward_path(model, attrs):
    """The model fields along `attrs` if every step but the last is a forward to-one
    relation; (fields, whether a relation on the way may be missing) or None."""
    fields, nullable = [], False
    for n, attr in enumerate(attrs):
        try:
            field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return None
        if not field.concrete:
            return None
        fields.append(field)
        if n < len(attrs) - 1:
            if not (field.many_to_one or field.one_to_one):
                return None
            nullable = nullable or field.null
            model = field.related_model
    return fields, nullable


def _column(field, model, annotations) -> Column | None:
    attrs = list(field.source_attrs)
    whole = (serializers.SerializerMethodField, relations.ManyRelatedField)
    whole += (serializers.BaseSerializer,)
    if not attrs or isinstance(field, whole):
        return None  # computed, many, or nested: not one column
    if len(attrs) == 1 and attrs[0] in annotations:
        return Column(field.field_name, attrs[0], field.to_representation)
    shown = _shows_column(field)
    convert = identity if shown else field.to_representation
    display = attrs[-1].startswith("get_") and attrs[-1].endswith("_display")
    if display:
        attrs[-1] = attrs[-1][len("get_") : -len("_display")]
    found = _forward_path(model, attrs)
    if found is None:
        return None
    fields, nullable = found
    last = fields[-1]
    guard, missing = "", None
    if nullable:
        guard = "__".join(attrs[:-1])
        if field.default is not empty:
            if callable(field.default):
                return None  # a default that reads the context: keep DRF's path
            missing = field.default
        elif not field.allow_null:
            if field.required:
                return None  # DRF raises: keep its path
            missing = OMIT
    if display:
        if not last.choices:
            return None
        labels = dict(last.flatchoices)
        convert = lambda value: field.to_representation(labels.get(value, value))  # noqa: E731
    elif not shown and not last.is_relation:
        convert = _cheaper(field, last)
    elif shown:
        if not (last.many_to_one or last.one_to_one):
            return None
        if shown != "pk":
            attrs.append(shown)
    elif last.is_relation and attrs[-1] != last.attname:
        return None  # a related record shown by its str() or the like
    elif last.is_relation:
        attrs[-1] = last.name  # `enterprise_id`: F("enterprise") reads the id
    return Column(field.field_name, "__".join(attrs), convert, guard, missing)


# Plans by (serializer class, model, annotations), None for the full path: made once per
# process (building a serializer's fields costs ~2 ms). So a field's `to_representation`
# must not read the request; none does (dates follow the active time zone, labels the
# active language, at the call).
_PLANS: dict = {}


def plan_for(serializer_class, queryset) -> Plan | None:
    """How to read `queryset`'s rows as `serializer_class` shows them, or None (the full
    path). The caller passes each row's dict to its serializer's `finish` (see `Finished`)."""
    key = (serializer_class, queryset.model, frozenset(queryset.query.annotations))
    if key not in _PLANS:
        _PLANS[key] = _plan(serializer_class(), queryset)
    return _PLANS[key]


def _plan(serializer, queryset) -> Plan | None:
    own = next(c for c in type(serializer).__mro__ if "to_representation" in c.__dict__)
    if own not in (Finished, serializers.Serializer):
        return None
    annotations = set(queryset.query.annotations)
    columns = []
    for field in serializer._readable_fields:
        column = _column(field, queryset.model, annotations)
        if column is None:
            return None
        columns.append(column)
    return Plan(columns)
