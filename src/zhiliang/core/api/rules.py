"""The domain's rules, reported under the serializer's field names.

Rules live in `Model.clean()` and the services' validators (`<entity>_validate`), which raise
Django's ValidationError keyed by model fields (`holder`, `__all__`). The API and the importer
speak in their serializer's names (`holder_uscc`, `non_field_errors`): `serializer_errors`
turns one into the other. The API gets the rules from the services it calls (see
`core/api/errors.py`); the importer, which checks a file before saving anything, runs the
validator from the serializer (`checked_by`).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings


def serializer_errors(serializer, exc: DjangoValidationError) -> serializers.ValidationError:
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if not hasattr(exc, "error_dict"):
        return serializers.ValidationError({non_field: exc.messages})
    names = {}
    for name, field in serializer.fields.items():
        if not field.read_only and field.source != "*":
            names.setdefault(field.source.split(".")[0], name)
    out: dict[str, list] = {}
    for key, messages in exc.message_dict.items():
        out.setdefault(non_field if key == NON_FIELD_ERRORS else names.get(key, key), []).extend(
            messages
        )
    return serializers.ValidationError(out)


class RulesSerializerMixin:
    """`validate()` also runs the service validator on the would-be record, with the
    serializer's context (the importer's whole-file look-ups)."""

    validator = None

    def validate(self, attrs):
        attrs = super().validate(attrs)
        try:
            type(self).validator(data=attrs, instance=self.instance, context=self.context)
        except DjangoValidationError as exc:
            raise serializer_errors(self, exc) from None
        return attrs


def checked_by(serializer_class, validator):
    """`serializer_class` whose validation also applies `validator` (for the importer)."""
    return type(
        serializer_class.__name__,
        (RulesSerializerMixin, serializer_class),
        {"validator": staticmethod(validator), "__module__": serializer_class.__module__},
    )
