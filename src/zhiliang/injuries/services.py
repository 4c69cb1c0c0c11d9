"""Writes of injury surveillance: sentinel hospitals and case reports.

Every write: the role, the guard (jurisdiction of the hospital's region), the record's rules
(`Model.clean()` and the validators here), history. A case names its products by catalogue
code (`product_codes`, a list or text such as "0401, 0107").
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zhiliang.core.guards import (
    require_perm,
    require_visible,
    save_in_jurisdiction,
)
from zhiliang.enterprises.models import Product
from zhiliang.injuries.models import InjuryCase, InjuryCaseProduct, SentinelHospital

_SPLIT = re.compile(r"[\s,，;；、/]+")


def parse_codes(value) -> list[str]:
    """Product codes from a list or a text ("0401, 0107"), each once, in order."""
    items = value if isinstance(value, list | tuple) else _SPLIT.split(str(value or ""))
    out: list[str] = []
    for item in items:
        code = str(item).strip()
        if code and code not in out:
            out.append(code)
    return out


# -- hospitals ---------------------------------------------------------------------------


def hospital_validate(*, data: dict, instance=None, context=None) -> SentinelHospital:
    hospital = instance or SentinelHospital()
    for field, value in data.items():
        setattr(hospital, field, value)
    errors = {}
    try:
        hospital.full_clean(exclude=["region"], validate_unique=False)
    except ValidationError as exc:
        errors = dict(exc.error_dict)
    if hospital.region_id is None:
        errors["region"] = [_("Give the hospital's region.")]
    if "code" not in errors and hospital.code:
        taken = SentinelHospital.objects.filter(code=hospital.code).exclude(pk=hospital.pk)
        if taken.exists():
            errors["code"] = [_("A hospital with code %(c)s is registered.") % {"c": hospital.code}]
    if errors:
        raise ValidationError(errors)
    return hospital


def hospital_create(*, actor, data: dict) -> SentinelHospital:
    require_perm(actor, "injuries.add_sentinelhospital")
    return save_in_jurisdiction(actor, hospital_validate(data=data))


def hospital_update(*, actor, hospital: SentinelHospital, data: dict) -> SentinelHospital:
    require_perm(actor, "injuries.change_sentinelhospital")
    require_visible(actor, hospital)
    hospital = hospital_validate(data=data, instance=hospital)
    if hospital.pk and InjuryCase.objects.filter(hospital=hospital).exists():
        # Dates already reported must stay inside the hospital's reporting period.
        cases = InjuryCase.objects.filter(hospital=hospital)
        outside = cases.filter(treated_on__lt=hospital.joined_on)
        if hospital.left_on:
            outside = outside | cases.filter(treated_on__gt=hospital.left_on)
        if outside.exists():
            raise ValidationError(
                {"joined_on": [_("Cases reported by this hospital lie outside these dates.")]}
            )
    return save_in_jurisdiction(actor, hospital)


# -- cases -------------------------------------------------------------------------------


def _products(codes: list[str], context: dict) -> tuple[list, list[str]]:
    known = context.get("products")
    if known is None:
        known = {p.code: p for p in Product.objects.filter(code__in=codes)}
    found = [known[c] for c in codes if c in known]
    return found, [c for c in codes if c not in known]


def case_validate(*, data: dict, instance=None, context=None) -> InjuryCase:
    """`instance` (or a new case) with `data` applied, checked: its own rules, its products
    in the catalogue, its number not taken at its hospital. `context` may carry the
    importer's `products` (code → Product) and `taken` ({(hospital id, number)})."""
    context = context or {}
    data = dict(data)
    codes = parse_codes(data.pop("product_codes")) if "product_codes" in data else None
    case = instance or InjuryCase()
    for field, value in data.items():
        setattr(case, field, value)
    if case.hospital_id is not None:
        case.region_id = case.hospital.region_id
    errors = {}
    try:
        case.full_clean(exclude=["hospital", "region", "product_codes"], validate_unique=False)
    except ValidationError as exc:
        errors = dict(exc.error_dict)
    if case.hospital_id is None:
        errors["hospital"] = [_("Give the sentinel hospital.")]
    if codes is not None:
        products, unknown = _products(codes, context)
        if unknown:
            errors["product_codes"] = [
                _("Not codes of the product catalogue: %(c)s.") % {"c": "、".join(unknown)}
            ]
        elif not products:
            errors["product_codes"] = [_("Give at least one product code of the catalogue.")]
        case._products = products
        case.product_codes = " ".join(p.code for p in products)
    elif case.pk is None:
        errors["product_codes"] = [_("Give at least one product code of the catalogue.")]
    numbered = "case_number" not in errors and case.case_number and case.hospital_id
    if numbered and _number_taken(case, context):
        errors["case_number"] = [
            _("Case %(n)s of this hospital is already registered.") % {"n": case.case_number}
        ]
    if errors:
        raise ValidationError(errors)
    return case


