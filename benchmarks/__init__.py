"""Benchmarks of the work that matters at each scale; see docs/performance.md.

Each benchmark is a module runnable alone (`python -m benchmarks.import_enterprises`);
`python -m benchmarks` runs them all, each in its own process, because Django reads its
settings (ZHILIANG_HOME, DATABASE_URL) once per process.
"""
