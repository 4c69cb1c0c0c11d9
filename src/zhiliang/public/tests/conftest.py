"""The public pages list what the penalty tests make: the same fixtures, not a copy
(`bureau` and `firm` come from the root conftest)."""

from zhiliang.penalties.tests.conftest import (  # noqa: F401 (fixtures)
    make_listing,
    make_penalty,
    make_serious,
)
