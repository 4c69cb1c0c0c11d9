"""Page links for every list: numbers around the current page, the ends, and a jump box."""

from django import template

register = template.Library()


@register.inclusion_tag("web/pagination.html", takes_context=True)
def pagination(context, page):
    """Keeps the list's filters (the query string without `page`) in every link."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "query": query.urlencode(),
        "kept": [(key, value) for key in query for value in query.getlist(key)],
        "numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "ellipsis": page.paginator.ELLIPSIS,
    }
