"""Editing a saved plan: its facts, targets and phases on one page, a task on its own page.

Each form posts to a service; a refusal is shown on the page and nothing is changed.
Only plans of the user's jurisdiction are edited (a plan of the level above is read only).
"""

import re
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhiliang.core.views import error_text
from zhiliang.plans import selectors, services
from zhiliang.plans.edit_forms import PhaseForm, PlanFactsForm, TargetForm, TaskForm
from zhiliang.plans.models import Phase, Plan, Target, Task
from zhiliang.plans.services import cascade, editing


def _managed(model, user, pk):
    try:
        return model.objects.managed_by(user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None


def _page(request, plan: Plan, facts=None, bound=None, status=200):
    """The plan's editing page; `bound` replaces one row's form by the posted one."""
    bound = bound or {}
    targets = [
        (t, bound.get(("t", t.pk)) or TargetForm(initial=_initial(t, TargetForm)))
        for t in plan.targets.annotate(n_reports=Count("reports")).order_by("order", "id")
    ]
    phases = [
        (p, bound.get(("p", p.pk)) or PhaseForm(initial=_initial(p, PhaseForm)))
        for p in plan.phases.all()
    ]
    context = {
        "plan": plan,
        "facts": facts or PlanFactsForm.of(plan),
        "targets": targets,
        "new_target": bound.get(("t", None)) or TargetForm(),
        "phases": phases,
        "new_phase": bound.get(("p", None)) or PhaseForm(),
        "tasks": plan.tasks.prefetch_related("task_units__organization"),
    }
    return render(request, "plans/plan_edit.html", context, status=status)


def _initial(item, form_class) -> dict:
    """The item's values as the form shows them (97, not 97.0000)."""
    values = {f: getattr(item, f) for f in form_class.base_fields}
    return {
        k: format(v.normalize(), "f") if isinstance(v, Decimal) else v for k, v in values.items()
    }


@login_required
@permission_required("plans.change_plan", raise_exception=True)
def plan_edit(request, pk: int):
    plan = _managed(Plan, request.user, pk)
    if request.method != "POST":
        return _page(request, plan)
    facts = PlanFactsForm.of(plan, request.POST)
    if facts.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, data=facts.cleaned_data)
        except ValidationError as exc:
            facts.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The plan was updated."))
            return redirect("plans:edit", pk=plan.pk)
    plan.refresh_from_db()
    return _page(request, plan, facts=facts, status=400)


ITEMS = {
    "target": (Target, TargetForm, editing.target_save, editing.target_delete, "t"),
    "phase": (Phase, PhaseForm, editing.phase_save, editing.phase_delete, "p"),
}


@login_required
@require_POST
@permission_required("plans.change_plan", raise_exception=True)
def item_save(request, pk: int, kind: str, item_pk: int | None = None):
    """Add (no `item_pk`) or correct a target or a phase of the plan."""
    if kind not in ITEMS:
        raise Http404
    model, form_class, save, _delete, key = ITEMS[kind]
    plan = _managed(Plan, request.user, pk)
    item = None
    if item_pk is not None:
        item = model.objects.filter(plan=plan, pk=item_pk).first()
        if item is None:
            raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            save(actor=request.user, plan=plan, data=form.cleaned_data, **{kind: item})
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:edit", pk=plan.pk)
    return _page(request, plan, bound={(key, item_pk): form}, status=400)


@login_required
@require_POST
@permission_required("plans.change_plan", raise_exception=True)
def item_delete(request, pk: int, kind: str, item_pk: int):
    if kind not in ITEMS:
        raise Http404
    model, _form, _save, delete, _key = ITEMS[kind]
    plan = _managed(Plan, request.user, pk)
    item = model.objects.filter(plan=plan, pk=item_pk).first()
    if item is None:
        raise Http404
    try:
        delete(actor=request.user, **{kind: item})
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Removed."))
    return redirect("plans:edit", pk=plan.pk)


