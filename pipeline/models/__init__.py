from pipeline.models.call import Call, CallStatus
from pipeline.models.idea import Idea, IdeaComment, IdeaStatus
from pipeline.models.plan import BudgetLine, CostCategory, FinancingLine, IndicatorTarget
from pipeline.models.proposal import PartnerRole, Proposal, ProposalPartner, ProposalStatus
from pipeline.models.version import ProposalVersion
from programme.models import FinancingSource

__all__ = [
    "BudgetLine",
    "Call",
    "CallStatus",
    "CostCategory",
    "FinancingLine",
    "FinancingSource",
    "Idea",
    "IdeaComment",
    "IdeaStatus",
    "IndicatorTarget",
    "PartnerRole",
    "Proposal",
    "ProposalPartner",
    "ProposalStatus",
    "ProposalVersion",
]
