"""The review page's state: every row the reviewer sees, as read from an extraction or from
the posted form, and the highlights it makes in the source text.

A row is a plain dict. Targets and tasks carry `spans`, a list of [start, end) character
offsets into the normalised source text (see `review.normalise`): one for an extracted or
selected item, several for a merged target, none for an item typed by hand. A span the form
sends that cannot be read is kept as the string "bad", so that the services refuse it with a
reason instead of dropping it.
"""

MAX_ROWS = 2000  # rows per list the form may post; more is not a review page
MAX_UNITS = 200
ORIGINS = ("extracted", "added", "split", "merged")


def state_from_extraction(extraction: dict, task_spans: list) -> dict:
    """The first state of the page: everything the extractor found, ticked."""
    targets = [
        {
            "indicator": t["indicator"] or "",
            "comparator": t["comparator"],
            "value": "" if t["value"] is None else str(t["value"]),
            "unit": t.get("unit") or "",
            "deadline": t.get("deadline") or "",
            "spans": [t["span"]] if t.get("span") else [],
        }
        for t in extraction["targets"]
    ]
    phases = [
        {"name": p["name"], "start": p.get("start") or "", "end": p.get("end") or ""}
        for p in extraction["phases"]
    ]
    tasks = [
        {
            "title": r["task"] or "",
            "due_on": "",
            "spans": [span] if span else [],
            "units": {
                role: [{"name": n, "choice": ""} for n in r[role]]
                for role in ("lead", "cooperating")
            },
        }
        for r, span in zip(extraction["responsibilities"], task_spans, strict=True)
    ]
    meta = {k: extraction["meta"].get(k) or "" for k in ("title", "doc_number", "issuer", "date")}
    state = {"meta": meta, "targets": targets, "phases": phases, "tasks": tasks}
    for prefix, kind in (("t", "targets"), ("p", "phases"), ("k", "tasks")):
        for i, row in enumerate(state[kind]):
            row.update(key=f"{prefix}{i}", accept=True, origin="extracted")
    return state


def _indices(data, prefix: str, field: str) -> list[int]:
    """The rows' numbers in the page's order (rows added, split or merged by the page's
    script are numbered after the others); rows the page removed are absent."""
    order = data.get(f"{prefix}-order")
    if order:
        wanted = [int(v) for v in order.split(",") if v.strip().isdigit()]
    else:
        count = data.get(f"{prefix}-count") or "0"
        wanted = range(min(int(count), MAX_ROWS)) if count.isdigit() else []
    seen = dict.fromkeys(i for i in wanted if i < MAX_ROWS)
    return [i for i in seen if f"{prefix}{i}-{field}" in data]


def _spans(value) -> list | str:
    """'12,40' or '12,40;85,97' → [[12, 40], [85, 97]]; '' → []; anything else → "bad"."""
    value = (value or "").strip()
    if not value:
        return []
    spans = []
    for part in value.split(";"):
        start, sep, end = part.partition(",")
        if not (sep and start.strip().isdigit() and end.strip().isdigit()):
            return "bad"
        spans.append([int(start), int(end)])
    return spans


def _get(data, name: str) -> str:
    return (data.get(name) or "").strip()


def _common(data, key: str) -> dict:
    origin = data.get(f"{key}-origin")
    return {
        "key": key,
        "accept": bool(data.get(f"{key}-accept")),
        "origin": origin if origin in ORIGINS else "extracted",
    }


def state_from_post(data) -> dict:
    """The state as the reviewer left it, unticked rows included."""
    meta = {k: _get(data, f"meta-{k}") for k in ("title", "doc_number", "issuer", "date")}
    targets = [
        {
            **_common(data, f"t{i}"),
            **{f: _get(data, f"t{i}-{f}") for f in ("indicator", "value", "unit", "deadline")},
            "comparator": data.get(f"t{i}-comparator") or "",
            "spans": _spans(data.get(f"t{i}-span")),
        }
        for i in _indices(data, "t", "indicator")
    ]
    phases = [
        {**_common(data, f"p{i}"), **{f: _get(data, f"p{i}-{f}") for f in ("name", "start", "end")}}
        for i in _indices(data, "p", "name")
    ]
    tasks = []
    for i in _indices(data, "k", "title"):
        units = {}
        for role in ("lead", "cooperating"):
            count = data.get(f"k{i}-{role}-count") or "0"
            numbers = range(min(int(count), MAX_UNITS)) if count.isdigit() else []
            units[role] = [
                {
                    "name": _get(data, f"k{i}-{role}{j}-name"),
                    "choice": data.get(f"k{i}-{role}{j}") or "",
                }
                for j in numbers
                if f"k{i}-{role}{j}-name" in data
            ]
        tasks.append(
            {
                **_common(data, f"k{i}"),
                "title": _get(data, f"k{i}-title"),
                "due_on": _get(data, f"k{i}-due_on"),
                "spans": _spans(data.get(f"k{i}-span")),
                "units": units,
            }
        )
    return {"meta": meta, "targets": targets, "phases": phases, "tasks": tasks}


def with_span_values(state: dict) -> None:
    """Each target's and task's spans as the form carries them ("12,40;85,97")."""
    for kind in ("targets", "tasks"):
        for row in state[kind]:
            spans = row["spans"] if isinstance(row["spans"], list) else []
            row["span_value"] = ";".join(f"{s},{e}" for s, e in spans)


def marks(state: dict) -> list[tuple[int, int, str]]:
    """(start, end, row key) for every span of every target and task on the page."""
    return [
        (start, end, row["key"])
        for kind in ("targets", "tasks")
        for row in state[kind]
        if isinstance(row["spans"], list)
        for start, end in row["spans"]
    ]


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, list[str]]]:
    """The text cut wherever a span starts or ends: [(piece, keys of the spans over it)].

    Spans may overlap or coincide (one clause gives two targets; a split target keeps its
    clause): every piece is marked with each item over it. Static/plans/source.js cuts the
    same way in the browser when the reviewer adds an item.
    """
    inside = [(max(0, s), min(len(text), e), k) for s, e, k in spans if 0 <= s < e]
    cuts = sorted({0, len(text), *(s for s, _e, _k in inside), *(e for _s, e, _k in inside)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        keys = [k for s, e, k in inside if s <= a and b <= e]
        out.append((text[a:b], list(dict.fromkeys(keys))))
    return out


def attach_errors(state: dict, errors: dict[str, list[str]]) -> None:
    """Put the services' reasons on the rows they are about, for the page to show."""
    for kind in ("targets", "phases", "tasks"):
        for row in state[kind]:
            row["errors"] = errors.get(row["key"], [])
