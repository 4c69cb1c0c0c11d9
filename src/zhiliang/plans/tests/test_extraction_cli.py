"""The `extract FILE --json` command: output, and a one-line error for each bad input."""

import json
import random

from zhiliang.plans.extraction.cli import main

PLAN = (
    "一、主要目标\n"
    "园区年内主要工业产品的标准覆盖率和应复审率均达到98%以上。\n"
    "1.推进品牌建设。新增省级名牌产品5个左右。(区市场监管局牵头,区发改委配合)\n"
)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["extract", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_the_contract_json(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    code, out, err = run(capsys, path, "--json")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert set(result) == {"meta", "targets", "responsibilities", "phases"}
    assert [(t["indicator"], t["comparator"], t["value"]) for t in result["targets"]] == [
        ("主要工业产品的标准覆盖率", ">=", 98),
        ("主要工业产品的应复审率", ">=", 98),
        ("新增省级名牌产品", "~", 5),
    ]
    assert result["responsibilities"][0]["lead"] == ["区市场监管局"]
    assert "主要工业产品" in out  # ensure_ascii=False
    assert out.startswith('{\n "meta"')  # indent 1


def _one_line_error(code: int, out: str, err: str) -> None:
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1


def test_cli_missing_file(tmp_path, capsys):
    _one_line_error(*run(capsys, tmp_path / "nowhere.txt", "--json"))


def test_cli_unsupported_type(tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"PK\x03\x04")
    _one_line_error(*run(capsys, path, "--json"))


def test_cli_empty_file(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"")
    code, out, err = run(capsys, path, "--json")
    _one_line_error(code, out, err)
    assert "empty" in err


def test_cli_garbled_file(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    rng = random.Random(7)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    code, out, err = run(capsys, path, "--json")
    _one_line_error(code, out, err)
    assert "garbled" in err or "decode" in err


def test_cli_file_over_ten_megabytes(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    with path.open("wb") as f:
        f.truncate(10 * 1024 * 1024 + 1)  # sparse: no need to write 10 MB
    code, out, err = run(capsys, path, "--json")
    _one_line_error(code, out, err)
    assert "10 MB" in err


def test_cli_document_without_targets(tmp_path, capsys):
    path = tmp_path / "notice.txt"
    path.write_text(
        "关于做好质量宣传工作的通知\n请各单位认真组织实施,营造良好氛围。\n", encoding="utf-8"
    )
    code, out, err = run(capsys, path, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["targets"] == [] and result["responsibilities"] == [] and result["phases"] == []
    assert err.startswith("note: ") and "no targets" in err
