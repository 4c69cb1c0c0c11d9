"""The review step: an extraction shown for checking, and the reviewer's choices saved.

Nothing is stored before the reviewer confirms; an uploaded file waits in a staging
folder under ZHILIANG_HOME, named by its hash, until then.
"""

import hashlib
import re
from dataclasses import dataclass
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
from zhiliang.plans.review_state import state_from_extraction
from zhiliang.plans.services import plan_create, plan_update_from_review, source_hash
from zhiliang.plans.services.review import review_validate

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


def normalise(text: str) -> str:
    """The text the extractor reads, the page shows and the plan stores: line ends as LF.

    A browser posts a form's text with CRLF line ends and shows a CR LF as one character,
    so the spans (character offsets) hold in all three places only for this form."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass
class Review:
    """What the review page shows: the rows to check and how each unit name resolved."""

    text: str
    state: dict
    units: dict[str, Resolution]
    existing: Plan | None


def review_prepare(*, actor, region: Region, text: str) -> Review:
    """The first review of a document: everything the extractor found."""
    text = normalise(text)
    if not text:
        raise ValidationError(_("The document has no text."))
    require_in_jurisdiction(actor, region)
    extraction = extract_text(text)
    spans = [_locate(text, r["task"]) for r in extraction["responsibilities"]]
    return review_reopen(
        actor=actor, region=region, text=text, state=state_from_extraction(extraction, spans)
    )


def review_reopen(*, actor, region: Region, text: str, state: dict) -> Review:
    """The review page again for a state the reviewer left (after a refused save)."""
    require_in_jurisdiction(actor, region)
    names = list(
        dict.fromkeys(
            u["name"] for t in state["tasks"] for units in t["units"].values() for u in units
        )
    )
    units = {r.name: r for r in resolve_units([n for n in names if n], region)}
    existing = Plan.objects.filter(region=region, source_hash=source_hash(text)).first()
    return Review(text, state, units, existing)


def _locate(text: str, needle: str) -> list[int] | None:
    at = text.find(needle) if needle else -1
    return [at, at + len(needle)] if at >= 0 else None


def read_selection(*, actor, region: Region, text: str) -> dict:
    """What a selection in the source holds, to fill the row the reviewer adds from it: the
    targets and phases the extractor reads in it (spans relative to the selection) and how
    the selection resolves as a unit name."""
    require_in_jurisdiction(actor, region)
    text = normalise(text)[:2000]
    found = extract_text(text) if text else {"targets": [], "phases": []}
    unit = resolve_units([text], region)[0] if text and len(text) <= 64 else None
    resolved = None
    if unit is not None and unit.organization is not None:
        resolved = {"choice": f"org:{unit.organization.pk}", "label": unit.organization.name}
    elif unit is not None and unit.suggestion and unit.region is not None:
        scope = actor.jurisdiction
        if scope is not None and scope.contains(unit.region):
            resolved = {
                "choice": f"new:{unit.region.code}:{unit.suggestion}",
                "label": f"{_('new')}: {unit.suggestion}",
            }
    return {
        "text": text,
        "targets": found["targets"],
        "phases": found["phases"],
        "unit": resolved,
    }


@transaction.atomic
def review_commit(
    *, actor, region: Region, text: str, source_name: str, token: str, state: dict, update=None
) -> Plan:
    """Check every row the reviewer left, then create the organisations asked for and the
    plan, in one transaction; refused rows leave nothing behind.

    The ticked rows' task units are choices: ("org", id), ("new", region code, name) or
    ("text", name).
    """
    text = normalise(text)
    items = review_validate(text=text, state=state)
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
