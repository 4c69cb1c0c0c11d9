"""The staged importer: upload → map columns → check every row → commit in one transaction.

Rows are checked by the registry's own API serializer. A commit inserts every valid
row or none; rejected rows stay downloadable with their reasons. Pages ask for a check
or a commit (`*_request`); the job runs it in the background (imports.tasks).
"""

from zhiliang.imports.services.batches import (
    import_cancel,
    import_interrupted,
    import_set_mapping,
    import_upload,
)
from zhiliang.imports.services.checking import (
    import_validate,
    import_validate_request,
    import_validate_start,
)
from zhiliang.imports.services.committing import (
    import_commit,
    import_commit_request,
    import_commit_start,
)

__all__ = [
    "import_cancel",
    "import_commit",
    "import_commit_request",
    "import_commit_start",
    "import_interrupted",
    "import_set_mapping",
    "import_upload",
    "import_validate",
    "import_validate_request",
    "import_validate_start",
]
