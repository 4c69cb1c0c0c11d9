"""The daily job of the risk app: failed samples and accidents fed into the risk
information, signals refreshed, and the calibration recomputed once a week (or when it is
missing)."""

from datetime import date, timedelta

from django.utils import timezone
from django_tasks import task


@task()
def refresh_signals(today: str) -> int:
    from zhiliang.risk import services
    from zhiliang.risk.refresh import calibration_refresh, signals_refresh
    from zhiliang.risk.selectors import latest_calibration

    day = date.fromisoformat(today)
    services.risk_information_feed_sampling()
    services.risk_information_feed_accidents()
    counts = signals_refresh(today=day)
    last = latest_calibration()
    if last is None or last.computed_at < timezone.now() - timedelta(days=7):
        calibration_refresh(today=day)
    return counts["opened"]
