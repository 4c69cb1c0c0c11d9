"""`next-due`: the date, the rule and the reason; a one-line error and exit 2 for bad input."""

import pytest

from zhiliang.equipment.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(["next-due", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_elevator_early_inspection(capsys):
    code, out, err = run(
        capsys,
        *("--code", "3110", "--accepted", "2020-03-10", "--last-inspected", "2021-01-20"),
        *("--as-of", "2021-02-01"),
    )
    assert code == 0 and err == ""
    date, rule, reason = out.splitlines()
    assert date == "2024-03-10"  # year 4; the early 2021-01-20 inspection counts for year 1
    assert rule.startswith("elevator: 监督检验后第1、4、7、9、11、13、15年")
    assert "| TSG T7001-2023《电梯监督检验和定期检验规则》 | ✓" in rule
    assert reason.startswith("reason: year 4 after acceptance 2020-03-10")


def test_pressure_vessel_with_grade(capsys):
    code, out, _ = run(
        capsys,
        *("--code", "2150", "--accepted", "2021-06-01", "--last-inspected", "2024-05-20"),
        *("--grade", "3", "--as-of", "2024-06-01"),
    )
    assert code == 0
    assert out.splitlines()[0] == "2027-05-20"  # grade 3: 3 years
    assert out.splitlines()[1].startswith("fixed_vessel: ")


def test_gas_cylinder(capsys):
    code, out, _ = run(
        capsys, "--code", "2310", "--accepted", "2022-01-15", "--gas-class", "inert",
        "--as-of", "2022-02-01",
    )  # fmt: skip
    assert code == 0 and out.splitlines()[0] == "2027-01-15"  # inert: 5 years


def test_as_of_defaults_to_today(capsys):
    code, out, _ = run(capsys, "--code", "4D00", "--accepted", "2000-01-01")
    assert code == 0 and out.splitlines()[0] == "2002-01-01"
    assert "overdue on" in out.splitlines()[2]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--code", "3150"], "error: unknown special-equipment code '3150'"),
        (["--code", "8310"], "error: no periodic-inspection rule for 8310"),
        (["--accepted", "2023-02-30"], "error: --accepted: '2023-02-30' is not a date"),
        (["--accepted", "2023-2-3"], "error: --accepted: '2023-2-3' is not a date"),
        (["--as-of", "tomorrow"], "error: --as-of: 'tomorrow' is not a date"),
        (
            ["--last-inspected", "2022-12-31"],
            "error: last inspection 2022-12-31 is before acceptance 2023-01-10",
        ),
        (
            ["--code", "2150", "--last-inspected", "2024-01-10"],
            "error: a safety grade (1–5) from the inspection of 2024-01-10 is needed",
        ),
        (
            ["--code", "2150", "--last-inspected", "2024-01-10", "--grade", "5"],
            "error: safety grade 5: may not be used",
        ),
        (["--code", "2150", "--grade", "high"], "error: --grade: 'high' is not a safety grade"),
        (["--code", "2310"], "error: a gas class (corrosive, general, inert) is needed"),
    ],
)
def test_errors_are_one_line(capsys, argv, message):
    base = {"--code": "3110", "--accepted": "2023-01-10", "--as-of": "2025-01-01"}
    for option, value in zip(argv[::2], argv[1::2], strict=True):
        base[option] = value
    code, out, err = run(capsys, *[part for pair in base.items() for part in pair])
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_missing_option_and_bad_gas_class_are_usage_errors(capsys):
    assert run(capsys, "--accepted", "2023-01-10")[0] == 2
    assert run(capsys, "--code", "2310", "--accepted", "2023-01-10", "--gas-class", "toxic")[0] == 2
