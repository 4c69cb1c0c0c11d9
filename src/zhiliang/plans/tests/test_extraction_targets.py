"""Targets: comparator wording, numerals, indicators, spans and what is not a target."""

import pytest

from zhiliang.plans.extraction import extract_text
from zhiliang.plans.extraction.normalize import fold, to_number


def targets(text: str) -> list[tuple]:
    return [
        (t["indicator"], t["comparator"], t["value"], t["unit"])
        for t in extract_text(text)["targets"]
    ]


def only(text: str) -> dict:
    found = extract_text(text)["targets"]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "comparator", "value", "unit"),
    [
        ("工业产品质量监督抽查合格率达到90%。", ">=", 90, "%"),
        ("主导农产品标准覆盖率达95%。", ">=", 95, "%"),
        ("规模以上企业采标率80%以上。", ">=", 80, "%"),
        ("许可证产品监督抽查合格率不低于92%。", ">=", 92, "%"),
        ("主要农产品质量安全抽检合格率保持在97%以上。", ">=", 97, "%"),
        ("食品抽检合格率稳定在98%以上。", ">=", 98, "%"),
        ("力争培育省级名牌产品30个。", ">=", 30, "个"),
        ("争取新增国家级检测中心2个。", ">=", 2, "个"),
        ("确保重点产品抽检合格率96%。", ">=", 96, "%"),
        ("新增中国驰名商标3件。", ">=", 3, "件"),
        ("培育质量标杆企业10家。", ">=", 10, "家"),
        ("创建省级知名品牌示范区2个。", ">=", 2, "个"),
        ("建成公共技术服务平台5个。", ">=", 5, "个"),
        ("农业标准化普及率超过30%。", ">", 30, "%"),
        ("新产品产值率高于20%。", ">", 20, "%"),
        ("产品质量损失率低于2%。", "<=", 2, "%"),
        ("监督抽查不合格率不超过3%。", "<=", 3, "%"),
        ("质量投诉处理时限控制在5个工作日以内。", "<=", 5, "个工作日"),
        ("不合格产品发现率控制在2%以下。", "<=", 2, "%"),
        ("新增江苏名牌产品15个左右。", "~", 15, "个"),
        ("农业标准化生产普及率约60%。", "~", 60, "%"),
        ("力争新增省级名牌产品15个左右。", "~", 15, "个"),
        ("培训质量管理人员不少于200人次。", ">=", 200, "人次"),
        ("力争2-4个园区被确认为全国知名品牌创建示范区。", ">=", 2, "个"),
        ("大中型工程项目一次验收合格率100%。", ">=", 100, "%"),
        ("二、创建目标\n市级以上农业标准化示范区5家。", ">=", 5, "家"),
        ("重大工程竣工验收合格率为100%。", "=", 100, "%"),
        ("全市质量奖获奖企业总数是12家。", "=", 12, "家"),
    ],
)
def test_comparator_wording(sentence, comparator, value, unit):
    t = only(sentence)
    assert (t["comparator"], t["value"], t["unit"]) == (comparator, value, unit)


def test_a_bare_index_has_no_unit():
    t = only("服务业顾客满意度指数达到80以上。")
    assert (t["comparator"], t["value"], t["unit"]) == (">=", 80, None)


def test_money_keeps_its_multiplier_in_the_unit():
    t = only("力争在五年内全市再投入4亿元。")
    assert (t["value"], t["unit"]) == (4, "亿元")
    assert "投入" in t["indicator"]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("一万", 10000),
        ("两", 2),
        ("二〇二〇", 2020),
        ("二○一二", 2012),
        ("1万", 10000),
        ("十二", 12),
        ("三百五十", 350),
        ("1.5", 1.5),
        ("九十八", 98),
    ],
)
def test_chinese_and_mixed_numerals(written, value):
    assert to_number(written) == value


def test_chinese_numerals_in_targets_and_years():
    assert targets("力争年内新增中国驰名商标两件。")[0][2:] == (2, "件")
    assert targets("力争年底前完成1万家企业质量信用建档工作。")[0][2:] == (10000, "家")
    assert targets("力争培育一万家企业导入先进质量管理方法。")[0][2:] == (10000, "家")
    assert targets("农产品抽检合格率达到百分之九十八。")[0][1:] == (">=", 98, "%")
    assert targets("特种设备定期检验率达到百分之百。")[0][1:] == (">=", 100, "%")
    assert only("到二〇二〇年,全市产品质量合格率达到95%。")["deadline"] == "2020"
    assert only("到二○二○年,全市产品质量合格率达到95%。")["deadline"] == "2020"  # ○ as zero


def test_deadlines_from_time_words():
    assert only("到“十二五”期末,省名牌产品达到300个。")["deadline"] == "2015"
    assert only("到2020年底,标准覆盖率达到98%。")["deadline"] == "2020"
    assert only("*年,全市力争新增中国名牌产品2个以上。")["deadline"] is None  # masked year
    plan = "关于开展2019年质量品牌工作的实施意见\n园区年内主要工业产品的标准覆盖率达到98%以上。\n"
    assert extract_text(plan)["targets"][0]["deadline"] == "2019"
    heading = "到“十二五”期末实现如下具体目标:\n产品质量监督抽查合格率稳定在90%以上。\n"
    assert extract_text(heading)["targets"][0]["deadline"] == "2015"


