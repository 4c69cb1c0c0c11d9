"""What `zhiliang demo` loads after generating enterprises, in order.

Each loader is `fn(*, seed: int) -> str`: it adds its records when they are missing (so a
second run adds nothing) and returns one line saying what it made. Indicators come last,
as they are computed from what the others loaded.
"""

DEMO_LOADERS: list[str] = [
    "zhiliang.plans.demo.demo_plans_step",
]
