"""Each supported file type and text encoding, and files that cannot be read."""

from pathlib import Path

import pytest

from zhiliang.plans.extraction import extract_file, read_file
from zhiliang.plans.extraction.reading import EmptyDocument, GarbledDocument, UnsupportedType

NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
PLAN = (
    "关于开展2019年质量品牌工作的实施意见\n"
    "一、主要目标\n"
    "园区年内主要工业产品的标准覆盖率和应复审率均达到98%以上,特种设备定期检验率达到100%。\n"
    "二、工作重点\n"
    "1.推进品牌建设。新增省级名牌产品5个左右。(区市场监管局牵头,区发改委、区科技局配合)\n"
)
EXPECTED = [
    ("主要工业产品的标准覆盖率", ">=", 98, "%"),
    ("主要工业产品的应复审率", ">=", 98, "%"),
    ("特种设备定期检验率", ">=", 100, "%"),
    ("新增省级名牌产品", "~", 5, "个"),
]


def summary(result: dict) -> list[tuple]:
    return [(t["indicator"], t["comparator"], t["value"], t["unit"]) for t in result["targets"]]


def test_utf8_text(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    result = extract_file(path)
    assert summary(result) == EXPECTED
    assert result["responsibilities"][0]["lead"] == ["区市场监管局"]
    assert result["meta"]["title"] == "关于开展2019年质量品牌工作的实施意见"


def test_gb18030_text(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode("gb18030"))
    assert summary(extract_file(path)) == EXPECTED


def test_gbk_text_with_full_width_punctuation(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.replace(",", ",").replace("(", "(").replace(")", ")").encode("gbk"))
    assert summary(extract_file(path)) == EXPECTED


def test_big5_traditional_text(tmp_path):
    text = "全市力爭新增江蘇名牌產品15個左右;工業產品標準覆蓋率保持在95%以上。\n"
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode("big5"))
    assert read_file(path) == text
    assert summary(extract_file(path)) == [
        ("新增江蘇名牌產品", "~", 15, "個"),
        ("工業產品標準覆蓋率", ">=", 95, "%"),
    ]


def test_docx_paragraphs_and_tables(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in PLAN.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["序号", "指标", "目标值"], strict=True):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["1", "食品抽检合格率", "98%以上"], strict=True):
        cell.text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    found = summary(extract_file(path))
    assert found[:4] == EXPECTED
    assert found[4] == ("食品抽检合格率", ">=", 98, "%")


def test_html_page_chrome_is_dropped(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in PLAN.splitlines())
    page = f"""<!DOCTYPE html><html><head><meta charset="gb2312"><title>某某区人民政府</title>
    <script>var visits = "访问量 1234次";</script><style>p {{ margin: 0 }}</style></head>
    <body><div class="top-nav"><ul><li>首页</li><li>政务公开</li><li>培育企业100家</li></ul></div>
    <nav>当前位置:首页 &gt; 信息公开</nav>
    <div class="article">{body}</div>
    <div id="footer">版权所有:某某区人民政府 苏ICP备10217280号 浏览次数:35次<br>
    联系电话:0519-86310000 访问量:12345次</div></body></html>"""
    path = tmp_path / "plan.html"
    path.write_bytes(page.encode("gb18030"))
    text = read_file(path)
    assert "ICP" not in text and "首页" not in text and "访问量" not in text
    assert summary(extract_file(path)) == EXPECTED


def _cjk_truetype(text: str, out: Path) -> Path:
    """A TrueType subset of Noto Sans CJK SC covering `text`.

    fpdf2 embeds the CFF-based Noto font with its own encoding CMap, which pdfminer.six
    cannot read back (pdfminer.six issue #1072), so the outlines are converted to
    TrueType glyphs first; fpdf2 then writes a plain Identity-H font.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTCollection, newTable

    font = next(
        f
        for f in TTCollection(str(NOTO_CJK), lazy=True).fonts
        if f["name"].getDebugName(4) == "Noto Sans CJK SC"
    )
    options = Options()
    options.desubroutinize = True
    subsetter = Subsetter(options)
    subsetter.populate(text=text + " ")
    subsetter.subset(font)
    order, glyph_set = font.getGlyphOrder(), font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["head"].glyphDataFormat = 0
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(out))
    return out


@pytest.mark.skipif(not NOTO_CJK.is_file(), reason=f"CJK font {NOTO_CJK} not installed")
def test_pdf_with_a_text_layer(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pytest.importorskip("fontTools")
    font = _cjk_truetype(PLAN, tmp_path / "cjk.ttf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname=str(font))
    pdf.set_font("cjk", size=11)
    for line in PLAN.splitlines():
        pdf.multi_cell(0, 7, line)  # long lines wrap: the reader must re-join them
        pdf.ln(3)
    path = tmp_path / "plan.pdf"
    pdf.output(str(path))
    result = extract_file(path)
    assert summary(result) == EXPECTED
    assert result["responsibilities"][0]["cooperating"] == ["区发改委", "区科技局"]


def test_unreadable_and_unsupported_files(tmp_path):
    (tmp_path / "plan.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedType):
        read_file(tmp_path / "plan.xlsx")
    (tmp_path / "broken.docx").write_bytes(b"not a zip file")
    with pytest.raises(GarbledDocument):
        read_file(tmp_path / "broken.docx")
    (tmp_path / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    with pytest.raises(EmptyDocument):
        read_file(tmp_path / "blank.txt")
    mojibake = PLAN.encode("utf-8").decode("latin-1")
    (tmp_path / "mojibake.txt").write_text(mojibake, encoding="utf-8")
    with pytest.raises(GarbledDocument):
        read_file(tmp_path / "mojibake.txt")
