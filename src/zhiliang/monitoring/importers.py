"""How the staged importer reads the laboratories' result lists (columns in Chinese or
English): one row per purchase and test item. A file is checked whole — a purchase outside
the jurisdiction or unknown, a test item not of the purchase's plan and product, a value
that is not a number, a purchase and item repeated in the file or already recorded — and
nothing is imported until every row is right or left out."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from zhiliang.core.api.rules import checked_by
from zhiliang.imports.registry import ImportField, ImportSpec, date_text
from zhiliang.monitoring.api.serializers import MonitoringResultSerializer
from zhiliang.monitoring.choices import Verdict
from zhiliang.monitoring.models import Purchase, Result, TestItem
from zhiliang.monitoring.services import result_validate, results_bulk_create

FIELDS = (
    ImportField("purchase_number", _("sample number"), True, ("样品编号", "购样编号", "编号"),
                help=_("The number of a purchase of your jurisdiction.")),
    ImportField("item_name", _("test item"), True, ("检测项目", "项目"),
                help=_("As the plan names it, e.g. 电池组过充保护.")),
    ImportField("value", _("measured value"), True, ("实测值", "检测值", "结果"),
                help=_("A number in the item's unit.")),
    ImportField("tested_on", _("tested on"), True, ("检测日期", "日期"), date_text),
)  # fmt: skip


def _key(record: dict) -> str:
    number = (record.get("purchase_number") or "").strip()
    item = (record.get("item_name") or "").strip()
    return f"{number} / {item}" if number and item else ""


def build_context(user, records: list[dict]) -> dict:
    numbers = list({(r.get("purchase_number") or "").strip() for r in records} - {""})
    purchases = {
        p.number: p
        for p in Purchase.objects.visible_to(user)
        .filter(number__in=numbers)
        .select_related("plan", "region")
    }
    plans = {p.plan_id for p in purchases.values()}
    items = {
        (i.plan_id, i.product_id, i.name): i for i in TestItem.objects.filter(plan_id__in=plans)
    }
    taken = set(
        Result.objects.filter(purchase__in=list(purchases.values())).values_list(
            "purchase_id", "item_id"
        )
    )
    return {"user": user, "purchases": purchases, "items": items, "taken": taken}


def example(user) -> dict:
    """A row that imports cleanly: an item of a pending purchase not yet recorded."""
    pending = Purchase.objects.visible_to(user).filter(verdict=Verdict.PENDING).order_by("pk")
    for purchase in pending[:20]:  # a few purchases at most
        item = (
            TestItem.objects.filter(plan_id=purchase.plan_id, product_id=purchase.product_id)
            .exclude(results__purchase=purchase)
            .order_by("name")
            .first()
        )
        if item is not None:
            return {
                "purchase_number": purchase.number,
                "item_name": item.name,
                "value": "12.5",
                "tested_on": str(max(purchase.bought_on, date.today())),
            }
    return {}


def commit(actor, rows: list[dict]) -> int:
    """The checked rows (purchase and item by id, value and date as text) → the service."""
    purchases = Purchase.objects.in_bulk([r["purchase_id"] for r in rows])
    items = TestItem.objects.in_bulk([r["item_id"] for r in rows])
    data = [
        {
            "purchase": purchases[r["purchase_id"]],
            "item": items[r["item_id"]],
            "value": Decimal(r["value"]),
            "tested_on": date.fromisoformat(r["tested_on"]),
        }
        for r in rows
    ]
    return results_bulk_create(actor=actor, rows=data)


RESULT_IMPORT = ImportSpec(
    kind="monitoring_results",
    label=_("risk monitoring results"),
    permission="monitoring.add_result",
    model=Result,
    serializer_class=checked_by(MonitoringResultSerializer, result_validate),
    fields=FIELDS,
    build_context=build_context,
    commit=commit,
    compound_key=_key,
    compound_label=_("sample number and test item"),
    list_url_name="monitoring:purchases",
    example=example,
)
