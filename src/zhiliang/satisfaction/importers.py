"""How the staged importer reads a survey firm's response file (xlsx or CSV): one row per
respondent, one column per question of the design. Out-of-scale answers and repeated
respondents are refused with their reason; straight-lining is flagged on the response."""

from django.utils.translation import gettext_lazy as _

from zhiliang.core.api.rules import checked_by
from zhiliang.core.models import Region
from zhiliang.imports.registry import ImportField, ImportSpec, date_text
from zhiliang.imports.rows import typed_commit
from zhiliang.satisfaction import rules
from zhiliang.satisfaction.api.serializers import ResponseSerializer
from zhiliang.satisfaction.models import Response, Survey
from zhiliang.satisfaction.services import response_validate, responses_bulk_create


def _fields() -> tuple[ImportField, ...]:
    low, high = rules.scale()
    fixed = (
        ImportField("survey_code", _("survey code"), True, ("测评编号", "调查编号", "项目编号"),
                    help=_("The code of a survey registered under Satisfaction surveys.")),
        ImportField("respondent", _("respondent number"), True,
                    ("问卷编号", "样本编号", "受访者编号")),
        ImportField("region_code", _("region code"), True, ("区划代码", "地区代码")),
        ImportField("sector", _("sector"), True, ("行业", "行业类别", "领域"),
                    help=_("生产性服务业, 生活性服务业, 公共服务 or 产品（消费品）.")),
        ImportField("surveyed_on", _("surveyed on"), True, ("调查日期", "访问日期"), date_text),
        ImportField("weight", _("weight"), False, ("权重", "加权系数"),
                    help=_("The firm's weight of the respondent; 1 when empty.")),
    )  # fmt: skip
    answers = tuple(
        ImportField(q["code"], q["code"].upper(), False, (q["text"],),
                    help=_("An answer from %(lo)s to %(hi)s; empty if not answered.")
                    % {"lo": low, "hi": high})
        for q in rules.questions()
    )  # fmt: skip
    return fixed + answers


def build_context(user, records: list[dict]) -> dict:
    codes = {(r.get("survey_code") or "").strip() for r in records} - {""}
    surveys = {
        s.code: s
        for s in Survey.objects.visible_to(user).select_related("region").filter(code__in=codes)
    }
    respondents = {(r.get("respondent") or "").strip() for r in records} - {""}
    taken = set(
        Response.objects.filter(
            survey__in=surveys.values(), respondent__in=respondents
        ).values_list("survey_id", "respondent")
    )
    wanted = {(r.get("region_code") or "").strip() for r in records} - {""}
    return {
        "user": user,
        "surveys": surveys,
        "regions": {r.code: r for r in Region.objects.filter(code__in=wanted)},
        "taken": taken,
    }


def example(user) -> dict:
    survey = Survey.objects.visible_to(user).select_related("region").order_by("-year").first()
    scope = user.jurisdiction
    if survey is None or scope is None:
        return {}
    region = survey.region if survey.region.level >= 3 else None
    region = region or Region.objects.filter(parent=survey.region).order_by("code").first()
    row = {
        "survey_code": survey.code,
        "respondent": "X0001",
        "region_code": region.code if region else "",
        "sector": "生活性服务业",
        "surveyed_on": f"{survey.year}-06-15",
        "weight": "1",
    }
    row.update({code: str(7 + i % 3) for i, code in enumerate(rules.question_codes())})
    return row


RESPONSE_IMPORT = ImportSpec(
    kind="satisfaction_responses",
    label=_("satisfaction survey responses"),
    permission="satisfaction.add_response",
    model=Response,
    serializer_class=checked_by(ResponseSerializer, response_validate),
    fields=_fields(),
    build_context=build_context,
    commit=typed_commit(Response, responses_bulk_create),
    compound_key=lambda r: (
        f"{(r.get('survey_code') or '').strip()} {(r.get('respondent') or '').strip()}".strip()
    ),
    compound_label=_("survey code and respondent number"),
    list_url_name="satisfaction:responses",
    example=example,
)
