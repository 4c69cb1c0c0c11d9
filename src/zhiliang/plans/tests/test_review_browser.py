"""The review page in a real browser: select text in the source to add a target, a task and
its unit; split a target; merge two; click an item to see its clause; save. Screenshots
go to /tmp/plans3-review-*.png for a person to look at."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from zhiliang.plans.models import Plan

DOC = (
    Path(__file__).resolve().parents[4].parent
    / "shared"
    / "policy-extraction"
    / "docs"
    / "001_8a852f39fcf6f680.txt"
)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not DOC.exists(), reason="the shared folder is not beside the checkout"),
]
SHOTS = Path("/tmp")
FOCUS = re.compile(r"\bitem-focus\b")

# Selects a phrase of the source text as a reader would with the mouse.
SELECT = """phrase => {
  const root = document.getElementById("source");
  const at = root.textContent.indexOf(phrase);
  if (at < 0) throw new Error("not in the source: " + phrase);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node, started = false;
  while ((node = walker.nextNode())) {
    const len = node.data.length;
    if (!started && at < seen + len) { range.setStart(node, at - seen); started = true; }
    const end = at + phrase.length;
    if (started && end <= seen + len) { range.setEnd(node, end - seen); break; }
    seen += len;
  }
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}"""

# Whether a highlight is in the visible part of the scrolled source text.
IN_VIEW = """m => {
  const r = m.getBoundingClientRect();
  const s = document.getElementById("source").getBoundingClientRect();
  return r.top >= s.top && r.bottom <= s.bottom;
}"""


def _select(page, phrase: str) -> None:
    page.evaluate(SELECT, phrase)
    expect(page.locator("#selection-text")).to_have_text(phrase)


def _click_text(page, mark) -> None:
    """Click the middle of a highlight's first line (a highlight that wraps has its box's
    centre between its lines)."""
    mark.scroll_into_view_if_needed()
    box = mark.evaluate(
        "m => { const r = m.getClientRects()[0];"
        " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }"
    )
    page.mouse.click(box["x"], box["y"])


def _open_review(page, make_user, make_org):
    make_org("320412", "常州市武进区市场监督管理局")
    make_org("320412", "常州市武进区发展和改革局")
    office = make_org("320412", "武进区质量工作领导小组办公室", kind="office")
    user = make_user("office_staff", "320412", organization=office)
    page.login(user)
    page.goto(page.base_url + "/plans/new/")
    page.set_input_files("#id_file", str(DOC))
    page.click("#extract")
    page.wait_for_selector("#review-form")
    # The page's scripts (marks, the selection listener) run when it has loaded, not when
    # the form first appears; a selection made before that is never seen.
    page.wait_for_load_state("load")
    return user


def test_select_split_merge_highlight_and_save(page, make_user, make_org):
    _open_review(page, make_user, make_org)
    targets = page.locator("#targets-body > tr.item")
    assert targets.count() == 27
    # Select a clause the extractor took as no target, add it as one: filled by the extractor.
    _select(page, "经竣工验收的工程合格率达100%")
    page.screenshot(path=str(SHOTS / "plans3-review-selection.png"))
    page.click("#add-target-from-selection")
    expect(targets).to_have_count(28)
    added = targets.nth(27)
    assert added.locator(".indicator").input_value() == "经竣工验收的工程合格率"
    assert added.locator(".value").input_value() == "100"
    assert added.locator(".unit").input_value() == "%"
    key = added.get_attribute("data-item")
    added = page.locator(f"#targets-body > tr[data-item='{key}']")
    assert page.locator(f"#source mark[data-items~='{key}']").count() == 1
    # Select a sentence and add it as a task, then a unit name as its lead unit.
    _select(page, "加强交通、水利、能源等重大基础设施和重大产业项目建设管理")  # fmt: skip
    tasks = page.locator("#tasks > li.item")
    before = tasks.count()
    page.click("#add-task-from-selection")
    expect(tasks).to_have_count(before + 1)
    task = tasks.nth(before)
    sentence = "加强交通、水利、能源等重大基础设施和重大产业项目建设管理"
    expect(task.locator(".title")).to_have_value(sentence)
    _select(page, "区市场监管局")
    page.click("#add-lead-from-selection")
    lead = task.locator(".units[data-role=lead] select")
    expect(lead).to_have_count(1)
    assert "常州市武进区市场监督管理局" in lead.locator("option:checked").inner_text()
    # Split the second target; its twin sits below it with the same clause.
    second = targets.nth(1)
    second.locator(".split").click()
    expect(targets).to_have_count(29)
    twin = targets.nth(2)
    assert twin.locator(".value").input_value() == "90"
    assert twin.locator(".spans").input_value() == second.locator(".spans").input_value()
    twin.locator(".indicator").fill("工业产品质量监督抽查合格率(复核)")
    # Merge the fourth target with the fifth: one row, both clauses.
    fourth, fifth_spans = targets.nth(3), targets.nth(4).locator(".spans").input_value()
    fourth_spans = fourth.locator(".spans").input_value()
    fourth.locator(".merge").click()
    expect(targets).to_have_count(28)
    assert fourth.locator(".spans").input_value() == f"{fourth_spans};{fifth_spans}"
    # Click an item: its clause is marked and shown.
    fourth.locator(".indicator").click()
    marked = page.locator("#source mark.focus")
    expect(marked.nth(1)).to_be_attached()
    assert "大中型工程项目一次验收合格率" in marked.first.inner_text()
    assert marked.first.evaluate(IN_VIEW)
    page.screenshot(path=str(SHOTS / "plans3-review-merged.png"), full_page=True)
    # Clicking a highlight finds its item; the extractor had taken that clause as target 18
    # (its indicator worded otherwise): a second click finds the added one.
    mark = page.locator(f"#source mark[data-items~='{key}']")
    assert mark.get_attribute("data-items") == f"t17 {key}"
    _click_text(page, mark)
    expect(page.locator("tr[data-item='t17']")).to_have_class(FOCUS)
    _click_text(page, mark)
    expect(added).to_have_class(FOCUS)
    expect(page.locator("tr[data-item='t17']")).not_to_have_class(FOCUS)
    page.click("#save-plan")
    page.wait_for_selector("#plan-title")
    plan = Plan.objects.get()
    names = list(plan.targets.order_by("order").values_list("indicator_text", flat=True))
    assert len(names) == 28 and names[2] == "工业产品质量监督抽查合格率(复核)"
    assert names[-1] == "经竣工验收的工程合格率"
    merged = plan.targets.get(order=3)
    assert plan.source_text[merged.span_start : merged.span_end].endswith("执行率达到100%")
    new_task = plan.tasks.get(title__startswith="加强交通")
    assert new_task.task_units.get().organization.name == "常州市武进区市场监督管理局"
    # The saved plan's document page: click an item, its clause is marked.
    page.click("#open-source")
    page.wait_for_selector("#source-items")
    page.locator(f".source-item[data-item='k{new_task.pk}']").click()
    marked = page.locator("#source mark.focus").first
    assert marked.inner_text().startswith("加强交通") and marked.evaluate(IN_VIEW)
    page.screenshot(path=str(SHOTS / "plans3-source-page.png"), full_page=True)


def test_a_refused_row_comes_back_with_its_reason(page, make_user, make_org):
    _open_review(page, make_user, make_org)
    page.click("#add-target")
    row = page.locator("#targets-body > tr.item").last
    row.locator(".indicator").fill("新增省级质量标杆企业")
    row.locator(".value").fill("若干")
    page.click("#save-plan")
    page.wait_for_selector(".row-error")
    assert not Plan.objects.exists()
    row = page.locator("#targets-body > tr.item").last
    assert row.locator(".indicator").input_value() == "新增省级质量标杆企业"
    assert "若干" in row.locator(".row-error").inner_text()
    page.screenshot(path=str(SHOTS / "plans3-review-refused.png"), full_page=True)
    row.locator(".value").fill("3")
    page.click("#save-plan")
    page.wait_for_selector("#plan-title")
    assert Plan.objects.get().targets.filter(indicator_text="新增省级质量标杆企业").exists()
