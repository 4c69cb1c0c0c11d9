"""Demo survey for 常州市: one year's satisfaction measurement with about 3,000 responses
over its districts and three sectors, deterministic for a seed.

Each district and sector has its own level (around the target of 80), so the page shows
cells met, not met and cannot tell; one cell is too small to publish and one is marked as
a small sample; about one respondent in a hundred answers every question alike.
"""

from datetime import date, timedelta

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.choices import RegionLevel
from zhiliang.core.models import Region
from zhiliang.satisfaction import rules
from zhiliang.satisfaction.models import Response, Survey

CITY = "3204"
SECTORS = ("productive_services", "consumer_services", "public_services")
PER_CELL = 180


def _answers(rng, level: float, n: int) -> np.ndarray:
    """n respondents × the questions: a respondent's level plus each question's noise,
    rounded and kept on the scale."""
    low, high = rules.scale()
    k = len(rules.question_codes())
    person = level + rng.normal(0, 0.9, size=(n, 1))
    raw = person + rng.normal(0, 0.8, size=(n, k))
    out = np.clip(np.rint(raw), low, high).astype(int)
    liners = rng.random(n) < 0.01
    out[liners] = out[liners, :1]  # the first answer everywhere
    return out


def demo_satisfaction_step(*, seed: int) -> str:
    if Survey.objects.filter(region__code=CITY).exists():
        return _("satisfaction: already loaded")
    city = Region.objects.filter(code=CITY).first()
    counties = list(Region.objects.subtree(CITY).filter(level=RegionLevel.COUNTY).order_by("code"))
    if city is None or not counties:
        return _("satisfaction: no regions")
    year = timezone.localdate().year - 1
    survey = Survey(
        code=f"CS{year}-{CITY}",
        year=year,
        title=f"{year}年常州市服务业顾客满意度测评",
        region=city,
        conducted_by="江苏省质量和标准化研究院（演示）",
        fieldwork_from=date(year, 9, 1),
        fieldwork_to=date(year, 10, 31),
    )
    survey.save()
    rng = np.random.default_rng(seed * 7919 + 20)
    codes = rules.question_codes()
    objs = []
    for ci, county in enumerate(counties):
        for si, sector in enumerate(SECTORS):
            n = PER_CELL
            if (ci, si) == (len(counties) - 1, 2):
                n = 18  # too few to publish
            elif (ci, si) == (0, 2):
                n = 60  # published, marked as a small sample
            level = 7.8 + 0.35 * ((ci * 3 + si * 2) % 5) - 0.2 * si
            answers = _answers(rng, level, n)
            days = rng.integers(0, 61, size=n)
            for i in range(n):
                response = Response(
                    survey=survey,
                    respondent=f"{county.code}-{si + 1}-{i + 1:04d}",
                    region=county,
                    sector=sector,
                    surveyed_on=survey.fieldwork_from + timedelta(days=int(days[i])),
                    weight=1.0,
                    answers={c: int(a) for c, a in zip(codes, answers[i], strict=True)},
                )
                response.derive()
                objs.append(response)
    with transaction.atomic():
        bulk_create_with_history(objs, Response, batch_size=2000, default_change_reason="demo")
    return _("satisfaction: one survey with %(n)s responses") % {"n": f"{len(objs):,}"}
