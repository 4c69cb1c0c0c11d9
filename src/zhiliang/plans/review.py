"""The review step: an extraction shown for checking, and the reviewer's choices saved.

Nothing is stored before the reviewer confirms; an uploaded file waits in a staging
folder under ZHILIANG_HOME, named by its hash, until then.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhiliang.core.choices import OrganizationKind
from zhiliang.core.guards import require_in_jurisdiction
from zhiliang.core.models import Organization, Region
from zhiliang.core.services import organization_create
from zhiliang.plans.extraction import ExtractionError, extract_text, read_file
from zhiliang.plans.models import Plan
from zhiliang.plans.resolution import Resolution, resolve_units
from zhiliang.plans.services import plan_create, plan_update_from_review, source_hash

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
SUFFIXES = (".txt", ".docx", ".html", ".htm", ".pdf")


def staging_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stage_upload(uploaded) -> tuple[str, str]:
    """Keep an uploaded document until review; (token, text). Raises ValidationError."""
    if uploaded.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The document is larger than 10 MB."))
    suffix = Path(uploaded.name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(_("Upload a .txt, .docx, .html or .pdf document."))
    data = b"".join(uploaded.chunks())
    token = hashlib.sha256(data).hexdigest()[:32] + suffix
    path = staging_dir() / token
    path.write_bytes(data)
    try:
        return token, read_file(path)
    except ExtractionError as exc:
        path.unlink(missing_ok=True)
        raise ValidationError(str(exc)) from None


def staged_bytes(token: str) -> bytes | None:
    if not re.fullmatch(r"[0-9a-f]{32}\.(txt|docx|html|htm|pdf)", token or ""):
        return None
    path = staging_dir() / token
    return path.read_bytes() if path.exists() else None


@dataclass
class Review:
    """What the review page shows: the extraction and how each unit name resolved."""

    text: str
    extraction: dict
    units: dict[str, Resolution]
    existing: Plan | None
    task_spans: list[list[int] | None] = field(default_factory=list)


def review_prepare(*, actor, region: Region, text: str) -> Review:
    if not text.strip():
        raise ValidationError(_("The document has no text."))
    require_in_jurisdiction(actor, region)
    extraction = extract_text(text)
    names = list(
        dict.fromkeys(
            n for r in extraction["responsibilities"] for n in [*r["lead"], *r["cooperating"]]
        )
    )
    units = {r.name: r for r in resolve_units(names, region)}
    existing = Plan.objects.filter(region=region, source_hash=source_hash(text)).first()
    spans = [_locate(text, r["task"]) for r in extraction["responsibilities"]]
    return Review(text, extraction, units, existing, spans)


def _locate(text: str, needle: str) -> list[int] | None:
    at = text.find(needle) if needle else -1
    return [at, at + len(needle)] if at >= 0 else None


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """The text cut at the spans: [(piece, anchor id or "")], for highlighting."""
    out, at = [], 0
    for start, end, anchor in sorted(s for s in spans if s[0] is not None):
        if start < at:
            continue  # overlapping spans: the first one wins
        out.append((text[at:start], ""))
        out.append((text[start:end], anchor))
        at = end
    out.append((text[at:], ""))
    return out


@transaction.atomic
def review_commit(
    *, actor, region: Region, text: str, source_name: str, token: str, items: dict, update=None
) -> Plan:
    """Create the organisations the reviewer asked for, then the plan, in one transaction.

    `items` holds the accepted meta, targets, phases and tasks; each task's units are
    choices: ("org", id), ("new", region code, name) or ("text", name).
    """
    created: dict[tuple[str, str], Organization] = {}
    tasks = []
    for task in items["tasks"]:
        ids = {"lead": [], "cooperating": []}
        for role in ids:
            for choice in task["units"][role]:
                if choice[0] == "org":
                    ids[role].append(int(choice[1]))
                elif choice[0] == "new":
                    key = (choice[1], choice[2])
                    if key not in created:
                        created[key] = _organization(actor, *key)
                    ids[role].append(created[key].pk)
        tasks.append({**task, **ids})
    if update is not None:
        if update.source_hash != source_hash(text) or update.region_id != region.pk:
            raise ValidationError(_("Only a plan made from this same document can be updated."))
        plan_update_from_review(
            actor=actor,
            plan=update,
            meta=items["meta"],
            targets=items["targets"],
            phases=items["phases"],
            tasks=tasks,
        )
        return update
    return plan_create(
        actor=actor,
        region=region,
        source_text=text,
        meta=items["meta"],
        targets=items["targets"],
        phases=items["phases"],
        tasks=tasks,
        source_name=source_name,
        source_bytes=staged_bytes(token),
    )


def _organization(actor, region_code: str, name: str) -> Organization:
    region = Region.objects.filter(code=region_code).first()
    if region is None or not name.strip():
        raise ValidationError(_("A new unit needs a name and a region."))
    existing = Organization.objects.filter(region=region, name=name.strip()).first()
    if existing:
        return existing
    return organization_create(
        actor=actor,
        data={"name": name.strip()[:128], "kind": OrganizationKind.DEPARTMENT, "region": region},
    )
