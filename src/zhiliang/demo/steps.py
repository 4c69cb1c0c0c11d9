"""What `zhiliang demo` loads after generating enterprises, in order.

Each loader is `fn(*, seed: int) -> str`: it adds its records when they are missing (so a
second run adds nothing) and returns one line saying what it made. Indicators come last,
as they are computed from what the others loaded.
"""

DEMO_LOADERS: list[str] = [
    "zhiliang.plans.demo.demo_plans_step",
    "zhiliang.plans.demo_cascade.demo_cascade_step",
    "zhiliang.licensing.demo.demo_licensing_step",
    "zhiliang.equipment.demo.demo_equipment_step",
    "zhiliang.inspections.demo.demo_sampling_step",
    "zhiliang.penalties.demo.demo_penalties_step",
    "zhiliang.penalties.demo_serious.demo_serious_step",
    "zhiliang.complaints.demo.demo_complaints_step",
    "zhiliang.injuries.demo.demo_injuries_step",
    "zhiliang.cases.demo.demo_cases_step",
    "zhiliang.satisfaction.demo.demo_satisfaction_step",
    "zhiliang.metrology.demo.demo_metrology_step",
    "zhiliang.infrastructure.demo.demo_infrastructure_step",
    "zhiliang.cases.recall_demo.demo_recalls_step",
    "zhiliang.cases.foreign_demo.demo_foreign_step",
    # Risk monitoring plans and results (before the signals, which count their failures).
    "zhiliang.monitoring.demo.demo_monitoring_step",
    "zhiliang.standards.demo.demo_standards_step",
    # After sampling and complaints: plants the 武进区 e-bike problem, computes the signals.
    "zhiliang.risk.demo.demo_risk_step",
    # After the signals: assessment → yellow card → targeted sampling; a published warning.
    "zhiliang.earlywarning.demo.demo_warnings_step",
    # After the registries it reads: records and classes of every enterprise.
    "zhiliang.credit.demo.demo_credit_step",
    # After credit: eligibility reads the credit classes.
    "zhiliang.recognition.demo.demo_recognition_step",
    # Keep last among the registries' loaders: indicators are computed from what they loaded.
    "zhiliang.indicators.demo.demo_indicators_step",
    # After the indicators: assesses 常州市's districts on the computed values.
    "zhiliang.assessments.demo.demo_assessment_step",
]
