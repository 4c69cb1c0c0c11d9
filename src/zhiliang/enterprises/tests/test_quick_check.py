"""The enterprise importer's quick check against the serializer it stands in for.

A spoilt file goes through the importer as it is now (quick check, serializer only for
the rows it does not vouch for, bulk staging) and through the serializer alone for every
row (the importer before issue #19); the stored verdicts must be the same row by row.
"""

import dataclasses

import pytest

from zhiliang.core.testing import xlsx as sheets
from zhiliang.enterprises.import_check import quick_check
from zhiliang.enterprises.uscc import make_uscc
from zhiliang.imports.reading import read_table
from zhiliang.imports.registry import get_spec
from zhiliang.imports.services.batches import _file_path
from zhiliang.imports.services.checking import _check_rows, _jsonable, _record

HEADERS = [
    "统一社会信用代码", "企业名称", "区划代码", "行业代码", "地址", "企业规模", "法定代表人",
    "成立日期", "登记状态", "首席质量官", "首席质量官培训日期", "联系电话",
]  # fmt: skip
GOOD = 10


def cells(n, **over):
    values = {
        "uscc": make_uscc("320412", f"QCK{n:05d}"),
        "name": f"常州快检{n}号有限公司",
        "region": "320412001" if n % 2 else "320412",
        "industry": "34" if n % 3 else "C",
        "address": f"武进区快检路{n}号" if n % 4 else "",
        "size": ["小型", "微型", "中型", "大型", ""][n % 5],
        "legal": "张三" if n % 2 else "",
        "established": "2015-03-08" if n % 3 else "",
        "status": ["存续", "在业", "吊销", "注销", "迁出", ""][n % 6],
        "cqo": "李四" if n % 2 else "",
        "cqo_date": "2020-06-01" if n % 2 else "",
        "phone": "0519-88880000",
    }
    values.update(over)
    return list(values.values())


def spoilt_rows(existing_uscc: str) -> list[list[str]]:
    bad_check = cells(100)[0][:-1] + ("0" if cells(100)[0][-1] != "0" else "1")
    return (
        [cells(n) for n in range(GOOD)]
        + [
            cells(100, uscc=bad_check),  # wrong check character
            cells(101, uscc=cells(101)[0].lower()),  # lower case: accepted, normalised
            cells(102, uscc=f" {cells(102)[0]} "),  # spaces around
            cells(103, uscc="９" + cells(103)[0][1:]),  # a full-width digit
            cells(104, uscc=cells(104)[0][:17]),  # too short
            cells(105, uscc="91320412MA1OOOOOO0"),  # letters that are never used
            cells(106, uscc=existing_uscc),  # already registered
            cells(107, uscc=cells(1)[0]),  # repeats row 3 of the file
            cells(108, region="320499"),  # no such region
            cells(109, region="320411002"),  # 新北区: outside a 武进 clerk's jurisdiction
            cells(110, region="3204"),  # a city, not a county or township
            cells(111, established="2031-05-01"),  # in the future
            cells(112, established="2023-02-30"),  # no such day
            cells(113, established="2019/5/13"),  # another way of writing a date
            cells(114, established="2019年5月13日"),
            cells(115, established="20190513"),
            cells(116, established="2019-5-13x"),
            cells(117, established="2021-01-01", cqo_date="2020-06-01"),  # trained before
            cells(118, cqo_date="2031-01-01"),
            cells(119, industry="99"),  # not an industry
            cells(120, industry="c"),  # lower case section
            cells(121, industry="C340000"),  # too long
            cells(122, status="冻结"),  # not a status
            cells(123, size="巨型"),  # not a size
            cells(124, size="small", status="active"),  # the codes themselves
            cells(125, name="长" * 201),  # too long
            cells(126, name=" 前有空格有限公司"),  # trimmed
            cells(127, name=""),  # missing
            cells(128, name="全角\u3000空格有限公司"),
            cells(129, address="两行\n地址"),
            cells(130, phone="0" * 33),  # too long
            cells(131, legal="名" * 65),
            cells(132, industry=" 34"),
            cells(133, cqo="", cqo_date="2020-06-01"),  # trained, but no officer named
        ]
    )


@pytest.mark.django_db
def test_quick_check_gives_the_serializer_verdicts_row_by_row(clerk, make_enterprise):
    existing = make_enterprise("320412001")
    batch = sheets.validate(clerk, "enterprises", sheets.xlsx(HEADERS, spoilt_rows(existing.uscc)))
    spec = get_spec("enterprises")
    with _file_path(batch) as path:
        rows = list(read_table(path, batch.file_format)[2])
    before = dataclasses.replace(spec, quick_check=None)  # every row through the serializer
    expected = [
        (number, errors, None if errors else _jsonable(data))
        for number, _cells, data, errors in _check_rows(batch, before, clerk, rows)
    ]
    stored = list(batch.rows.order_by("number").values_list("number", "errors", "cleaned"))
    assert len(stored) == len(expected) == GOOD + 34
    for got, want in zip(stored, expected, strict=True):
        assert got == want, f"row {want[0]}"
    # The quick check did the work for the good rows (else this compared the serializer
    # with itself), and passed none that the serializer refuses.
    parsers = {f.name: f.parse for f in spec.fields if f.parse}
    records = [_record(batch, parsers, c) for _n, c in rows]
    context = spec.build_context(clerk, records)
    vouched = [quick_check(context, r) is not None for r in records]
    assert all(vouched[:GOOD]) and sum(vouched) >= GOOD + 3
    alone = dataclasses.replace(before, unique_field=None)  # each row by itself, no repeats
    verdicts = [errors for _n, _c, _d, errors in _check_rows(batch, alone, clerk, rows)]
    assert not any(v and errors for v, errors in zip(vouched, verdicts, strict=True))


@pytest.mark.django_db
def test_rejections_are_worded_as_before(clerk, make_enterprise):
    existing = make_enterprise("320412001")
    batch = sheets.validate(clerk, "enterprises", sheets.xlsx(HEADERS, spoilt_rows(existing.uscc)))
    reasons = sheets.reasons(batch)
    first = GOOD + 2  # the file's row number of the first spoilt row
    bad = cells(100)[0]
    assert reasons[first] == (
        f"USCC: The USCC check character is wrong: it should be {bad[-1]}, "
        f"not {'0' if bad[-1] != '0' else '1'}."
    )
    assert (
        reasons[first + 6]
        == f"USCC: An enterprise with USCC {existing.uscc} is already registered."
    )
    assert reasons[first + 7] == (
        f"USCC {cells(1)[0]} repeats row 3 of this file; only the first is imported."
    )
    assert reasons[first + 8] == "region code: There is no region with code 320499."
    assert "lies outside your jurisdiction" in reasons[first + 9]
    assert reasons[first + 11].startswith(
        "established on: The establishment date cannot be in the future."
    )
    assert reasons[first + 12].startswith("established on: Not a valid date")
    assert reasons[first + 19] == (
        "industry code: 99 is not a GB/T 4754-2017 section or division code."
    )
    assert first + 1 not in reasons and first + 13 not in reasons  # accepted, normalised
    assert batch.valid_rows + batch.rejected_rows == batch.total_rows == GOOD + 34
