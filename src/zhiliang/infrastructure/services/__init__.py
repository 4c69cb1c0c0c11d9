from zhiliang.infrastructure.services.laboratories import (
    laboratory_create,
    laboratory_delete,
    laboratory_refusal,
    laboratory_update,
    laboratory_validate,
    scope_bulk_create,
    scope_validate,
)
from zhiliang.infrastructure.services.officers import (
    appointment_create,
    appointment_update,
    appointment_validate,
    enterprise_cqo_sync,
    training_create,
    training_delete,
    training_validate,
)
from zhiliang.infrastructure.services.tbt import (
    comment_create,
    comment_record,
    notice_create,
    notice_delete,
    notice_match,
    notice_update,
    notice_validate,
    notices_bulk_create,
    notices_rematch,
)

__all__ = [
    "appointment_create", "appointment_update", "appointment_validate", "comment_create",
    "comment_record", "enterprise_cqo_sync", "laboratory_create", "laboratory_delete",
    "laboratory_refusal",
    "laboratory_update", "laboratory_validate", "notice_create", "notice_delete",
    "notice_match", "notice_update", "notice_validate", "notices_bulk_create",
    "notices_rematch", "scope_bulk_create", "scope_validate", "training_create",
    "training_delete", "training_validate",
]  # fmt: skip
