"""Demo of the early-warning app: the walk from the planted problem to action, as an office
would take it, through the services.

The risk demo plants 0401 电动自行车 failing at three times its rate in 武进区 (320412); its
signal is assessed (serious: severity 3, probability 1/200), the city office decides on a
card, issues a yellow card to 武进区 with its 专项整治 plan, takes a targeted sampling plan
from it and alerts the district's inspectors. In 新北区 (320411) the children's-bicycle
complaints and report are assessed (high), carded, and a consumer risk warning is published.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from zhiliang.core.models import Region, User
from zhiliang.earlywarning.choices import Decision, WarningKind
from zhiliang.earlywarning.models import Card
from zhiliang.enterprises.models import Enterprise, Product
from zhiliang.risk.choices import SignalStatus
from zhiliang.risk.models import RiskInformation, Signal

CITY_ACCOUNT = "changzhou.office"
WALK = {
    "region": "320412",
    "product": "0401",
    "hazard": "fire",
    "scenario": "电动自行车锂电池组在室内充电时热失控，引燃周围可燃物，致使用者及家人烧伤。",
    "severity": 3,
    "steps": [
        {"text": "充电时电池组热失控（抽检不合格批次）", "p": 0.05},
        {"text": "热失控发展为起火", "p": 0.5},
        {"text": "起火时有人在场且未能及时逃离", "p": 0.2},
    ],
    "problem": "武进区电动自行车近两个季度监督抽查不合格率升至基准的三倍，"
    "并集中出现充电起火投诉，属区域性产品质量安全问题。",
}
XINBEI = {
    "region": "320411",
    "product": "0404",
    "hazard": "mechanical",
    "scenario": "儿童自行车链条防护罩缺失，儿童骑行时手指被链条夹伤。",
    "severity": 2,
    "steps": [{"text": "链条防护罩缺失", "p": 0.05}, {"text": "骑行时手指接触链条", "p": 0.1}],
    "problem": "新北区儿童自行车链条防护罩缺失的投诉集中，须组织专项整治。",
    "advice": "请检查儿童自行车链条防护罩是否完好；缺失的请停止使用并联系销售者更换。",
}


def _actor() -> User:
    user = User.objects.filter(username=CITY_ACCOUNT).first()
    if user is None:
        from zhiliang.demo.accounts import demo_users_ensure

        demo_users_ensure()  # idempotent; the demo runs it again at its end
        user = User.objects.get(username=CITY_ACCOUNT)
    return user


def _assess(actor, walk, source: dict):
    from zhiliang.earlywarning import services

    data = {k: walk[k] for k in ("hazard", "scenario", "severity", "steps")}
    assessment = services.assessment_start(actor=actor, data={**data, **source})
    services.assessment_decide(
        actor=actor, assessment=assessment, decision=Decision.CARD, note=walk["problem"]
    )
    return assessment


def _card(actor, walk, assessment, signal=None):
    from zhiliang.earlywarning import services

    return services.card_issue(
        actor=actor,
        data={
            "region": Region.objects.get(code=walk["region"]),
            "colour": "yellow",
            "product": assessment.product,
            "hazard": walk["hazard"],
            "problem": walk["problem"],
            "assessment": assessment,
            "signal": signal,
        },
    )


def demo_warnings_step(*, seed: int) -> str:
    from zhiliang.earlywarning import services

    if Card.objects.exists():
        return _("warnings: already loaded")
    signal = (
        Signal.objects.filter(
            status=SignalStatus.OPEN,
            region__code=WALK["region"],
            product__code=WALK["product"],
        )
        .order_by("method", "id")
        .first()
    )
    report = (
        RiskInformation.objects.filter(region__code=XINBEI["region"], product__code="0404")
        .order_by("id")
        .first()
    )
    if signal is None or report is None:
        return _("warnings: no planted signal to assess")
    actor = _actor()
    with transaction.atomic():
        assessment = _assess(actor, WALK, {"signal": signal})
        card = _card(actor, WALK, assessment, signal)
        services.action_sampling(actor=actor, card=card)
        alert = services.warning_create(
            actor=actor,
            data={
                "kind": WarningKind.ALERT,
                "assessment": assessment,
                "region": card.region,
                "product": card.product,
                "hazard": card.hazard,
                "title": _("Alert: %(p)s in %(r)s")
                % {"p": card.product.name, "r": card.region.name},
                "text": WALK["problem"],
            },
        )
        services.warning_publish(actor=actor, warning=alert)
        other = _assess(actor, XINBEI, {"information": report})
        other_card = _card(actor, XINBEI, other)
        action = services.action_announcement(actor=actor, card=other_card, advice=XINBEI["advice"])
        services.warning_publish(actor=actor, warning=action.made_warning)
        # From the published warning, a risk notice to a maker of the district.
        maker = Enterprise.objects.in_region(XINBEI["region"]).order_by("id").first()
        if maker is not None:
            services.action_notice(actor=actor, warning=action.made_warning, enterprises=[maker])
    return _(
        "warnings: the %(p)s signal of %(r)s assessed %(level)s, a yellow card with its plan "
        "and a targeted sampling plan; a card and a published consumer warning in %(o)s"
    ) % {
        "p": f"{signal.product.code} {Product.objects.get(pk=signal.product_id).name}",
        "r": signal.region.name,
        "level": assessment.get_level_display(),
        "o": other_card.region.name,
    }
