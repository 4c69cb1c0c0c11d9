"""Responsibilities (lead / cooperating units), phases and meta."""

from zhiliang.plans.extraction import extract_text


def resp(text: str) -> list[tuple]:
    return [
        (r["task"], r["lead"], r["cooperating"]) for r in extract_text(text)["responsibilities"]
    ]


def test_labelled_lead_and_cooperating_units():
    text = (
        "(一)大力提升产品质量。加强企业质量管理。(牵头责任单位:区市场监管局,"
        "协同配合单位:区发改委、区农委、贵池工业园区、前江工业园区等)\n"
    )
    assert resp(text) == [
        (
            "大力提升产品质量",
            ["区市场监管局"],
            ["区发改委", "区农委", "贵池工业园区", "前江工业园区"],
        )
    ]


def test_lead_then_participants():
    text = (
        "1.建立质量奖励制度。设立质量奖。(省质监局牵头,省发展改革委、经济和信息化委、财政厅参加)\n"
    )
    assert resp(text) == [
        ("建立质量奖励制度", ["省质监局"], ["省发展改革委", "省经济和信息化委", "省财政厅"])
    ]


def test_shared_responsibility_and_elided_prefixes():
    text = "2.健全质量评价考核机制。做好年度考核准备工作。(省监察厅、质监局、统计局等部门负责)\n"
    assert resp(text) == [("健全质量评价考核机制", ["省监察厅", "省质监局", "省统计局"], [])]


def test_names_with_their_own_place_and_collective_names_stay_as_written():
    text = (
        "1.加大风险管理力度。建立机制。(省农委、卫生厅、质监局,南京海关,江苏检验检疫局,"
        "省食品药品监管局负责)\n"
        "2.强化名牌宣传和保护。完善数据库。(省质监局牵头,省有关部门参加)\n"
        "3.开展质量安全综合整治。开展综合治理。(省质监局,江苏检验检疫局牵头,"
        "省经济和信息化委、住房城乡建设厅、旅游局参加)\n"
    )
    assert resp(text) == [
        (
            "加大风险管理力度",
            ["省农委", "省卫生厅", "省质监局", "南京海关", "江苏检验检疫局", "省食品药品监管局"],
            [],
        ),
        ("强化名牌宣传和保护", ["省质监局"], ["省有关部门"]),
        (
            "开展质量安全综合整治",
            ["省质监局", "江苏检验检疫局"],
            ["省经济和信息化委", "省住房城乡建设厅", "省旅游局"],
        ),
    ]


def test_city_market_regulator_is_not_mistaken_for_a_prefix():
    text = "4.加强质量监管。开展抽查。(市市场监管局牵头,市发改委、工信局配合)\n"
    assert resp(text) == [("加强质量监管", ["市市场监管局"], ["市发改委", "市工信局"])]
    text = "5.实施质量提升行动。开展活动。(市场监管局、发改委按职责分工负责)\n"
    assert resp(text) == [("实施质量提升行动", ["市场监管局", "发改委"], [])]


def test_asides_in_parentheses_are_not_responsibilities():
    text = "1.落实组织保障。成立质量工作领导小组(文件另发),负责综合协调(含日常工作)。\n"
    assert resp(text) == []


def test_phases_with_date_ranges():
    text = (
        "五、工作步骤\n"
        "(一)规划筹备阶段(2018年4月至2018年5月)。制定工作方案。\n"
        "(二)全面推进阶段(2018年5月—7月)。召开动员大会。\n"
        "(三)总结验收阶段:二〇一八年八月至二〇一八年九月。\n"
    )
    phases = extract_text(text)["phases"]
    assert [(p["name"], p["start"], p["end"]) for p in phases] == [
        ("规划筹备阶段", "2018-04", "2018-05"),
        ("全面推进阶段", "2018-05", "2018-07"),
        ("总结验收阶段", "2018-08", "2018-09"),
    ]


def test_dated_steps_without_the_word_stage():
    text = "四、实施步骤\n(一)动员部署(2019年3月)。\n(二)组织实施(2019年4月至12月)。\n"
    phases = extract_text(text)["phases"]
    assert [(p["start"], p["end"]) for p in phases] == [
        ("2019-03", "2019-03"),
        ("2019-04", "2019-12"),
    ]


def test_meta_of_a_notice_that_encloses_a_plan():
    text = (
        "索 引 号: 014000319/2012-01296\n"
        "发 布 机 构: 江苏省人民政府办公厅 发 文 日 期: 2012-06-21 00:00:00\n"
        "文          号: 苏政办发〔2012〕123号\n\n"
        "省政府办公厅关于印发江苏省贯彻实施质量发展纲要2012年行动计划的通知\n"
        "各市、县(市、区)人民政府:\n  现印发给你们,请认真组织实施。\n  二○一二年六月二十一日\n"
    )
    assert extract_text(text)["meta"] == {
        "title": "省政府办公厅关于印发江苏省贯彻实施质量发展纲要2012年行动计划的通知",
        "doc_number": "苏政办发〔2012〕123号",
        "issuer": "江苏省人民政府办公厅",
        "date": "2012-06-21",
    }


def test_a_page_without_a_title_line_names_the_plan_it_encloses():
    text = (
        "各乡镇人民政府,县直各部门:\n三、重点工作\n【目标任务】\n"
        "现将《某县质量提升行动方案》印发给你们,请认真贯彻执行。\n"
    )
    assert extract_text(text)["meta"]["title"] == "某县质量提升行动方案"


def test_a_page_of_sections_only_has_no_title():
    assert extract_text("一、指导思想\n坚持质量第一。\n二、工作步骤\n")["meta"]["title"] is None
