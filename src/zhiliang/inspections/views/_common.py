"""What the sampling form pages share: the 404 look-up, a refusal's errors on the form."""

from django.core.exceptions import ValidationError
from django.http import Http404

from zhiliang.core.views_helpers import or_404


def record_or_404(getter, request, pk):
    """The record through its selector (`getter(user=, pk=)`), or 404 like a missing one."""
    return or_404(getter, user=request.user, pk=pk)


def get_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
