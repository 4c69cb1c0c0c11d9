import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Risk signals. `risk refresh` feeds failed samples into the risk information and "
        "recomputes the signals; `risk signals [--json]` lists the open signals; "
        "`risk calibrate [--json] [--store]` simulates the configured signals and prints the "
        "false-alarm rate, the in-control run length and the delay to detect a doubling."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="feed failed samples, recompute the signals")
        refresh.add_argument("--today", help="ISO date (default: today)")
        signals = sub.add_parser("signals", help="list the open signals")
        signals.add_argument("--json", action="store_true")
        calibrate = sub.add_parser("calibrate", help="simulate and print the figures")
        calibrate.add_argument("--json", action="store_true")
        calibrate.add_argument("--store", action="store_true", help="store them for the risk page")
        calibrate.add_argument(
            "--grid", action="store_true", help="simulate the data file's grid, not the database"
        )

    def handle(self, *args, action, **options):
        today = _day(options.get("today"))
        if action == "refresh":
            from zhiliang.risk.refresh import signals_refresh
            from zhiliang.risk.services import risk_information_feed_sampling

            fed = risk_information_feed_sampling()
            counts = signals_refresh(today=today)
            self.stdout.write(
                f"{fed} failed samples fed; signals: {counts['opened']} opened, "
                f"{counts['updated']} updated, {counts['closed']} closed"
            )
        elif action == "signals":
            self._signals(as_json=options["json"])
        else:
            self._calibrate(
                today, as_json=options["json"], store=options["store"], grid=options["grid"]
            )

    def _signals(self, *, as_json: bool):
        from zhiliang.risk.selectors import open_signals

        rows = [
            {
                "product": f"{s.product.code} {s.product.name}",
                "region_code": s.region.code,
                "region": s.region.name,
                "method": s.method,
                "statistic": round(s.statistic, 4),
                "limit": round(s.limit, 4),
                "baseline": round(s.baseline, 5),
                "p_value": s.p_value,
                "window": [s.window_start.isoformat(), s.window_end.isoformat()],
                "opened": s.opened_on.isoformat(),
            }
            for s in open_signals()
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            self.stdout.write(
                f"{r['opened']}  {r['product']}  {r['region_code']} {r['region']}  {r['method']}  "
                f"{r['statistic']} > {r['limit']}"
            )
        self.stdout.write(f"{len(rows)} open signals")

    def _calibrate(self, today, *, as_json: bool, store: bool, grid: bool):
        from zhiliang.risk import rules
        from zhiliang.risk.refresh import calibration_store, signal_cells
        from zhiliang.risk.signals.calibrate import calibrate

        params = rules.signals()
        cells = None if grid else signal_cells(today=today, params=params)[0]
        figures = calibrate(params, cells)
        if store:
            calibration_store(figures)
        if as_json:
            self.stdout.write(json.dumps(figures, indent=2))
            return
        self.stdout.write(
            f"false alarms per cell-period {figures['false_alarm_rate']:.4f} "
            f"(goal ≤ {figures['goal_false_alarm_rate']}); ARL₀ {figures['arl0']} periods; "
            f"a doubling found after {figures['detection_delay_doubling']} periods on the "
            f"median cell (goal ≤ {figures['goal_detection_delay']}); the best any method "
            f"could do there: {figures['best_possible']['median_cell_delay']} periods"
        )


def _day(text: str | None) -> date:
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today: {text} is not an ISO date (2026-03-31)") from None
