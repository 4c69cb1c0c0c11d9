"""Whether this installation holds synthetic data: a marker file in `$ZHILIANG_HOME`.

`zhiliang demo` and `zhiliang generate` write it when they generate data; every page then
says, discreetly, that what it shows is synthetic. Deleting the file (or a fresh home for
real data) removes the notice.
"""

from pathlib import Path

from django.conf import settings

MARKER_FILE = "synthetic-data"


def marker_path() -> Path:
    return Path(settings.HOME) / MARKER_FILE


def synthetic_data_mark() -> None:
    marker_path().write_text(
        "This installation holds synthetic demo data (zhiliang demo / zhiliang generate).\n",
        encoding="utf-8",
    )


def holds_synthetic_data() -> bool:
    return marker_path().exists()


def synthetic_data(request) -> dict:
    """Context processor: `synthetic_data` is true on an installation with demo data."""
    return {"synthetic_data": holds_synthetic_data()}
