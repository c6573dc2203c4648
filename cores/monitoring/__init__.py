"""Monitoring funded projects (plain Python, no Django): a project's status from transparent rules, the
spending forecast with an uncertainty band, money at risk of decommitment, and targets followed with a
trend. Results are language-neutral codes and numbers; the Django layer words them in fi, sv and en.

Typical use::

    from cores.monitoring import DEFAULT_RULES, ProjectFacts, assess

    assessment = assess(facts, DEFAULT_RULES, today)
    assessment.status, [(r.code, r.params) for r in assessment.reasons]
"""

from cores.monitoring.decommitment import CPR_2021_2027, DecommitmentRule, RiskState, YearRisk, at_risk
from cores.monitoring.forecast import (
    Forecast,
    PortfolioForecast,
    ProjectSpending,
    RatioBand,
    Reallocatable,
    YearForecast,
    forecast,
    percentiles,
    portfolio,
    reallocatable,
)
from cores.monitoring.status import (
    DEFAULT_RULES,
    Assessment,
    IndicatorProgress,
    MonitoringError,
    ProjectFacts,
    Reason,
    ReasonCode,
    ReportDue,
    Status,
    StatusRules,
    assess,
    elapsed_fraction,
    planned_through,
)
from cores.monitoring.targets import (
    Achievement,
    IndicatorTarget,
    ShareAchievement,
    ShareStatus,
    TargetStatus,
    follow,
    follow_share,
)

__all__ = [
    "CPR_2021_2027",
    "DEFAULT_RULES",
    "Achievement",
    "Assessment",
    "DecommitmentRule",
    "Forecast",
    "IndicatorProgress",
    "IndicatorTarget",
    "MonitoringError",
    "PortfolioForecast",
    "ProjectFacts",
    "ProjectSpending",
    "RatioBand",
    "Reallocatable",
    "Reason",
    "ReasonCode",
    "ReportDue",
    "RiskState",
    "ShareAchievement",
    "ShareStatus",
    "Status",
    "StatusRules",
    "TargetStatus",
    "YearForecast",
    "YearRisk",
    "assess",
    "at_risk",
    "elapsed_fraction",
    "follow",
    "follow_share",
    "forecast",
    "percentiles",
    "planned_through",
    "portfolio",
    "reallocatable",
]
