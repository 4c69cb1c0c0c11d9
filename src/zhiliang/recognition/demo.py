"""Demo of the evaluation engine in 常州市: one full round of the 市长质量奖 (applications
from 武进区 and 新北区, one refused as ineligible at the formal check, panels drawn with a
conflict excluded, scores with a disputed item sent back for consensus, the public notice
with an objection, decisions), district credit-grade rounds, and earlier holders."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.models import Region, User
from zhiliang.enterprises.choices import IN_BUSINESS
from zhiliang.enterprises.models import Enterprise
from zhiliang.recognition import eligibility, rules, services
from zhiliang.recognition.models import Application, Expert, Holder, Round

CITY, DISTRICTS = "3204", ("320412", "320411")
ACCOUNT = "changzhou.office"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SPECIALITIES = ("质量管理", "卓越绩效", "标准化", "计量", "检验检测", "品牌管理")


def _candidates(code, n=12):
    qs = Enterprise.objects.in_region(code).filter(status__in=IN_BUSINESS).order_by("id")
    return list(qs.select_related("region")[:n])


def _experts(city, districts):
    experts = []
    for i in range(9):
        experts.append(
            Expert(
                name=f"评审专家{i + 1:02d}",
                speciality=SPECIALITIES[i % 6],
                organisation=("常州大学", "常州市质量协会", "江苏理工学院")[i % 3],
                region=city,
            )
        )
    for region in districts:
        for i in range(2):
            experts.append(
                Expert(
                    name=f"{region.name}专家{i + 1}",
                    speciality=SPECIALITIES[i],
                    organisation=f"{region.name}质量协会",
                    region=region,
                )
            )
    bulk_create_with_history(experts, Expert, default_change_reason="demo")
    return list(Expert.objects.filter(region=city).order_by("id"))


def _points(items, share, override=None):
    out = {i["code"]: round(i["points"] * share, 1) for i in items}
    out.update(override or {})
    return out


def _full_round(actor, city, today):
    items = rules.items("excellence_award")
    round_ = services.round_create(
        actor=actor,
        data={
            "scheme": "excellence_award",
            "year": today.year,
            "level": "city",
            "title": f"{today.year}年度常州市市长质量奖",
            "region": city,
            "opens_on": today - timedelta(days=50),
            "panel_size": 3,
        },
    )
    firms = [f for code in DISTRICTS for f in _candidates(code)]
    failed = eligibility.failing("excellence_award", [f.pk for f in firms], today)
    bad = set().union(*failed.values())
    good = [f for f in firms if f.pk not in bad]
    applicants = []
    for code in DISTRICTS:  # one from each district, then the next eligible
        district = Region.objects.get(code=code)
        applicants += [g for g in good if district.contains(g.region)][:1]
    applicants += [g for g in good if g not in applicants][: 3 - len(applicants)]
    submitted = today - timedelta(days=40)
    apps = []
    for firm in applicants:
        a = services.application_submit(
            actor=actor, data={"round": round_, "enterprise": firm, "submitted_on": submitted}
        )
        services.document_add(
            actor=actor,
            application=a,
            title="申报书及自评报告",
            upload=SimpleUploadedFile("申报书.pdf", PDF),
        )
        apps.append(a)
    refused = 0
    ineligible = [f for f in firms if f.pk in bad][:1]
    for firm in ineligible:  # applied before it became ineligible: refused at the check
        a = Application.objects.create(
            round=round_, enterprise=firm, region=firm.region, submitted_on=submitted
        )
        services.application_check(actor=actor, application=a, passed=True, on=submitted)
        refused += 1
    experts = _experts(city, [Region.objects.get(code=c) for c in DISTRICTS])
    if apps:  # a conflict: an expert employed by the first applicant is never drawn
        experts[0].employer = apps[0].enterprise
        experts[0].save()
    for n, a in enumerate(apps):
        services.application_check(
            actor=actor,
            application=a,
            passed=True,
            note="材料齐全",
            on=submitted + timedelta(days=2),
        )
        services.panel_draw(actor=actor, application=a, seed=20260000 + a.pk)
        seats = list(a.seats.order_by("order"))
        share = (0.82, 0.74, 0.58)[n % 3]
        disputed = {0: {"4.1.2": 40}, 1: {"4.1.2": 28}, 2: {"4.1.2": 45}} if n == 0 else {}
        for i, seat in enumerate(seats):
            services.scores_submit(
                actor=actor, seat=seat, points=_points(items, share + i * 0.01, disputed.get(i))
            )
        a.refresh_from_db()
        if a.status == "consensus":
            for seat, value in zip(seats, (40, 38, 42), strict=False):
                services.scores_submit(
                    actor=actor, seat=seat, points={d["item"]: value for d in a.disputed}
                )
            a.refresh_from_db()
        services.site_review(
            actor=actor,
            application=a,
            passed=n < 2,
            note="现场评审与申报材料一致" if n < 2 else "现场评审发现过程管理证据不足",
        )
    start = today - timedelta(days=10)
    services.publicity_start(actor=actor, round=round_, on=start)
    for n, a in enumerate(apps):
        a.refresh_from_db()
        if n == 0:
            o = services.objection_add(
                actor=actor,
                application=a,
                received_on=start + timedelta(2),
                text="来信反映该企业产品曾被消费者投诉",
            )
            services.objection_settle(
                actor=actor,
                objection=o,
                outcome="dismissed",
                note="经核实投诉已依法处理完毕，不影响评审结论",
            )
        services.application_decide(
            actor=actor,
            application=a,
            award=a.status == "publicity",
            note="市政府常务会议审定",
            on=today,
        )
    return len(apps) + refused, refused


def _district_rounds(actor, today):
    for code in DISTRICTS:
        region = Region.objects.get(code=code)
        services.round_create(
            actor=actor,
            data={
                "scheme": "credit_grade",
                "year": today.year,
                "level": "district",
                "title": f"{today.year}年{region.name}企业质量信用等级评价",
                "region": region,
                "opens_on": today - timedelta(days=5),
                "panel_size": 3,
            },
        )


def _earlier_holders(today):
    rows = []
    kinds = (
        ("brand", "provincial", "", 3),
        ("brand", "city", "", 3),
        ("credit_grade", "district", "AA", 3),
        ("credit_grade", "city", "AAA", 3),
        ("standardization", "provincial", "AAA", 3),
        ("excellence", "city", "", 5),
        ("nomination", "city", "", 5),
    )
    for code in DISTRICTS:
        for i, firm in enumerate(_candidates(code, 20)[5 : 5 + len(kinds)]):
            kind, level, grade, years = kinds[i]
            year = today.year - 1 - i % 2
            start = date(year, 12, 1)
            rows.append(
                Holder(
                    kind=kind,
                    enterprise=firm,
                    region=firm.region,
                    level=level,
                    grade=grade,
                    product="电动自行车"
                    if kind == "brand" and i % 2
                    else ("工业电机" if kind == "brand" else ""),
                    year=year,
                    valid_from=start,
                    valid_until=start.replace(year=year + years),
                    certificate_number=f"{code}-{year}-H{i + 1:03d}",
                )
            )
    bulk_create_with_history(rows, Holder, default_change_reason="demo")
    return len(rows)


def demo_recognition_step(*, seed: int) -> str:
    if Round.objects.filter(region__code=CITY).exists():
        return _("recognition: already loaded")
    city = Region.objects.filter(code=CITY).first()
    if city is None or not _candidates(DISTRICTS[0]):
        return _("recognition: no enterprises")
    if not User.objects.filter(username=ACCOUNT).exists():
        from zhiliang.demo.accounts import demo_users_ensure

        demo_users_ensure()
    actor = User.objects.get(username=ACCOUNT)
    today = timezone.localdate()
    with transaction.atomic():
        applied, refused = _full_round(actor, city, today)
        _district_rounds(actor, today)
        holders = _earlier_holders(today)
    return _(
        "recognition: 1 full round (%(a)s applications, %(r)s refused), %(h)s earlier holders"
    ) % {"a": applied, "r": refused, "h": holders}
