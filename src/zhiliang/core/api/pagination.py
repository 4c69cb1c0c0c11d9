from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from zhiliang.core.counting import CheapCountPaginator


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class CheapCountPagination(StandardPagination):
    """Exact counts for small results; above `core.counting.EXACT_UP_TO` rows, PostgreSQL's
    estimate with `count_estimated: true` (every other field as in StandardPagination)."""

    django_paginator_class = CheapCountPaginator

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_estimated": self.page.paginator.estimated,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        out = super().get_paginated_response_schema(schema)
        out["properties"]["count_estimated"] = {
            "type": "boolean",
            "description": "true when `count` is an estimate (large results on PostgreSQL)",
        }
        return out
