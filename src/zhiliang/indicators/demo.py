"""Demo step: load the catalogue and compute the demo years (runs last: it reads what the
other steps loaded)."""

from zhiliang.indicators import services


def demo_indicators_step(*, seed: int) -> str:
    loaded = services.indicators_load()
    run = services.indicators_compute(trigger="demo", load=False)
    return f"indicators: {loaded['indicators']} in the catalogue; {run.message}"
