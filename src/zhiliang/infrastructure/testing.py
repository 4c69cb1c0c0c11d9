"""A registered, qualified testing body for tests and fixtures of other apps."""

from datetime import timedelta

from django.utils import timezone

from zhiliang.infrastructure import rules
from zhiliang.infrastructure.models import Laboratory


def register_laboratory(organization, *, level="city", issued_on=None) -> Laboratory:
    issued = issued_on or timezone.localdate() - timedelta(days=5 * 365)
    return Laboratory.objects.create(
        organization=organization,
        region=organization.region,
        level=level,
        cma_number=f"{organization.pk:012d}",
        cma_issued_on=issued,
        cma_valid_until=rules.add_years(issued, rules.validity_years()) - timedelta(days=1),
        parameter_count=100,
    )
