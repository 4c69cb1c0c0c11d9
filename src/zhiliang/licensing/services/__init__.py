"""Writes to the certificate and instrument registries: every change goes through here.

Rights and jurisdiction (core/guards), the rules (`Model.clean()` and the validators
below, which need other rows) and the derived dates (`Certificate.ended_on`,
`Instrument.next_due_on`) are kept here; serializers and forms only convert.
"""

from zhiliang.licensing.services.certificates import (  # noqa: F401
    TRANSITIONS,
    certificate_bulk_create,
    certificate_create,
    certificate_set_status,
    certificate_update,
    certificate_validate,
    certificates_expire,
)
from zhiliang.licensing.services.instruments import (  # noqa: F401
    due_refresh,
    instrument_bulk_create,
    instrument_create,
    instrument_update,
    instrument_validate,
    verification_record,
)
