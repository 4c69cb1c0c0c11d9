"""The shapes of assignment beyond a closing parenthesis (the extended contract): labelled
lines, sentences, parentheses inside an item, working groups, tables, 牵头 beside 负责."""

from zhiliang.plans.extraction import extract_text


def resp(text: str) -> list[tuple]:
    return [
        (r["task"], r["lead"], r["cooperating"]) for r in extract_text(text)["responsibilities"]
    ]


def test_labelled_lines_under_an_item():
    text = (
        "三、重点任务\n1.提升农产品质量。开展专项整治。\n责任部门:县农业局、县商务局\n"
        "2.推进标准化。\n\n牵头单位:县市场监管局\n\n责任单位:各乡镇,县直各部门\n"
    )
    assert resp(text) == [
        ("提升农产品质量", ["县农业局", "县商务局"], []),
        ("推进标准化", ["县市场监管局"], ["各乡镇", "县直各部门"]),
    ]


def test_labels_after_the_items_last_sentence():
    text = (
        "(二)实施品牌战略。培育一批区域品牌。责任单位:市经信委、市质监局,相关县(市、区)政府;"
        "协助单位:市商务局、市工商联。\n"
    )
    assert resp(text) == [
        (
            "实施品牌战略",
            ["市经信委", "市质监局", "相关县(市、区)政府"],
            ["市商务局", "市工商联"],
        )
    ]


def test_a_label_in_running_text_is_not_an_assignment():
    text = "1.完善制度。明确各责任单位:的职责分工,压实责任。\n"
    assert resp(text) == []


def test_sentences_that_assign():
    text = (
        "一、治理蔬菜污染\n\n由县农业局承办,县卫生局、环保局、质监局协办。目标是抽检合格率达到95%以上。\n"
        "(一)由县农业局负责,县环保局配合,推广生物农药。县商务局负责,县农业局配合,建设平价菜店。\n"
    )
    assert resp(text) == [
        ("治理蔬菜污染", ["县农业局"], ["县卫生局", "县环保局", "县质监局"]),
        ("推广生物农药", ["县农业局"], ["县环保局"]),
        ("建设平价菜店", ["县商务局"], ["县农业局"]),
    ]


def test_a_standing_duty_is_not_an_assignment():
    text = "五、保障措施\n领导小组办公室设在县市场监管局,负责日常工作。县财政局负责经费保障。\n"
    assert resp(text) == []


def test_parentheses_that_close_sentences_inside_an_item():
    text = (
        "1.加强标准建设。制修订地方标准20项。(县质监局负责)开展标准宣贯。"
        "(县质监局牵头,县农业局、县商务局协作)完善检测体系。\n"
    )
    assert resp(text) == [
        ("制修订地方标准20项", ["县质监局"], []),
        ("开展标准宣贯", ["县质监局"], ["县农业局", "县商务局"]),
    ]


def test_lead_beside_responsible_and_a_note_after_the_full_stop():
    text = (
        "(三)推进数字标准。开展核心标准研究。〔县发改局、县工信局牵头,各有关部门和乡镇人民政府"
        "按职责分工负责。以下均需各乡镇负责,不再列出〕\n"
    )
    assert resp(text) == [
        ("推进数字标准", ["县发改局", "县工信局"], ["各有关部门", "乡镇人民政府"])
    ]


def test_square_brackets_with_labels():
    text = (
        "——计量:建成计量服务平台1个。[牵头单位:市质监局;责任单位:市科技局、市经济和信息化委,"
        "各县(市)政府]\n"
    )
    (row,) = resp(text)
    assert row[1:] == (["市质监局"], ["市科技局", "市经济和信息化委", "各县(市)政府"])


def test_a_working_groups_lead():
    text = "四、组织分工\n设立三个工作组:农产品组(县农业局牵头),流通组(县商务局牵头)。\n"
    assert [r[1] for r in resp(text)] == [["县农业局"], ["县商务局"]]


def test_the_responsibility_column_of_a_flattened_table():
    text = (
        "重点项目表\n序号\n工作内容\n工作目标\n责任单位\n"
        "1\n计量标准建设\n建标30项以上。\n县质监局、县财政局,各乡、镇人民政府\n"
        "2\n诚信计量\n培育示范单位50家。\n序号\n工作内容\n工作目标\n责任单位\n"
        "3\n民生计量\n对集贸市场衡器实行免费检定, 并纳入财政预算\n"
    )
    assert resp(text) == [
        ("计量标准建设", ["县质监局", "县财政局", "各乡、镇人民政府"], []),
    ]


def test_a_company_keeps_its_own_name():
    text = "5.打造样板区。(责任单位:市商务局、市文旅局、嘉禾集团)\n"
    assert resp(text) == [("打造样板区", ["市商务局", "市文旅局", "嘉禾集团"], [])]
