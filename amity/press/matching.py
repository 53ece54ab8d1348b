"""What the reader is told of the database: a ``Gazetteer`` of the registry and the unions."""

from amity.core.roles import UnitKind
from amity.core.text import fold
from amity.registry.models import Organisation
from amity.units.models import Unit

from .reader.names import Gazetteer

#: Names matched verbatim in the text; more than this many registry names are matched by folded
#: name only (a registry of that size is rare; the verbatim scan is one regex per name).
MAX_WRITTEN = 2000


def gazetteer_for(*, user) -> Gazetteer:
    """The organisations and units ``user`` may see, keyed as the reader looks them up."""
    gazetteer = Gazetteer()
    organisations = Organisation.objects.restrict(user, "view").values_list("pk", "name", "name_original", "short_name")
    for pk, name, original, short in organisations:
        for written in (name, original, short):
            if written:
                gazetteer.organisations.setdefault(fold(written), pk)
                if len(gazetteer.written) < MAX_WRITTEN and len(written) >= 4:
                    gazetteer.written.setdefault(written, pk)
    units = (
        Unit.objects.restrict(user, "view")
        .select_related("province")
        .values_list("pk", "name", "short_name", "kind", "province__code")
    )
    for pk, name, short, kind, province in units:
        for written in (name, short):
            if written:
                gazetteer.units.setdefault(fold(written), pk)
        if kind == UnitKind.CENTRAL:
            gazetteer.unions.setdefault("VN", pk)
        elif kind == UnitKind.PROVINCIAL and province:
            gazetteer.unions.setdefault(province, pk)
    return gazetteer
