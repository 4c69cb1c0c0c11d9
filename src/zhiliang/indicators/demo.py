"""Demo step: load the catalogue and compute the demo years (runs last: it reads what the
other steps loaded)."""

from django.utils.translation import gettext as _

from zhiliang.indicators import services


def demo_indicators_step(*, seed: int) -> str:
    loaded = services.indicators_load()
    run = services.indicators_compute(trigger="demo", load=False)
    return _("indicators: %(n)s in the catalogue; %(run)s") % {
        "n": f"{loaded['indicators']:,}",
        "run": run.message,
    }
