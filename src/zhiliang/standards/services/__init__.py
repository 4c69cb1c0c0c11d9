"""Every write of the standards registry (`<entity>_<action>(*, actor, …)`)."""

from zhiliang.standards.services.activities import (  # noqa: F401
    adoption_create,
    adoption_delete,
    adoption_update,
    adoption_validate,
    drafting_create,
    drafting_delete,
    drafting_update,
    drafting_validate,
    pilot_create,
    pilot_delete,
    pilot_update,
    pilot_validate,
)  # fmt: skip
from zhiliang.standards.services.standards import (  # noqa: F401
    enterprise_standard_create,
    enterprise_standard_delete,
    enterprise_standard_update,
    enterprise_standard_validate,
    enterprise_standards_bulk_create,
    review_record,
    standard_create,
    standard_delete,
    standard_update,
    standard_validate,
    standards_bulk_create,
)  # fmt: skip
