"""What a figures page reads from its query: the unit, the period and the roll-up day, the errors it
reports for them, and links to the unit's current and previous terms. The activity, aid, award and
diaspora figures read, refuse and link alike through ``FiguresQueryMixin``; a union early in a new
term finds the previous one a click away on each of them."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amity.core.dates import period_check
from amity.units.forms import FiguresQueryForm
from amity.units.models import Unit
from amity.units.selectors import access_unit, primary_unit

from .selectors import Term, terms_for

#: The names of the query's fields in an error message.
LABELS = {
    "start": gettext_lazy("From"),
    "end": gettext_lazy("Until"),
    "day": gettext_lazy("Units as on"),
    "unit": gettext_lazy("Unit"),
}


@dataclass
class FiguresAsked:
    """What a figures page shows: ``unit`` (``None``: every unit the user sees), the period (either
    end may be open), the roll-up ``day`` (``None``: today); ``errors`` as (parameter, message) for
    what the query held but the page could not read, ``params`` the query's names of the four."""

    unit: Unit | None
    start: date | None
    end: date | None
    day: date | None
    errors: list[tuple[str, str]]
    params: tuple[str, ...]
    term_links: list[dict]


class FiguresQueryMixin:
    """Reads a figures page's query into ``FiguresAsked``. A value that cannot be read is reported
    and left out: a bad date or a period ending before it starts shows the default period, a bad
    roll-up day today's units; a unit the user may not see is a 404."""

    request: HttpRequest
    #: the query's names of the period's start and end (the diaspora statistics and their API read since/until)
    period_params = ("start", "end")
    #: with no unit asked, the user's own (the aid figures); else every unit the user sees
    own_unit_by_default = False

    def default_period(self, current: Term) -> tuple[date | None, date | None]:
        """The period shown when none is asked: the unit's current term."""
        return current.start, current.end

    def query_without_page(self) -> QueryDict:
        """The query without its page number: what the figures are of."""
        query = self.request.GET.copy()
        query.pop("page", None)
        return query

    def figures_asked(self, period_params: tuple[str, str] | None = None, *, previous: bool = False) -> FiguresAsked:
        """The query read. A page of two periods (the aid comparison) reads each by its own
        ``period_params``, the first defaulting to the ``previous`` term."""
        start_param, end_param = period_params or self.period_params
        params = {"start": start_param, "end": end_param, "day": "day", "unit": "unit"}
        form = FiguresQueryForm({name: self.request.GET.get(param, "") for name, param in params.items()})
        form.is_valid()
        data = form.cleaned_data
        user = self.request.user
        unit = access_unit(user=user, pk=data["unit"]) if data.get("unit") else None
        if unit is None and self.own_unit_by_default and not form.has_error("unit"):
            unit = primary_unit(user)
        terms = terms_for(unit or primary_unit(user), timezone.localdate())
        default = self.default_period(terms[0] if previous else terms[1])
        start, end = data.get("start") or default[0], data.get("end") or default[1]
        if not form.has_error("end"):  # one end given past the other's default is refused as well
            try:
                period_check(start, end)
            except ValidationError as error:
                form.add_error(None, error)
        if form.has_error("start") or form.has_error("end"):
            start, end = default
        errors = [
            (params[name], _("%(field)s: %(message)s") % {"field": LABELS[name], "message": message})
            for name, messages in form.errors.items()
            for message in messages
        ]
        return FiguresAsked(
            unit=unit,
            start=start,
            end=end,
            day=data.get("day"),
            errors=errors,
            params=tuple(params.values()),
            term_links=self.term_links(terms, start, end, (start_param, end_param)),
        )

    def term_links(
        self, terms: tuple[Term, Term], start: date | None, end: date | None, period_params: tuple[str, str]
    ) -> list[dict]:
        """The current and previous terms as links to the same figures of their period (the query's
        unit, day and the page's own options kept); ``shown`` marks the term on the page."""
        previous, current = terms
        start_param, end_param = period_params
        links = []
        for term, text in (
            (current, _("This term %(start)s–%(end)s")),
            (previous, _("Previous term %(start)s–%(end)s")),
        ):
            query = self.query_without_page()
            query[start_param], query[end_param] = term.start.isoformat(), term.end.isoformat()
            links.append(
                {
                    "text": text % {"start": term.start.year, "end": term.end.year},
                    "url": f"?{query.urlencode()}",
                    "shown": (start, end) == (term.start, term.end),
                }
            )
        return links
