"""Helpers shared by the jobs tests: enterprise files and queued jobs as the worker sees them."""

from django_tasks_db.models import DBTaskResult, get_date_max

from zhiliang.core.testing import xlsx as sheets
from zhiliang.enterprises.uscc import make_uscc

HEADERS = ["统一社会信用代码", "企业名称", "区划代码", "行业代码"]


def rows(numbers, region="320412001", tag="JB"):
    return [
        [make_uscc(region[:6], f"{tag}{n:06d}"), f"常州任务{tag}{n}号有限公司", region, "34"]
        for n in numbers
    ]


def xlsx(data) -> bytes:
    return sheets.xlsx(HEADERS, data)


def upload(user, data, name="list.xlsx"):
    return sheets.upload(user, "enterprises", xlsx(data), name)


def queue_job(task, *args, worker_ids=(), status="READY") -> DBTaskResult:
    """A job row as django-tasks-db's backend stores it (tests run tasks inline otherwise)."""
    return DBTaskResult.objects.create(
        task_path=task.module_path,
        args_kwargs={"args": list(args), "kwargs": {}},
        queue_name=task.queue_name,
        priority=task.priority,
        backend_name="default",
        run_after=get_date_max(),
        status=status,
        worker_ids=list(worker_ids),
    )
