"""Automatic checks of scheme items: a veto (or manual) item of the scheme's data may name
`auto: <key>`, a key of AUTO_ITEMS. Each entry is a callable (region, year) -> evidence: a
list of {"reference", "text", "on"} dicts, empty when nothing is found. When a result is
drafted, an item whose check finds evidence is proposed (a veto as applied) with the
evidence in its note; the office still confirms or lifts it before publishing.

Other apps add their checks here (a plain dict; the callables import their app lazily)."""

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _


def _major_accident(region, year: int) -> list[dict]:
    """Accidents of grade 较大 or above (the line is data: cases/data/accident_grades.yaml)."""
    from zhiliang.cases import rules
    from zhiliang.cases.selectors import major_accidents

    return [
        {
            "reference": row["number"],
            "text": _("%(t)s (%(g)s; %(d)s dead, %(i)s seriously injured)")
            % {
                "t": row["title"],
                "g": rules.grade_label(row["grade"]),
                "d": row["deaths"],
                "i": row["injuries"],
            },
            "on": timezone.localtime(row["opened_at"]).date(),
        }
        for row in major_accidents(region=region, year=year)
    ]


def _red_card(region, year: int) -> list[dict]:
    """Red cards (红牌警示) the region or a region below it held that year (earlywarning)."""
    from zhiliang.earlywarning.selectors import red_cards_received

    return [
        {
            "reference": _("red card no. %(n)s") % {"n": row["card"]},
            "text": f"{row['region']} {row['product']}: {row['problem']}",
            "on": row["on"],
        }
        for row in red_cards_received(region, year)
    ]


AUTO_ITEMS: dict[str, Callable] = {
    "major_accident": _major_accident,
    # A scheme may make a red card a veto (or, on a manual item, a deduction the office decides).
    "red_card": _red_card,
}


def auto_choices() -> list[str]:
    return sorted(AUTO_ITEMS)


def evidence_note(evidence: list[dict]) -> str:
    """The proposal's note: what was found, one line each, for the office to confirm."""
    lines = [f"{e['on']:%Y-%m-%d} {e['reference']} {e['text']}" for e in evidence]
    return _("Proposed from the records (confirm or lift):") + "\n" + "\n".join(lines)
