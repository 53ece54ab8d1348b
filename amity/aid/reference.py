"""What ``manage.py reference_load`` gives a fresh installation from this app: beneficiary groups,
the aid workflows (with their names in every language) and the IATI sector list."""

from .models import BeneficiaryGroup, Workflow, WorkflowStep, WorkflowTransition
from .seeds import beneficiary_groups_seed, lookup_names_fill, workflows_seed
from .services import sectors_load


def load() -> list[str]:
    beneficiary_groups_seed(BeneficiaryGroup)
    workflows_seed(Workflow, WorkflowStep, WorkflowTransition)
    lookup_names_fill(BeneficiaryGroup, Workflow)
    return [f"{sectors_load()} sectors in the IATI list"]
