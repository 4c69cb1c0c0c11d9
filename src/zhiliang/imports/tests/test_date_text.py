"""imports/registry.py date_text: dates as clerks write them, to ISO text."""

import pytest

from zhiliang.imports.registry import date_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-05-13", "2019-05-13"),  # already ISO: returned at once
        ("2019-5-13", "2019-05-13"),
        ("2019/5/13", "2019-05-13"),
        ("2019.05.13", "2019-05-13"),
        ("2019年5月13日", "2019-05-13"),
        ("20190513", "2019-05-13"),
        (" 2019-05-13 ", "2019-05-13"),
        ("２０１９-０５-１３", "2019-05-13"),  # full-width, ten characters like ISO
        ("2019-13-45", "2019-13-45"),  # not a day: left for the check to refuse
        ("2019-05-1x", "2019-05-1x"),
        ("yesterday", "yesterday"),
    ],
)
def test_date_text(text, expected):
    assert date_text(text) == expected
