"""What ``manage.py reference_load`` gives a fresh installation from this app: the metric
catalogue and the national default terms."""

from .catalogue import metrics_seed, national_terms_seed
from .models import Metric, NationalTerm


def load() -> list[str]:
    return [f"{metrics_seed(Metric)} metrics", f"{national_terms_seed(NationalTerm)} national terms"]
