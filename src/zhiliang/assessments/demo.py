"""Demo assessment: the default scheme over 常州市's districts, and target links.

Loads `data/default_scheme.yaml` for 常州市, runs it over the city's districts for the
scheme's assessment year, decides the manual checks (deterministically for a seed, as the
office would after checking the evidence) and publishes version 1. Links the targets of
the demo plans to the indicators the synonym table suggests, as a person confirming them
(most of them: the rest wait on the target board).
A second run adds nothing.
"""

import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhiliang.assessments import services
from zhiliang.assessments.choices import ItemKind, SubjectKind
from zhiliang.assessments.matching import suggest_code
from zhiliang.assessments.models import AssessmentResult, AssessmentScheme, ItemScore, TargetLink
from zhiliang.core.models import Region, User
from zhiliang.indicators.models import Indicator
from zhiliang.plans.models import Target

CITY = "3204"
ACCOUNT = "changzhou.office"
SCHEME_CODE = "quality-work-default"
PASS_SHARE = 0.8
CONFIRM_SHARE = 0.7
PASSED_NOTES = ("台账齐全，佐证材料已归档。", "现场核查通过。", "已提交工作总结和签到表。")
FAILED_NOTES = ("佐证材料不全，未达到目标要求。", "未按期开展，已责令整改。")


def demo_assessment_load(*, seed: int = 1) -> dict:
    rng = random.Random(seed)
    made = {"scheme": 0, "results": 0, "links": 0, "skipped": ""}
    if not User.objects.filter(username=ACCOUNT).exists() and Region.objects.filter(code=CITY):
        # The demo makes its accounts after the loaders; the office that runs the
        # assessment is needed now (idempotent: the last step reuses them).
        from zhiliang.demo.accounts import demo_users_ensure

        demo_users_ensure()
    actor = User.objects.filter(username=ACCOUNT, is_active=True).first()
    city = Region.objects.filter(code=CITY).first()
    if actor is None or city is None:
        made["skipped"] = _("no %(a)s account or region %(c)s") % {"a": ACCOUNT, "c": CITY}
        return made
    with transaction.atomic():
        scheme = AssessmentScheme.objects.filter(region=city, code=SCHEME_CODE).first()
        if scheme is None:
            scheme = services.scheme_load_file(region=city, actor=actor)
            made["scheme"] = 1
        exists = AssessmentResult.objects.filter(
            scheme=scheme, region=city, subject_kind=SubjectKind.REGION, period=scheme.period
        ).exists()
        if not exists:
            result = services.result_run(
                actor=actor, scheme=scheme, region=city, subject_kind=SubjectKind.REGION
            )
            checks = ItemScore.objects.filter(entry__result=result, kind=ItemKind.MANUAL)
            for score in checks.order_by("entry__name", "order"):
                passed = rng.random() < PASS_SHARE
                note = rng.choice(PASSED_NOTES if passed else FAILED_NOTES)
                services.itemscore_decide(actor=actor, score=score, passed=passed, note=note)
            # Vetoes the records proposed (major accidents): the office confirms them.
            proposed = ItemScore.objects.filter(
                entry__result=result, kind=ItemKind.VETO, passed=True, decided_by__isnull=True
            )
            for score in proposed.exclude(item__auto_rule=""):
                services.itemscore_decide(actor=actor, score=score, passed=True, note=score.note)
            services.result_publish(actor=actor, result=result)
            made["results"] = 1
        made["links"] = _link_targets(actor, seed)
    return made


def _link_targets(actor, seed: int) -> int:
    """Confirm most suggestions; a few are left for a person to confirm on the board."""
    indicators = {i.code: i for i in Indicator.objects.filter(active=True)}
    catalogue = {code: i.name for code, i in indicators.items()}
    made = 0
    # The office's own plans: a plan of the level above is read below, not linked there.
    for target in Target.objects.managed_by(actor).filter(indicator_link__isnull=True):
        code = suggest_code(target.indicator_text, catalogue=catalogue)
        # Decided per target (not by draw order), so a second run confirms nothing new.
        draw = random.Random(f"{seed}:{target.order}:{target.indicator_text}").random()
        if code and draw < CONFIRM_SHARE:
            services.targetlink_set(
                actor=actor, target=target, indicator=indicators[code], suggested=True
            )
            made += 1
    return made


def demo_assessment_step(*, seed: int) -> str:
    try:
        made = demo_assessment_load(seed=seed)
    except ValidationError as exc:
        return _("assessment: not loaded: %(why)s") % {"why": " ".join(exc.messages)}
    if made["skipped"]:
        return _("assessment: skipped (%(why)s)") % {"why": made["skipped"]}
    numbers = {
        "results": f"{made['results']:,}",
        "links": f"{made['links']:,}",
        "all": f"{TargetLink.objects.count():,}",
    }
    if made["scheme"]:
        text = _(
            "assessment: default scheme loaded, %(results)s result published for 常州市's "
            "districts, %(links)s target links confirmed (%(all)s in all)"
        )
    else:
        text = _(
            "assessment: default scheme kept, %(results)s result published for 常州市's "
            "districts, %(links)s target links confirmed (%(all)s in all)"
        )
    return text % numbers
