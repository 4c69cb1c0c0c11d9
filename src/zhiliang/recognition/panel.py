"""The panel draw: the sampling draw's seeded mechanism (`inspections.draw`: SHA-256
derived seeds, `team` with conflict exclusion, canonical digests) applied to an expert
pool. A panel is verifiable from its seed: `verify` re-runs the draw on the stored pool
and conflicts and compares with the seats recorded."""

from dataclasses import dataclass, field

from zhiliang.core.models.regions import subtree_ids
from zhiliang.inspections.draw import derived_seed, digest, team

ALGORITHM = "panel-team-v1"


def pool_read(application) -> dict:
    """The active experts of the round's region (sorted by id) and, for each, the
    enterprises they are tied to (employer, declared relations) among the applicant's."""
    from zhiliang.recognition.models import Expert

    experts = Expert.objects.filter(
        active=True, region__id__range=subtree_ids(application.round.region.code)
    ).order_by("id")
    ids = list(experts.values_list("id", flat=True))
    ent = application.enterprise_id
    tied = set(experts.filter(employer_id=ent).values_list("id", flat=True))
    tied |= set(experts.filter(related__id=ent).values_list("id", flat=True))
    return {"ids": ids, "conflicts": sorted(tied)}


def compute(inputs: dict) -> list[int]:
    """The panel (expert ids in draw order) of the stored inputs: a pure function."""
    conflicts = {e: [(inputs["enterprise"], "")] for e in inputs["conflicts"]}
    seed = derived_seed(inputs["seed"], "panel", inputs["application"])
    return team(inputs["ids"], conflicts, inputs["enterprise"], "", inputs["size"], seed)


def run(application, seed: int) -> tuple[dict, list[int]]:
    pool = pool_read(application)
    inputs = {
        "algorithm": ALGORITHM,
        "seed": seed,
        "application": application.pk,
        "enterprise": application.enterprise_id,
        "size": int(application.round.panel_size),
        **pool,
    }
    return inputs, compute(inputs)


@dataclass
class Verification:
    ok: bool
    differences: list[str] = field(default_factory=list)


def verify(application) -> Verification:
    """Re-run the stored draw: its inputs match their digest, the seed reproduces the
    panel, the seats recorded are that panel and none of them has a conflict."""
    inputs = application.panel_inputs or {}
    v = Verification(True)
    if not inputs:
        return Verification(False, ["no panel drawn"])
    if inputs.get("algorithm") != ALGORITHM:
        return Verification(False, [f"algorithm {inputs.get('algorithm')!r} is not {ALGORITHM!r}"])
    if digest(inputs) != application.panel_digest:
        v.ok = False
        v.differences.append("the stored inputs do not match their digest")
    if inputs.get("seed") != application.panel_seed:
        v.ok = False
        v.differences.append("the seed differs from the inputs' seed")
    expected = compute(inputs)
    seated = list(application.seats.order_by("order").values_list("expert_id", flat=True))
    if seated != expected:
        v.ok = False
        v.differences.append(f"seats {seated} differ from the draw {expected}")
    now = pool_read(application)
    clash = set(seated) & set(now["conflicts"])
    if clash:
        v.ok = False
        v.differences.append(f"experts {sorted(clash)} have a conflict with the applicant")
    return v
