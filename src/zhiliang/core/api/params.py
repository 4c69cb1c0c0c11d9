"""Query parameters an action reads by hand: checked like the filters are, refused as 400."""

from django import forms
from rest_framework import exceptions

from zhiliang.core.filtersets import IdField


def query_id(request, name: str) -> int:
    """`?name=<id>`: required, a whole number 1 … 2⁶³−1."""
    try:
        return IdField(required=True).clean(request.query_params.get(name))
    except forms.ValidationError as exc:
        raise exceptions.ValidationError({name: exc.messages}) from None
