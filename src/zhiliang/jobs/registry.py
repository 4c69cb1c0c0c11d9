"""What to do when a job's worker died under it, per task.

An app registers, next to its task, a function that puts the task's object (an import
batch, a recompute) back into a state its user can act on. It is called with the job's
own arguments, inside the transaction that marks the job failed.
"""

from collections.abc import Callable

_HANDLERS: dict[str, Callable[..., None]] = {}


def on_abandoned(task) -> Callable:
    """Decorator: `@on_abandoned(validate_import)` above `def f(*args, **kwargs)`."""

    def register(func: Callable[..., None]) -> Callable[..., None]:
        _HANDLERS[task.module_path] = func
        return func

    return register


def handler_for(task_path: str) -> Callable[..., None] | None:
    return _HANDLERS.get(task_path)
