"""Related fields that only find what the caller may name.

A related record is looked up in `core.guards.referable(model, actor, kinds)`: another
district's record, or one of the wrong kind, gets the same answer as an id or USCC that
does not exist — the message never names the record that was found elsewhere.
The serializer fields read the actor from the context (`user`, or the request's user);
`ScopedModelChoiceField` is the same for the pages' forms.
"""

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhiliang.core.guards import NOT_FOUND, referable


def context_actor(context):
    user = context.get("user")
    if user is None:
        user = getattr(context.get("request"), "user", None)
    return user


def _region_id_in_scope(actor, region_id) -> bool:
    from zhiliang.core.models.regions import subtree_ids

    scope = getattr(actor, "jurisdiction", None)
    if scope is None:
        return False
    low, high = subtree_ids(scope.code)
    return low <= region_id <= high


class ScopedField:
    """Marks the fields whose lookup is scoped; the generated jurisdiction test finds them."""

    scoped_model = None
    kinds = ()
    above = True

    def referable(self):
        actor = context_actor(self.context)
        return referable(self.scoped_model, actor, self.kinds, self.above)


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(ScopedField, serializers.PrimaryKeyRelatedField):
    """A related record by id, inside what the caller may name."""

    default_error_messages = {"does_not_exist": NOT_FOUND}

    def __init__(self, model, *, kinds=(), above=True, **kwargs):
        self.scoped_model, self.kinds, self.above = model, tuple(kinds), above
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.referable()


@extend_schema_field(OpenApiTypes.STR)
class ScopedSlugField(ScopedField, serializers.SlugRelatedField):
    """A related record by a code (a region by its code), inside what the caller may name."""

    default_error_messages = {"does_not_exist": NOT_FOUND}

    def __init__(self, model, *, slug_field="code", kinds=(), above=True, **kwargs):
        self.scoped_model, self.kinds, self.above = model, tuple(kinds), above
        super().__init__(slug_field=slug_field, **kwargs)

    def get_queryset(self):
        return self.referable()


USCC_MAX_LENGTH = 40  # room for spaces and dashes around the 18 characters


@extend_schema_field({"type": "string", "maxLength": USCC_MAX_LENGTH})
class ScopedUsccField(ScopedField, serializers.Field):
    """An enterprise by its USCC (统一社会信用代码), inside the caller's jurisdiction.

    The importers pass `enterprises` (USCC → enterprise) in the context so that a file is
    checked without a query per row; what is found there is checked all the same.
    """

    default_error_messages = {
        "invalid": gettext_lazy("Not a valid string."),
        "max_length": gettext_lazy("Ensure this field has no more than {max_length} characters."),
    }

    def __init__(self, **kwargs):
        from zhiliang.enterprises.models import Enterprise

        self.scoped_model = Enterprise
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value.uscc

    def to_internal_value(self, data):
        from zhiliang.enterprises.uscc import clean_uscc

        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        if len(str(data)) > USCC_MAX_LENGTH:
            self.fail("max_length", max_length=USCC_MAX_LENGTH)
        try:
            number = clean_uscc(str(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        cache = self.context.get("enterprises")
        if cache is not None:
            enterprise = cache.get(number)
            if enterprise is not None and not _region_id_in_scope(
                context_actor(self.context), enterprise.region_id
            ):
                enterprise = None
        else:
            enterprise = self.referable().select_related("region").filter(uscc=number).first()
        if enterprise is None:
            raise serializers.ValidationError(
                _("No enterprise with USCC %(c)s in your jurisdiction.") % {"c": number}
            )
        return enterprise


class ScopedModelChoiceField(forms.ModelChoiceField):
    """The pages' counterpart: choices are what `actor` may name; anything else is
    "not a valid choice", as an id that does not exist."""

    def __init__(self, model, *, kinds=(), above=True, **kwargs):
        self.scoped_model, self.kinds, self.above = model, tuple(kinds), above
        kwargs.setdefault("queryset", model._default_manager.none())
        super().__init__(**kwargs)

    def scope_to(self, actor):
        self.queryset = referable(self.scoped_model, actor, self.kinds, self.above)
        return self
