"""How the staged importer reads certificate and instrument lists (Chinese or English columns).

Certificate numbers are unique per kind, instrument serials per owner and catalogue item:
both keys are composite: a row repeating an earlier row's key is rejected by the importer
(naming that row), one repeating a registered record by the services' validators with
caches built here, and the registry is checked again inside the commit.
"""

import re
from datetime import timedelta
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from zhiliang.core import yamldata
from zhiliang.core.api.rules import checked_by
from zhiliang.enterprises.models import Product
from zhiliang.enterprises.selectors import enterprises_by_uscc
from zhiliang.enterprises.uscc import normalize
from zhiliang.imports import rows as shared
from zhiliang.imports.registry import ImportField, ImportSpec, choice_parser, date_text
from zhiliang.licensing.api.serializers import CertificateSerializer, InstrumentSerializer
from zhiliang.licensing.catalogue import INSTRUMENTS_YAML
from zhiliang.licensing.choices import CertificateStatus as CS
from zhiliang.licensing.choices import InstrumentStatus as IS
from zhiliang.licensing.choices import VerificationMode as VM
from zhiliang.licensing.choices import VerificationResult as VR
from zhiliang.licensing.dates import add_years
from zhiliang.licensing.models import (
    Certificate,
    CertificateKind,
    Instrument,
    InstrumentCategory,
)
from zhiliang.licensing.services import (
    certificate_bulk_create,
    certificate_validate,
    instrument_bulk_create,
    instrument_validate,
)

KIND_WORDS = {
    "CCC": "ccc", "3C": "ccc", "CCC认证": "ccc", "强制性产品认证": "ccc",
    "强制性产品认证证书": "ccc",
    "生产许可证": "production_licence", "工业产品生产许可证": "production_licence",
    "许可证": "production_licence", "production licence": "production_licence",
    "ISO9001": "iso9001", "ISO 9001": "iso9001", "质量管理体系": "iso9001",
    "质量管理体系认证": "iso9001", "GB/T19001": "iso9001",
    "ISO14001": "iso14001", "ISO 14001": "iso14001", "环境管理体系": "iso14001",
    "环境管理体系认证": "iso14001",
    "ISO45001": "iso45001", "ISO 45001": "iso45001", "职业健康安全管理体系": "iso45001",
    "职业健康安全管理体系认证": "iso45001",
    "其他": "other",
}  # fmt: skip
CERT_STATUS_WORDS = {
    "有效": CS.VALID, "暂停": CS.SUSPENDED, "撤销": CS.REVOKED, "注销": CS.CANCELLED,
    "过期": CS.EXPIRED, "失效": CS.EXPIRED,
}  # fmt: skip
MODE_WORDS = {"首次": VM.FIRST_ONLY, "首次检定": VM.FIRST_ONLY, "周期": VM.PERIODIC,
              "周期检定": VM.PERIODIC}  # fmt: skip
RESULT_WORDS = {"合格": VR.PASS, "不合格": VR.FAIL, "passed": VR.PASS, "failed": VR.FAIL}
INSTRUMENT_STATUS_WORDS = {"在用": IS.IN_USE, "使用": IS.IN_USE, "停用": IS.STOPPED,
                           "报废": IS.SCRAPPED}  # fmt: skip

USCC_HELP = gettext_lazy(
    "The USCC of an enterprise registered in your jurisdiction (the enterprise list shows it)."
)
PRODUCTS_HELP = gettext_lazy("Product codes of the product catalogue, separated by 、 or commas.")
CATEGORY_HELP = gettext_lazy(
    "Code or name of an item of the compulsory verification catalogue (the instrument "
    "catalogue page lists them)."
)
_SPLIT = re.compile(r"[\s,，、;；/]+")


def product_codes(text: str) -> list[str]:
    return [c for c in _SPLIT.split(text.strip()) if c]


@lru_cache(maxsize=1)
def _category_names() -> dict[str, str]:
    with open(INSTRUMENTS_YAML, encoding="utf-8") as fh:
        items = yamldata.load(fh)["items"]
    names = {}
    for item in items:
        names[item["name"]] = str(item["code"])
        for child in item.get("children", []):
            names[child["name"]] = str(child["code"])
    return names


def category_code(text: str) -> str:
    """A catalogue code, or an item's name (燃油加油机) turned into its code."""
    text = text.strip()
    return _category_names().get(text, text)


