"""The public pages list what the penalty tests make: the same fixtures, not a copy."""

from zhiliang.penalties.tests.conftest import (  # noqa: F401 (fixtures)
    bureau,
    firm,
    make_listing,
    make_penalty,
    make_serious,
)