def test_full_width_digits_and_percent():
    text = "工业产品质量监督抽查合格率达到９８％以上。"
    t = only(text)
    assert (t["value"], t["unit"], t["comparator"]) == (98, "%", ">=")
    assert "９８％" in text[t["span"][0] : t["span"][1]]


def test_traditional_characters_are_read_and_kept_as_written():
    t = only("全市力爭新增江蘇名牌產品15個左右。")
    assert (t["comparator"], t["value"], t["unit"]) == ("~", 15, "個")
    assert t["indicator"] == "新增江蘇名牌產品"
    t = only("主導農產品標準覆蓋率達90%以上。")
    assert t["indicator"] == "主導農產品標準覆蓋率"


def test_two_indicators_share_one_number():
    found = targets("园区年内主要工业产品的标准覆盖率和应复审率均达到98%以上。")
    assert [f[0] for f in found] == ["主要工业产品的标准覆盖率", "主要工业产品的应复审率"]
    assert {f[1:] for f in found} == {(">=", 98, "%")}
    found = targets("特种设备注册登记率、定期检验率、作业人员持证率达到100%。")
    assert [f[0] for f in found] == [
        "特种设备注册登记率",
        "特种设备定期检验率",
        "特种设备作业人员持证率",
    ]
    found = targets("生产性和生活性服务业顾客满意度指数均达到80以上。")
    assert [f[0] for f in found] == ["生产性服务业顾客满意度指数", "生活性服务业顾客满意度指数"]
    found = targets("强制检定覆盖率和强制检定合格率均达到95%以上。")
    assert [f[0] for f in found] == ["强制检定覆盖率", "强制检定合格率"]


def test_respectively_hands_out_the_numbers_in_order():
    found = targets("产品质量抽查合格率和服务质量满意度分别达到95%和85%。")
    assert [(f[0], f[2]) for f in found] == [("产品质量抽查合格率", 95), ("服务质量满意度", 85)]


def test_an_elided_head_is_restored_from_the_previous_clause():
    found = targets("许可证产品的监督抽查平均合格率不低于92%,其它产品不低于85%。")
    assert found[1][0] == "其它产品的监督抽查平均合格率"
    assert found[1][1:] == (">=", 85, "%")


def test_lists_of_counts_and_verbs_before_objects():
    found = targets("力争制定农业地方标准10项、市级农业地方标准10项、新建3个省级农业示范区。")
    assert [f[2:] for f in found] == [(10, "项"), (10, "项"), (3, "个")]
    assert found[2][0] == "新建省级农业示范区"
    found = targets(
        "力争年内建成10个左右省级优质产品生产示范区和10个左右省级优质出口产品生产示范区。"
    )
    assert [f[1] for f in found] == ["~", "~"]
    assert found[1][0].endswith("省级优质出口产品生产示范区")
    assert only("对10种定量包装商品开展净含量监督检查。")["unit"] == "种"


@pytest.mark.parametrize(
    "sentence",
    [
        "产品质量国家监督抽查合格率高于全省平均水平。",
        "不出现区域性质量问题,不发生重大质量安全事故。",
        "实现产品质量监督抽查全覆盖。",
        "以“千争创万导入”活动为载体,推动先进质量管理方法的导入。",
        "根据《质量发展纲要(2011-2020年)》和(中发〔2017〕24号)精神。",
        "建立市、县、乡三级网络,落实区、镇两级政府负总责制,以五方面的水平评价各级政府。",
        "常州西太湖科技产业园管理委员会\n2019年5月13日",
        "依照第三条和第3条的规定执行。",
        "认真宣贯ISO9001标准和GB/T19580《卓越绩效评价准则》,推进3C认证。",
        "在“3.15”消费者权益保护日开展宣传,加快推进“两个率先”。",
        "开展计量服务走进千家中小企业活动,组织开展机动车零部件专项整治。",
        "目前,全市现有规模以上工业企业1200家,已有省名牌产品50个。",
        "用3年时间基本建成质量强市,从三个方面入手。",
        "全市总面积1500平方公里,人口200万人;领导小组由市长任组长,5位副市长任副组长。",
        "对投资1000万元以上的项目给予支持,对获得中国质量奖的企业给予一次性奖励100万元。",
    ],
)
def test_not_targets(sentence):
    assert targets(sentence) == []


def test_a_qualifying_number_inside_the_subject_is_not_a_target():
    t = only("到2015年末,全市年耗标煤5000吨以上重点耗能单位计量器具配备率达到98%以上。")
    assert (t["value"], t["unit"]) == (98, "%")
    assert "5000吨以上" in t["indicator"]


def test_a_restated_target_is_a_second_target_with_its_own_span():
    goal = "工业产品质量监督抽查合格率达到90%以上。\n"
    text = f"二、主要目标\n{goal}三、工作重点\n{goal}"
    found = extract_text(text)["targets"]
    assert len(found) == 2 and found[0]["span"] != found[1]["span"]


