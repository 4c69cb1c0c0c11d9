"""The API's filter backend: a refused filter is a 400 whatever its message holds.

django-filter formats each message with `message % params` even when there are no params, so
a message quoting the user's input with a `%` in it (`?period=5%`) raised a TypeError (500).
"""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            # Iterating a form's error list formats each message with its own params only.
            raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
        return filterset.qs