CERTIFICATE_FIELDS = (
    ImportField("kind", gettext_lazy("kind"), True,
                ("证书类型", "证书种类", "认证类型", "类别", "kind"), choice_parser(KIND_WORDS)),
    ImportField("number", gettext_lazy("certificate number"), True,
                ("证书编号", "证书号", "许可证编号", "number")),
    ImportField("holder_uscc", gettext_lazy("holder USCC"), True,
                ("统一社会信用代码", "信用代码", "持证企业统一社会信用代码", "uscc"),
                help=USCC_HELP),
    ImportField("products", gettext_lazy("products covered"), False,
                ("产品代码", "覆盖产品", "产品", "products"), product_codes,
                help=PRODUCTS_HELP),
    ImportField("issued_on", pgettext_lazy("certificate", "issued on"), True,
                ("发证日期", "颁证日期", "颁发日期", "issued"), date_text),
    ImportField("expires_on", gettext_lazy("expires on"), True,
                ("有效期至", "到期日期", "有效截止日期", "截止日期", "expires"), date_text),
    ImportField("status", gettext_lazy("status"), False,
                ("证书状态", "状态"), choice_parser(CERT_STATUS_WORDS)),
    ImportField("issuer", gettext_lazy("issued by"), False, ("发证机构", "认证机构", "issuer")),
    ImportField("scope", gettext_lazy("scope"), False, ("认证范围", "许可范围", "范围")),
)  # fmt: skip

INSTRUMENT_FIELDS = (
    ImportField("owner_uscc", gettext_lazy("owner USCC"), True,
                ("统一社会信用代码", "信用代码", "使用单位统一社会信用代码", "uscc"),
                help=USCC_HELP),
    ImportField("category", gettext_lazy("catalogue item"), True,
                ("目录代码", "器具类别", "器具名称", "计量器具名称", "category"), category_code,
                help=CATEGORY_HELP),
    ImportField("serial", gettext_lazy("serial number"), True,
                ("出厂编号", "器具编号", "编号", "serial")),
    ImportField("model_name", gettext_lazy("model"), False, ("型号", "规格型号", "model")),
    ImportField("location", gettext_lazy("place of use"), False, ("使用地点", "安装地点")),
    ImportField("mode", gettext_lazy("verification mode"), False,
                ("检定方式", "强检形式", "mode"), choice_parser(MODE_WORDS)),
    ImportField("period_months", gettext_lazy("verification period (months)"), False,
                ("检定周期", "检定周期（月）", "period")),
    ImportField("in_use_from", gettext_lazy("in use from"), True,
                ("启用日期", "投入使用日期", "in use from"), date_text),
    ImportField("status", gettext_lazy("status"), False,
                ("使用状态", "状态"), choice_parser(INSTRUMENT_STATUS_WORDS)),
    ImportField("last_verified_on", gettext_lazy("last verified on"), False,
                ("检定日期", "最近检定日期", "verified on"), date_text),
    ImportField("last_result", gettext_lazy("last result"), False,
                ("检定结论", "检定结果", "result"), choice_parser(RESULT_WORDS)),
    ImportField("verification_certificate", gettext_lazy("verification certificate number"),
                False, ("检定证书编号", "证书编号")),
    ImportField("verifier", gettext_lazy("verification body"), False, ("检定机构",)),
)  # fmt: skip


def certificate_context(user, records: list[dict]) -> dict:
    kinds = {k.code: k for k in CertificateKind.objects.all()}
    numbers = {(r.get("number") or "").strip() for r in records} - {""}
    taken = set(shared.chunked(Certificate.objects.all(), "number", numbers, "kind_id", "number"))
    return {
        "user": user,
        "kinds": kinds,
        "products": dict(Product.objects.values_list("code", "id")),
        "enterprises": enterprises_by_uscc(
            user=user, usccs=(r.get("holder_uscc") for r in records)
        ),
        "taken": taken,
    }


def certificate_key(record: dict) -> str:
    """Number and kind as the clerk wrote them: "2020010101 (ccc)"."""
    kind, number = (record.get("kind") or "").strip(), (record.get("number") or "").strip()
    return f"{number} ({kind})" if kind and number else ""


def certificate_commit(actor, rows: list[dict]) -> int:
    rows = shared.typed_rows(Certificate, rows)
    keys = {(r["kind_id"], r["number"]) for r in rows}
    taken = shared.keys_held(Certificate.objects.all(), ("kind_id", "number"), keys, by=1)
    shared.refuse_taken(
        [n for _k, n in taken],
        _("Certificates registered since the file was checked: %(n)s. Check the file again."),
    )
    return certificate_bulk_create(actor=actor, rows=rows)