def _number_taken(case: InjuryCase, context: dict) -> bool:
    taken = context.get("taken")
    if taken is not None:
        return (case.hospital_id, case.case_number) in taken
    others = InjuryCase.objects.filter(hospital_id=case.hospital_id, case_number=case.case_number)
    return others.exclude(pk=case.pk).exists()


def _save_case(actor, case: InjuryCase) -> InjuryCase:
    with transaction.atomic():
        save_in_jurisdiction(actor, case)
        links = InjuryCaseProduct.objects.filter(case=case)
        copied = {"hospital_id": case.hospital_id, "region_id": case.region_id}
        copied["treated_on"] = case.treated_on
        products = getattr(case, "_products", None)
        if products is not None:
            links.exclude(product__in=products).delete()
            have = set(links.values_list("product_id", flat=True))
            InjuryCaseProduct.objects.bulk_create(
                [
                    InjuryCaseProduct(case=case, product=p, **copied)
                    for p in products
                    if p.pk not in have
                ]
            )
        links.update(**copied)
    return case


def _guard_hospital(actor, data: dict) -> None:
    hospital = data.get("hospital")
    if (
        hospital is not None
        and not SentinelHospital.objects.visible_to(actor).filter(pk=hospital.pk).exists()
    ):
        raise ValidationError({"hospital": [_("Not found.")]})


def case_create(*, actor, data: dict) -> InjuryCase:
    require_perm(actor, "injuries.add_injurycase")
    _guard_hospital(actor, data)
    return _save_case(actor, case_validate(data=data))


def case_update(*, actor, case: InjuryCase, data: dict) -> InjuryCase:
    require_perm(actor, "injuries.change_injurycase")
    require_visible(actor, case)
    _guard_hospital(actor, data)
    return _save_case(actor, case_validate(data=data, instance=case))


def case_delete(*, actor, case: InjuryCase) -> None:
    require_perm(actor, "injuries.delete_injurycase")
    require_visible(actor, case)
    case._history_user = actor
    case.delete()


def cases_bulk_create(
    *, actor, rows: list[dict], check_rights: bool = True, reason: str = "import"
) -> int:
    """Imported cases (checked by `case_validate`) with their products and history, all or
    nothing. Rows name the hospital by id and carry `product_codes` as a list. The demo
    loader (no actor) passes `check_rights=False`."""
    if check_rights:
        require_perm(actor, "injuries.add_injurycase")
    ids = dict(Product.objects.values_list("code", "id"))
    regions = dict(SentinelHospital.objects.values_list("id", "region_id"))
    objs, codes = [], []
    for row in rows:
        row = dict(row)
        wanted = parse_codes(row.pop("product_codes"))
        row["region_id"] = regions[row["hospital_id"]]
        row["product_codes"] = " ".join(wanted)
        objs.append(InjuryCase(**row))
        codes.append(wanted)
    with transaction.atomic():
        created = bulk_create_with_history(
            objs, InjuryCase, batch_size=2000, default_user=actor, default_change_reason=reason
        )
        if any(c.pk is None for c in created):  # SQLite before 3.35 returns no ids
            keys = {(c.hospital_id, c.case_number) for c in objs}
            found = {
                (h, n): pk
                for pk, h, n in InjuryCase.objects.filter(
                    hospital_id__in={k[0] for k in keys}
                ).values_list("pk", "hospital_id", "case_number")
            }
            for c in created:
                c.pk = found[(c.hospital_id, c.case_number)]
        InjuryCaseProduct.objects.bulk_create(
            [
                InjuryCaseProduct(
                    case_id=c.pk,
                    product_id=ids[code],
                    hospital_id=c.hospital_id,
                    region_id=c.region_id,
                    treated_on=c.treated_on,
                )
                for c, wanted in zip(created, codes, strict=True)
                for code in wanted
            ],
            batch_size=5000,
        )
    return len(objs)
