"""Demo standards registry for 常州市, deterministic for a seed: national, industry and group
standards (reference data), Jiangsu and Changzhou local standards, alliance and enterprise
standards in 武进区 and 新北区, the standards enterprises apply to their products with
self-declarations (some incomplete), adoptions, draftings and pilots."""

from datetime import date, timedelta

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.models import Region
from zhiliang.enterprises.models import EnterpriseProduct
from zhiliang.standards import rules
from zhiliang.standards.models import (
    Adoption,
    Drafting,
    EnterpriseStandard,
    Pilot,
    Review,
    Standard,
)

CITY, COUNTIES = "3204", ("320411", "320412")
# (number, title, issued, implemented, adopts (foreign, body, degree) or None)
NATIONAL = (
    ("GB 4706.1-2005", "家用和类似用途电器的安全 第1部分：通用要求", "2005-08-26", "2006-08-01",
     ("IEC 60335-1:2004", "IEC", "IDT")),
    ("GB/T 19580-2012", "卓越绩效评价准则", "2012-03-09", "2012-08-01", None),
    ("GB 18401-2010", "国家纺织产品基本安全技术规范", "2011-01-14", "2012-08-01", None),
    ("GB 6675.1-2014", "玩具安全 第1部分：基本规范", "2014-05-06", "2016-01-01", None),
    ("GB 4806.1-2016", "食品安全国家标准 食品接触材料及制品通用安全要求", "2016-10-19",
     "2017-10-19", None),
    ("GB/T 19001-2016", "质量管理体系 要求", "2016-12-30", "2017-07-01",
     ("ISO 9001:2015", "ISO", "IDT")),
    ("GB/T 2828.1-2012", "计数抽样检验程序 第1部分：按接收质量限(AQL)检索的逐批检验抽样计划",
     "2012-11-05", "2013-02-15", ("ISO 2859-1:1999", "ISO", "IDT")),
    ("GB 17761-2018", "电动自行车安全技术规范", "2018-05-15", "2019-04-15", None),
    ("QB/T 1333-2018", "背提包", "2018-04-30", "2018-10-01", None),
)  # fmt: skip
FAMILY_STANDARD = {"01": "GB 4706.1-2005", "05": "GB 6675.1-2014", "06": "GB 4806.1-2016",
                   "08": "GB 18401-2010", "04": "GB 17761-2018"}  # fmt: skip
NAMES = {"320411": ("新北", "XB"), "320412": ("武进", "WJ")}


def _d(text) -> date:
    return date.fromisoformat(text)


def _std(number, title, level, issued, implemented, **extra) -> Standard:
    standard = Standard(number=rules.normalize_number(number), title=title, level=level,
                        issued_on=issued, implemented_on=implemented, **extra)  # fmt: skip
    standard.derive()
    return standard


def _links(code: str, limit: int) -> list[EnterpriseProduct]:
    qs = EnterpriseProduct.objects.in_region(code).select_related("enterprise__region",
                                                                  "product__parent")  # fmt: skip
    return list(qs.order_by("enterprise_id", "product_id")[:limit])


def _items(category: str, rng, complete: bool) -> list[dict]:
    family = rules.family(category)
    wanted = family["indicators"] if family else ["外观", "主要性能"]
    items = [{"indicator": name, "method": f"见{i + 1}.{int(rng.integers(1, 9))}"}
             for i, name in enumerate(wanted)]  # fmt: skip
    if not complete:
        items = items[:-1] if len(items) > 2 else items
        items[0]["method"] = ""
    return items


def _county(rng, code, today, national):
    """Alliance and enterprise standards, the standards applied, adoptions, draftings and a
    pilot in one district."""
    place, abbr = NAMES[code]
    region = Region.objects.get(code=code)
    links = _links(code, 40)
    if not links:
        return [], [], [], [], []
    firms = list(dict.fromkeys(link.enterprise for link in links))
    standards = [_std(f"LM/{abbr}DJ 001-2022", f"{place}区电机产业联盟标准 高效三相异步电动机",
                      "alliance", _d("2022-03-01"), _d("2022-06-01"), region=region,
                      publisher=f"{place}区电机产业标准联盟")]  # fmt: skip
    own = {}
    for i, firm in enumerate(firms[:8]):
        issued = date(today.year - (1 + i % 5), 1 + i % 12, 10)
        number = f"Q/{abbr}{firm.pk:04d} {i + 1:03d}-{issued.year}"
        own[firm.pk] = _std(number, f"{firm.name}企业标准 产品技术条件", "enterprise", issued,
                            issued, enterprise=firm, region=firm.region)  # fmt: skip
        standards.append(own[firm.pk])
    bulk_create_with_history(standards, Standard, default_change_reason="demo")
    saved = {s.number: s for s in Standard.objects.filter(number__in=[s.number for s in standards])}
    applied, adoptions, draftings = [], [], []
    for i, link in enumerate(links):
        category = link.product.parent.code if link.product.parent_id else link.product.code
        number = FAMILY_STANDARD.get(category)
        standard = national.get(number) or saved.get(getattr(own.get(link.enterprise_id),
                                                              "number", None))  # fmt: skip
        if standard is None or i % 6 == 5:  # some products have no declared standard
            continue
        row = EnterpriseStandard(
            enterprise=link.enterprise, product=link.product, made=link, standard=standard,
            region=link.enterprise.region,
            declared_on=date(today.year - 1, 3, 1) if i % 7 != 3 else None,
        )  # fmt: skip
        row.items = _items(category, rng, complete=i % 4 != 1) if row.declared_on else []
        row.derive()
        applied.append(row)
        if i % 5 == 0:
            adoptions.append(Adoption(
                enterprise=link.enterprise, product=link.product, made=link,
                region=link.enterprise.region, foreign_number="EN 71-1:2014+A1:2018"
                if category == "05" else "IEC 60335-2-15:2016", foreign_body="EN"
                if category == "05" else "IEC", degree="MOD" if i % 2 else "IDT",
                adopted_on=date(today.year - 1, 6, 1),
            ))  # fmt: skip
    leader, member = firms[0], firms[1 % len(firms)]
    draftings += [
        Drafting(standard=national["GB 17761-2018"], enterprise=leader, region=leader.region,
                 role="lead", kind="revision"),
        Drafting(standard=national["QB/T 1333-2018"], enterprise=member, region=member.region,
                 role="member", kind="revision"),
        Drafting(standard=saved[f"LM/{abbr}DJ 001-2022"], enterprise=leader,
                 region=leader.region, role="lead", kind="new"),
    ]  # fmt: skip
    pilot = Pilot(name=f"{place}区智能制造标准化试点", level="provincial", kind="pilot",
                  field="industry", region=region, enterprise=leader,
                  starts_on=date(today.year - 2, 1, 1), ends_on=date(today.year, 12, 31),
                  status="building")  # fmt: skip
    return list(saved.values()), applied, adoptions, draftings, [pilot]