@login_required
@permission_required("plans.change_task", raise_exception=True)
def task_edit(request, pk: int | None = None, plan_pk: int | None = None):
    """A task's page of its own: title, description, due date, lead and cooperating units."""
    task = _managed(Task, request.user, pk) if pk is not None else None
    plan = task.plan if task is not None else _managed(Plan, request.user, plan_pk)
    organisations = selectors.organisation_choices(region=plan.region)
    form = TaskForm(request.POST or None, organisations=organisations, task=task)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lead, cooperating = data.pop("lead"), data.pop("cooperating")
        try:
            task = editing.task_save(
                actor=request.user,
                plan=plan,
                task=task,
                data=data,
                lead=list(lead),
                cooperating=list(cooperating),
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("plans:task", pk=task.pk)
    return render(
        request,
        "plans/task_edit.html",
        {"plan": plan, "task": task, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
@permission_required("plans.change_task", raise_exception=True)
def task_delete(request, pk: int):
    task = _managed(Task, request.user, pk)
    try:
        editing.task_delete(actor=request.user, task=task)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("plans:task", pk=task.pk)
    messages.success(request, _("Removed."))
    return redirect("plans:edit", pk=task.plan_id)


# -- 任务分解: adopting a plan of the level above -----------------------------------------

DEADLINE = re.compile(r"^\d{4}(-\d{2})?$")


def _number(value) -> str:
    """A figure as an office writes it (10,000) as the number it is."""
    return (value or "").replace(",", "").replace("，", "").strip()


def _adoption_items(post, parent: Plan) -> tuple[list[dict], list[dict]]:
    """The chosen targets and tasks of `parent` with the values the office gave them."""
    targets, tasks = [], []
    for t in parent.targets.all():
        if post.get(f"t-{t.pk}-adopt"):
            deadline = (post.get(f"t-{t.pk}-deadline") or "").strip()
            if deadline and not DEADLINE.match(deadline):
                raise ValidationError(_("Write a year (2025) or a year-month (2025-06)."))
            targets.append(
                {
                    "parent": t,
                    "value": _number(post.get(f"t-{t.pk}-value")),
                    "deadline": deadline,
                }
            )
    for k in parent.tasks.all():
        if not post.get(f"k-{k.pk}-adopt"):
            continue
        raw = (post.get(f"k-{k.pk}-due_on") or "").strip()
        due_on = parse_date(raw) if raw else None
        if raw and due_on is None:
            raise ValidationError(_("%(v)s is not a date.") % {"v": raw})
        units = {}
        for role in ("lead", "cooperating"):
            values = post.getlist(f"k-{k.pk}-{role}")
            if not all(v.isdigit() for v in values):
                raise ValidationError(
                    _("Some units do not exist any more; reload the review page.")
                )
            units[role] = [int(v) for v in values]
        tasks.append({"parent": k, "due_on": due_on, **units})
    return targets, tasks


@login_required
@permission_required("plans.add_plan", raise_exception=True)
def plan_adopt(request, pk: int):
    """A lower level makes its own plan from chosen targets and tasks of a higher one."""
    try:
        parent = selectors.plan_get(user=request.user, pk=pk)
    except (Plan.DoesNotExist, ValueError):
        raise Http404 from None
    region = request.user.jurisdiction
    if not cascade.may_adopt(request.user, parent):
        messages.error(
            request,
            _("Your region cannot adopt this plan: not of a level above, or adopted already."),
        )
        return redirect("plans:detail", pk=parent.pk)
    error, status = "", 200
    if request.method == "POST":
        try:
            targets, tasks = _adoption_items(request.POST, parent)
            plan = cascade.plan_adopt(
                actor=request.user,
                parent=parent,
                region=region,
                title=request.POST.get("title", ""),
                targets=targets,
                tasks=tasks,
            )
        except ValidationError as exc:
            error, status = error_text(exc), 400
        else:
            messages.success(request, _("The plan was adopted; report progress on your own plan."))
            return redirect("plans:detail", pk=plan.pk)
    context = {
        "parent": parent,
        "region": region,
        "title": request.POST.get("title") or cascade.adoption_title(parent, region),
        "targets": parent.targets.all(),
        "tasks": parent.tasks.all(),
        "organisations": list(selectors.organisation_choices(region=region)),
        "error": error,
        "posted": request.POST,
    }
    return render(request, "plans/plan_adopt.html", context, status=status)
