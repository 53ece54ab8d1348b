"""Load every list a fresh installation needs, without the demo; safe to run again."""

import importlib

from django.core.management.base import BaseCommand

from amity.core.context import Source, change_context


class Command(BaseCommand):
    help = (
        "Load the reference data of a real installation: countries and provinces if missing, diplomatic-relation "
        "dates and national days, award types, aid workflows, beneficiary groups, the IATI sector list, the metric "
        "catalogue and the national default terms. Rows already present (or edited) are kept."
    )

    def handle(self, *args, **options):
        from amity.activities import services as activities
        from amity.activities.models import NationalDay
        from amity.aid import seeds as aid_seeds
        from amity.aid.models import BeneficiaryGroup, Workflow, WorkflowStep, WorkflowTransition
        from amity.aid.services import sectors_load
        from amity.awards.models import AwardType
        from amity.awards.seeds import award_type_names_fill
        from amity.geo import services as geo
        from amity.geo.models import Country

        from ...catalogue import metrics_seed, national_terms_seed
        from ...models import Metric, NationalTerm

        with change_context(source=Source.COMMAND, message="reference data"):
            if not Country.objects.exists():
                geo.countries_sync()
                geo.provinces_sync()
            relations = activities.relations_load()
            days = activities.national_days_load()
            award_seed = importlib.import_module("amity.awards.migrations.0002_seed_award_types")
            award_types = 0
            for name, kind, conferred_by, description in award_seed.SEED:
                _type, created = AwardType.all_objects.get_or_create(
                    name=name,
                    unit=None,
                    defaults={"kind": kind, "conferred_by": conferred_by, "description": description},
                )
                award_types += created
            aid_seeds.beneficiary_groups_seed(BeneficiaryGroup)
            aid_seeds.workflows_seed(Workflow, WorkflowStep, WorkflowTransition)
            aid_seeds.lookup_names_fill(BeneficiaryGroup, Workflow)
            award_type_names_fill(AwardType)
            activities.national_day_names_fill(NationalDay)
            sectors = sectors_load()
            metrics = metrics_seed(Metric)
            terms = national_terms_seed(NationalTerm)
        self.stdout.write(
            f"Added {relations} diplomatic relations, {days} national days, {award_types} award types, "
            f"{metrics} metrics, {terms} national terms; {sectors} sectors in the IATI list."
        )
