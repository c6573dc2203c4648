from pipeline.models.call import Call, CallStatus
from pipeline.models.idea import Idea, IdeaStatus
from pipeline.models.plan import BudgetLine, CostCategory, FinancingLine, FinancingSource, IndicatorTarget
from pipeline.models.proposal import PartnerRole, Proposal, ProposalPartner, ProposalStatus

__all__ = [
    "BudgetLine",
    "Call",
    "CallStatus",
    "CostCategory",
    "FinancingLine",
    "FinancingSource",
    "Idea",
    "IdeaStatus",
    "IndicatorTarget",
    "PartnerRole",
    "Proposal",
    "ProposalPartner",
    "ProposalStatus",
]
