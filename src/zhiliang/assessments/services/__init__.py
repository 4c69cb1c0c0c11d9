"""Writes of the assessments app: schemes from YAML, target links, runs, decisions, publishing."""

from zhiliang.assessments.services.decisions import evidence_add, itemscore_decide, result_publish
from zhiliang.assessments.services.links import targetlink_set
from zhiliang.assessments.services.results import result_recompute, result_run, subjects_of
from zhiliang.assessments.services.schemes import (
    DATA,
    DEFAULT_SCHEME,
    scheme_load,
    scheme_load_file,
    scheme_parse,
    scheme_validate,
)

__all__ = [
    "DATA",
    "DEFAULT_SCHEME",
    "evidence_add",
    "itemscore_decide",
    "result_publish",
    "result_recompute",
    "result_run",
    "scheme_load",
    "scheme_load_file",
    "scheme_parse",
    "scheme_validate",
    "subjects_of",
    "targetlink_set",
]
