"""What the assessment models share: number formats and the default grade bands."""

POINTS = {"max_digits": 7, "decimal_places": 2}
FIGURE = {"max_digits": 20, "decimal_places": 4}


def default_grade_bands():
    # 国办发〔2013〕47号: A ≥ 90, B 80–89, C 60–79, D ≤ 59 (DOMAIN.md). Kept per scheme.
    return [["A", 90], ["B", 80], ["C", 60], ["D", 0]]