def certificate_example(user) -> dict:
    """An ISO 9001 certificate (or the first kind) of the first enterprise the user sees."""
    holder = shared.first_visible_enterprise(user)
    kind = CertificateKind.objects.filter(code="iso9001").first()
    kind = kind or CertificateKind.objects.order_by("code").first()
    if holder is None or kind is None:
        return {}
    numbers = [f"EX-{n:04d}" for n in range(1, 51)]
    taken = Certificate.objects.filter(kind=kind, number__in=numbers).values_list(
        "number", flat=True
    )
    issued = timezone.localdate() - timedelta(days=30)
    return {
        "kind": kind.code,
        "number": shared.free_value(numbers, taken),
        "holder_uscc": holder.uscc,
        "issued_on": issued.isoformat(),
        "expires_on": (
            add_years(issued, min(kind.validity_years or 3, 3)) - timedelta(days=1)
        ).isoformat(),
        "status": CS.VALID,
        "issuer": _("Example Certification Centre"),
    }


def instrument_example(user) -> dict:
    """A petrol dispenser (or the first catalogue item) of the first enterprise the user sees."""
    owner = shared.first_visible_enterprise(user)
    category = InstrumentCategory.objects.filter(code="03").first()
    category = category or InstrumentCategory.objects.order_by("code").first()
    if owner is None or category is None:
        return {}
    serials = [f"EX-{n:04d}" for n in range(1, 51)]
    taken = Instrument.objects.filter(owner=owner, category=category, serial__in=serials)
    return {
        "owner_uscc": owner.uscc,
        "category": category.name if category.name in _category_names() else category.code,
        "serial": shared.free_value(serials, taken.values_list("serial", flat=True)),
        "in_use_from": "2023-01-01",
        "status": IS.IN_USE,
    }


def instrument_context(user, records: list[dict]) -> dict:
    categories = {c.code: c for c in InstrumentCategory.objects.all()}
    enterprises = enterprises_by_uscc(user=user, usccs=(r.get("owner_uscc") for r in records))
    keys = []
    for r in records:
        owner = enterprises.get(normalize(r.get("owner_uscc", "")))
        category = categories.get((r.get("category") or "").strip())
        serial = (r.get("serial") or "").strip()
        if owner and category and serial:
            keys.append((owner.id, category.id, serial))
    owner_ids = {k[0] for k in keys}
    fields = ("owner_id", "category_id", "serial")
    taken = set(shared.chunked(Instrument.objects.all(), "owner_id", owner_ids, *fields))
    return {
        "user": user,
        "categories": categories,
        "enterprises": enterprises,
        "taken": taken,
    }


def instrument_key(record: dict) -> str:
    """Serial, owner and catalogue item: "A123 (91320…, 1010)"."""
    owner = normalize(record.get("owner_uscc") or "")
    category = (record.get("category") or "").strip()
    serial = (record.get("serial") or "").strip()
    return f"{serial} ({owner}, {category})" if owner and category and serial else ""


def instrument_commit(actor, rows: list[dict]) -> int:
    rows = shared.typed_rows(Instrument, rows)
    keys = {(r["owner_id"], r["category_id"], r["serial"]) for r in rows}
    taken = shared.keys_held(Instrument.objects.all(), ("owner_id", "category_id", "serial"), keys)
    shared.refuse_taken(
        [s for _o, _c, s in taken],
        _("Instruments registered since the file was checked: %(n)s. Check the file again."),
    )
    return instrument_bulk_create(actor=actor, rows=rows)


CERTIFICATE_IMPORT = ImportSpec(
    kind="certificates",
    label=gettext_lazy("certificates and licences"),
    permission="licensing.add_certificate",
    model=Certificate,
    serializer_class=checked_by(CertificateSerializer, certificate_validate),
    fields=CERTIFICATE_FIELDS,
    build_context=certificate_context,
    commit=certificate_commit,
    compound_key=certificate_key,
    compound_label=gettext_lazy("certificate number"),
    example=certificate_example,
    list_url_name="licensing:certificates",
)

INSTRUMENT_IMPORT = ImportSpec(
    kind="instruments",
    label=gettext_lazy("measuring instruments"),
    permission="licensing.add_instrument",
    model=Instrument,
    serializer_class=checked_by(InstrumentSerializer, instrument_validate),
    fields=INSTRUMENT_FIELDS,
    build_context=instrument_context,
    commit=instrument_commit,
    compound_key=instrument_key,
    compound_label=gettext_lazy("serial number"),
    example=instrument_example,
    list_url_name="licensing:instruments",
)
