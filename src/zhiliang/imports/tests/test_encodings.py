"""CSV encodings: each file is read in its own encoding, or refused naming the accepted ones."""

import pytest

from zhiliang.core import textcodec
from zhiliang.imports.models import ImportBatch
from zhiliang.imports.tests.test_limits import refused, upload

SIMPLIFIED = ["统一社会信用代码", "企业名称", "区划代码", "行业代码"]
TRADITIONAL = ["統一社會信用代碼", "企業名稱", "區劃代碼", "行業代碼"]


def csv(headers, name, encoding) -> bytes:
    lines = [",".join(headers), f"91320412MA1XXXXXX1,{name},320412001,34"]
    return "\r\n".join(lines).encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "headers", "name"),
    [
        ("big5", TRADITIONAL, "常州甲機械有限公司"),
        ("cp950", TRADITIONAL, "常州乙電器有限公司"),
        ("gbk", SIMPLIFIED, "常州甲机械有限公司"),
        ("gb18030", SIMPLIFIED, "常州乙电器有限公司"),
        ("utf-8", SIMPLIFIED, "常州甲机械有限公司"),
        ("utf-8-sig", SIMPLIFIED, "常州甲机械有限公司"),
        ("utf-16", SIMPLIFIED, "常州甲机械有限公司"),
        ("utf-16-le", SIMPLIFIED, "常州甲机械有限公司"),
    ],
)
def test_each_encoding_is_read_as_itself(clerk, encoding, headers, name):
    batch = upload(clerk, csv(headers, name, encoding), "list.csv")
    assert batch.headers == headers


def test_big5_is_not_taken_for_gb18030():
    data = csv(TRADITIONAL, "常州甲機械有限公司", "big5")
    data.decode("gb18030")  # it decodes, garbled: decoding alone proves nothing
    assert textcodec.detect(data) == textcodec.BIG5
    assert textcodec.decode(data).splitlines()[0] == ",".join(TRADITIONAL)


def test_a_sample_cut_inside_a_character_is_still_recognised():
    data = csv(SIMPLIFIED, "常州甲机械有限公司", "gbk")
    assert textcodec.detect(data[:-1] + "公".encode("gbk")[:1], partial=True) == textcodec.GB


@pytest.mark.parametrize(
    "garbage",
    [
        bytes(range(0x81, 0xFF)) * 5,
        bytes((i * 37 + 11) % 256 for i in range(2000) if (i * 37 + 11) % 256),
    ],
)
def test_garbage_is_refused_naming_the_accepted_encodings(clerk, garbage):
    message = refused(clerk, garbage, "list.csv")
    assert all(name in message for name in ("UTF-8", "GB18030", "Big5", "UTF-16"))
    assert ImportBatch.objects.count() == 0