def _reviews(standards, today) -> list[Review]:
    """Each standard's open cycle; every other standard already due was reviewed (on time or
    a month late), the rest are overdue."""
    out = []
    for i, s in enumerate(standards):
        due = s.review_due_on
        if due and due <= today and i % 2 == 0:
            done = due if i % 4 == 0 else min(due + timedelta(days=30), today)
            out.append(Review(standard=s, due_on=due, reviewed_on=done, conclusion="confirmed"))
            s.reviewed_on = done
            s.derive()
            s.save(update_fields=["reviewed_on", "review_due_on"])
        out.append(Review(standard=s, due_on=s.review_due_on))
    return out


def demo_standards_step(*, seed: int) -> str:
    if Standard.objects.filter(number="GB/T 19580-2012").exists():
        return _("standards: already loaded")
    rng = np.random.default_rng(seed * 7919 + 18)
    today = timezone.localdate()
    province, city = Region.objects.filter(code="32").first(), Region.objects.get(code=CITY)
    with transaction.atomic():
        base = [_std(n, t, rules.guess_level(rules.normalize_number(n)), _d(i), _d(m))
                for n, t, i, m, _a in NATIONAL]  # fmt: skip
        base += [
            _std("GB 4706.1-1998", "家用和类似用途电器的安全 第一部分：通用要求", "national",
                 _d("1998-07-08"), _d("1999-06-01"), withdrawn_on=_d("2006-08-01")),
            _std("T/JSQA 001-2021", "江苏精品 认证通用要求", "group", _d("2021-05-20"),
                 _d("2021-06-01"), publisher="江苏省质量协会"),
            _std("DB3204/T 1001-2021", "常州市质量强市建设评价规范", "local", _d("2021-09-01"),
                 _d("2021-10-01"), region=city),
        ]  # fmt: skip
        if province is not None:
            base.append(_std("DB32/T 3748-2020", "企业标准自我声明公开评价规范", "local",
                             _d("2020-03-10"), _d("2020-04-10"), region=province))  # fmt: skip
        bulk_create_with_history(base, Standard, default_change_reason="demo")
        national = {
            s.number: s for s in Standard.objects.filter(number__in=[b.number for b in base])
        }
        old = national["GB 4706.1-1998"]
        old.replaced_by = national["GB 4706.1-2005"]
        old.save(update_fields=["replaced_by"])
        adoptions = [Adoption(standard=national[n], foreign_number=a[0], foreign_body=a[1],
                              degree=a[2], adopted_on=_d(i))
                     for n, _t, i, _m, a in NATIONAL if a]  # fmt: skip
        everything = list(national.values())
        applied, draftings, pilots = [], [], []
        for code in COUNTIES:
            made, a, ad, dr, pi = _county(rng, code, today, national)
            everything += made
            applied, adoptions = applied + a, adoptions + ad
            draftings, pilots = draftings + dr, pilots + pi
        draftings.append(
            Drafting(
                standard=national["DB3204/T 1001-2021"],
                region=city,
                organization_name="常州市标准化研究院",
                role="lead",
                kind="new",
            )
        )
        pilots.append(Pilot(name="常州市国家级服务业标准化试点（质量技术服务）", level="national",
                            kind="demonstration", field="services", region=city,
                            undertaker="常州市市场监督管理局", starts_on=date(today.year - 3, 1, 1),
                            ends_on=date(today.year - 1, 12, 31), status="accepted"))  # fmt: skip
        reviews = _reviews([s for s in everything if s.withdrawn_on is None], today)
        for model, rows in (
            (Review, reviews),
            (EnterpriseStandard, applied),
            (Adoption, adoptions),
            (Drafting, draftings),
            (Pilot, pilots),
        ):
            bulk_create_with_history(rows, model, default_change_reason="demo")
    return _("standards: %(s)s standards, %(a)s standards applied, %(d)s draftings, "
             "%(p)s pilots") % {"s": len(everything), "a": len(applied), "d": len(draftings),
                                "p": len(pilots)}  # fmt: skip
