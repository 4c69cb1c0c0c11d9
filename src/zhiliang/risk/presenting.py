"""Signals in words, as the office reads them (no method ids, no formulas)."""

from django.utils.translation import gettext as _

from zhiliang.risk import rules
from zhiliang.risk.choices import SignalMethod
from zhiliang.risk.signals.cells import period_label, period_of
from zhiliang.web.templatetags.numbers import count, figure, rate


def window_words(signal) -> str:
    unit = rules.signals()["period"]["unit"]
    first = period_label(period_of(signal.window_start, unit), unit)
    last = period_label(period_of(signal.window_end, unit), unit)
    return first if first == last else _("%(a)s to %(b)s") % {"a": first, "b": last}


def unit_words() -> str:
    unit = rules.signals()["period"]["unit"]
    return _("quarters") if unit == "quarter" else _("months")


def signal_words(signal) -> str:
    params = rules.signals()
    q = figure(params["fdr"]["q"])
    window = window_words(signal)
    if signal.method == SignalMethod.CUSUM:
        return _(
            "%(window)s: %(x)s failed of %(n)s samples (%(r)s) against the cell's baseline of "
            "%(b)s; the cumulative sum of the evidence reached %(s)s, above its limit of %(h)s, "
            "which is set so that a cell in control raises a false alarm once in %(arl)s %(unit)s "
            "on average."
        ) % {
            "window": window,
            "x": count(signal.events),
            "n": count(signal.samples),
            "r": rate(signal.events / signal.samples if signal.samples else 0),
            "b": rate(signal.baseline),
            "s": figure(signal.statistic),
            "h": figure(signal.limit),
            "arl": count(params["cusum"]["arl0"]),
            "unit": unit_words(),
        }
    if signal.method == SignalMethod.FUNNEL:
        return _(
            "%(window)s: %(x)s failed of %(n)s samples (%(r)s) against %(b)s for this product "
            "across the regions of the same level; %(s)s standard errors above it after allowing "
            "for the regions' spread, beyond the funnel's upper limit of %(h)s (p = %(p)s, kept "
            "after controlling false discoveries at %(q)s)."
        ) % {
            "window": window,
            "x": count(signal.events),
            "n": count(signal.samples),
            "r": rate(signal.events / signal.samples if signal.samples else 0),
            "b": rate(signal.baseline),
            "s": figure(signal.statistic),
            "h": figure(signal.limit),
            "p": _p(signal.p_value),
            "q": q,
        }
    if signal.method == SignalMethod.INJURY:
        text = _(
            "%(window)s: %(c)s injury cases reported by the sentinel hospitals against %(m)s "
            "a period since their reporting began; so many or more has a chance of %(p)s for "
            "this cell (the limit, after controlling false discoveries across complaints and "
            "injuries at %(q)s, was %(h)s)."
        )
    elif signal.method == SignalMethod.MONITORING:
        text = _(
            "%(window)s: %(c)s risk-monitoring purchases beyond a limit against %(m)s a period "
            "since the market was first bought in; so many or more has a chance of %(p)s for "
            "this cell (the limit, after controlling false discoveries across the count "
            "series at %(q)s, was %(h)s)."
        )
    else:
        text = _(
            "%(window)s: %(c)s complaints against %(m)s a period before; so many or more has "
            "a chance of %(p)s for this cell (the limit, after controlling false discoveries "
            "across complaints and injuries at %(q)s, was %(h)s)."
        )
    return text % {
        "window": window,
        "c": count(signal.events),
        "m": figure(signal.baseline, 1),
        "p": _p(signal.p_value),
        "q": q,
        "h": count(signal.limit),
    }


def _p(value) -> str:
    if value is None:
        return "—"
    return "< 0.0001" if value < 0.0001 else figure(value, 4)
