"""Title holders of earlier years through the staged importer: each bad row named (unknown
or out-of-jurisdiction enterprise, unknown kind or level, impossible dates, repeated or
registered certificate number), the good rows imported with history, nothing half imported."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from zhiliang.core.testing.xlsx import validate as run
from zhiliang.core.testing.xlsx import xlsx
from zhiliang.imports import services
from zhiliang.imports.choices import ImportStatus
from zhiliang.recognition.choices import HolderStatus
from zhiliang.recognition.models import Holder

HEADERS = [
    "统一社会信用代码", "称号类别", "级别", "产品名称", "年度", "有效期起", "有效期至", "证书编号",
]  # fmt: skip


def test_holders_of_earlier_years_are_checked_row_by_row(clerk, make_enterprise):
    ours, theirs = make_enterprise("320412"), make_enterprise("320411")
    Holder.objects.create(
        kind="award", enterprise=ours, region=ours.region, level="city", year=2019,
        valid_from=date(2019, 5, 1), valid_until=date(2022, 4, 30), certificate_number="CZ-2019-1",
    )  # fmt: skip
    next_year = timezone.localdate().year + 1
    rows = [
        [ours.uscc, "名牌产品", "省级", "电热水壶", "2021", "2021/1/1", "2023/12/31", "MP-1"],
        [ours.uscc, "质量奖", "市级", "", "2023", "2023-05-01", "2099-04-30", "MP-2"],
        [theirs.uscc, "质量奖", "市级", "", "2022", "2022-05-01", "2025-04-30", "MP-3"],
        ["91320412MA00000004", "质量奖", "市级", "", "2022", "2022-05-01", "2025-04-30", "MP-4"],
        [ours.uscc, "金牌", "市级", "", "2022", "2022-05-01", "2025-04-30", "MP-5"],
        [ours.uscc, "质量奖", "乡级", "", "2022", "2022-05-01", "2025-04-30", "MP-6"],
        [ours.uscc, "质量奖", "市级", "", "2022", "2022-05-01", "2021-04-30", "MP-7"],
        [ours.uscc, "质量奖", "市级", "", str(next_year), f"{next_year}-01-02", "2099-01-01",
         "MP-8"],
        [ours.uscc, "质量奖", "市级", "", "2022", "2022-05-01", "2025-04-30", "MP-1"],
        [ours.uscc, "质量奖", "市级", "", "2022", "2022-05-01", "2025-04-30", "CZ-2019-1"],
    ]  # fmt: skip
    batch = run(clerk, "recognition_holders", xlsx(HEADERS, rows))
    assert batch.status == ImportStatus.VALIDATED, batch.message
    errors = [" ".join(row.errors) for row in batch.rows.order_by("number")]
    assert errors[0] == "" and errors[1] == ""
    assert "No enterprise with USCC" in errors[2]  # out of jurisdiction: as if missing
    assert "No enterprise with USCC" in errors[3]
    assert "金牌" in errors[4]
    assert "乡级" in errors[5]
    assert "valid after it is granted" in errors[6]
    assert "future" in errors[7]
    assert "repeats row 2" in errors[8]
    assert "already registered" in errors[9]

    batch = services.import_commit(actor=clerk, batch=batch)
    assert batch.status == ImportStatus.COMMITTED, batch.message
    assert batch.created_count == 2
    brand = Holder.objects.get(certificate_number="MP-1")
    assert (brand.kind, brand.level, brand.product, brand.region) == (
        "brand", "provincial", "电热水壶", ours.region
    )  # fmt: skip
    assert brand.status == HolderStatus.EXPIRED and brand.history.count() == 1
    assert Holder.objects.get(certificate_number="MP-2").status == HolderStatus.VALID


def test_a_certificate_registered_since_the_check_is_not_imported(clerk, make_enterprise):
    ours = make_enterprise("320412")
    rows = [[ours.uscc, "质量奖", "市级", "", "2022", "2022-05-01", "2099-04-30", "LATE-1"]]
    batch = run(clerk, "recognition_holders", xlsx(HEADERS, rows))
    assert batch.valid_rows == 1, batch.message
    Holder.objects.create(
        kind="award", enterprise=ours, region=ours.region, level="city", year=2022,
        valid_from=date(2022, 5, 1), valid_until=date(2025, 4, 30), certificate_number="LATE-1",
    )  # fmt: skip
    batch = services.import_commit(actor=clerk, batch=batch)
    assert Holder.objects.filter(certificate_number="LATE-1").count() == 1
    assert batch.created_count == 0


def test_the_holders_list_offers_the_import(login):
    client = login("office_staff", "320412")
    page = client.get(reverse("recognition:holders")).content.decode()
    assert reverse("imports:new", args=["recognition_holders"]) in page