def test_spans_point_at_the_clause_in_the_original_text():
    text = (
        "　　三、工作重点\n"
        "　　3.严格认证认可工作。《目录》产品领證率達１００％,"
        "許可證產品的監督抽查平均合格率不低於92%,其它產品不低於85%。\n"
    )
    found = extract_text(text)["targets"]
    clauses = [text[t["span"][0] : t["span"][1]] for t in found]
    assert clauses == [
        "《目录》产品领證率達１００％",
        "許可證產品的監督抽查平均合格率不低於92%",
        "其它產品不低於85%",
    ]
    assert [t["value"] for t in found] == [100, 92, 85]
    for t in found:
        assert (
            fold(t["indicator"][:2]) in fold(text[t["span"][0] : t["span"][1]])
            or "其它" in t["indicator"]
        )


def test_sentences_wrapped_across_lines_are_read_whole():
    text = (
        "一、主要目标\n到2020年,全市工业产品质量监督抽查合格率达到95%以上,主要农产品质量安全\n"
        "抽检合格率稳定在98%以上,新增中国驰名商标\n2件。\n"
        "1.实施质量提升行动。推动企业导入卓越绩效\n管理模式。(市市场监管局牵头,市\n发改委配合)\n"
    )
    result = extract_text(text)
    assert [(t["indicator"], t["value"], t["deadline"]) for t in result["targets"]] == [
        ("全市工业产品质量监督抽查合格率", 95, "2020"),
        ("主要农产品质量安全抽检合格率", 98, "2020"),
        ("新增中国驰名商标", 2, "2020"),
    ]
    assert result["responsibilities"] == [
        {"task": "实施质量提升行动", "lead": ["市市场监管局"], "cooperating": ["市发改委"]}
    ]


def test_web_page_chrome_is_ignored():
    page = (
        "• 首页\n• 政务动态\n当前位置: 首页 > 信息公开\n"
        "索 引 号: 014134309/2019-00018 发布机构: 某某区人民政府\n"
        "浏览次数: 35次  字号: 大 中 小\n"
        "工业产品质量监督抽查合格率达到90%以上。\n"
        "CopyRight All Right Reserved 主办单位:某某区人民政府办公室\n"
        "苏ICP备10217280号 访问量:12345次\n"
    )
    assert targets(page) == [("工业产品质量监督抽查合格率", ">=", 90, "%")]


def test_masked_years_in_phases_read_as_the_documents_year():
    from zhiliang.plans.extraction import extract_text

    text = (
        "关于印发质量强区实施方案的通知\n2019年3月1日\n二、实施步骤\n"
        "(一)动员部署阶段(*年4月至*年5月)。\n(二)全面实施阶段(2019年6月至2019年11月)。\n"
    )
    phases = extract_text(text)["phases"]
    assert phases[0] == {"name": "动员部署阶段", "start": "2019-04", "end": "2019-05"}
    assert phases[1]["start"] == "2019-06"
    undated = extract_text("二、实施步骤\n(一)动员部署阶段(*年4月至*年5月)。\n")["phases"]
    assert undated == [{"name": "动员部署阶段", "start": None, "end": None}]  # kept, not dropped


def _targets(text: str) -> list[tuple]:
    from zhiliang.plans.extraction import extract_text

    return [
        (t["indicator"], t["comparator"], t["value"], t["unit"])
        for t in extract_text(text)["targets"]
    ]


def test_months_of_a_stage_and_a_campaigns_name_are_no_targets():
    text = "第二阶段为7月~8月底,开展检查。聚焦质量提升三年行动,做好今年工作。"
    assert _targets(text) == []


def test_goals_quoted_in_a_report_are_read():
    text = "方案提出:“至2027年,认定不超过45个示范县,消费者满意度达92以上”。"
    assert _targets(text) == [("认定示范县", "<=", 45, "个"), ("消费者满意度", ">=", 92, None)]


def test_a_bare_total_leans_on_the_clause_before():
    text = "到2030年,商标国际注册量年均增长20%以上,总数超过500件。"
    assert ("商标国际注册总数", ">", 500, "件") in _targets(text)


def test_subject_groups_with_their_own_head_noun_are_split():
    text = "到2030年,来料加工企业和外贸企业自主品牌拥有率达到60%。"
    assert _targets(text) == [
        ("来料加工企业自主品牌拥有率", ">=", 60, "%"),
        ("外贸企业自主品牌拥有率", ">=", 60, "%"),
    ]


def test_a_short_list_item_takes_its_siblings_qualifier():
    text = "培育示范单位不少于20个、街区3个、诚信示范协会2个、诚信示范市场5个。"
    assert ("诚信示范街区", ">=", 3, "个") in _targets(text)


def test_a_count_to_choose_is_a_target():
    text = "今年要在全县选择2-4个特色产业,开展质量提升试点。"
    assert [t[1:] for t in _targets(text)] == [(">=", 2, "个")]
