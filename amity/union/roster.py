"""Reading a body's people as a congress announces them, one a line: "Nguyễn Văn A – Chủ tịch",
"Trần Thị B, Phó Chủ tịch", "Lê Văn C" (a member). The position is the words after the name,
named in any of the interface's languages; the people are matched in ``selectors.roster_read``."""

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from amity.core.matching import words
from amity.core.text import fold

from .choices import Position

#: A list's numbering or bullet before the name ("1.", "2)", "-", "•").
_NUMBERING = re.compile(r"^\s*(?:\d+\s*[.)/]|[-•*+])\s*")
#: What parts the name from its position: a dash between spaces, an en or em dash, a comma, a
#: colon, a semicolon, a tab or an opening bracket.
_SEPARATOR = re.compile(r"\s+-\s+|\s*[–—,:;\t(]\s*")
#: The choice of a line whose namesakes are none of the person meant.
NEW = "new"


@dataclass
class RosterLine:
    """One line of the list: what it says, and once matched (``selectors.roster_read``) the person
    found, the namesakes to choose among, or neither (a new person of the union)."""

    number: int
    text: str
    name: str = ""
    position: str = Position.MEMBER
    problem: str = ""  # why the line cannot be read, or what the body's rules refuse
    person: Any = None
    candidates: list = field(default_factory=list)
    choice: str = ""  # among the candidates: a person's key, or "new"

    @property
    def to_choose(self) -> bool:
        return bool(self.candidates) and self.person is None and self.choice != NEW

    @property
    def is_new(self) -> bool:
        return self.person is None and not self.problem and (not self.candidates or self.choice == NEW)

    def get_position_display(self) -> str:
        return str(Position(self.position).label)


@cache
def position_names() -> dict[str, str]:
    """{folded name: position} for the positions' names in every interface language, and the
    codes themselves."""
    names = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names |= {" ".join(words(fold(str(label)))): value for value, label in Position.choices}
    return names | {" ".join(words(fold(value))): value for value in Position.values}


def _position_at_end(folded: str) -> tuple[str, str] | None:
    """(the name, the position) when the line ends with a position's name without a separator
    ("Nguyễn Văn A Chủ tịch"), the longest name first."""
    for name, position in sorted(position_names().items(), key=lambda item: -len(item[0])):
        if folded.endswith(" " + name):
            return folded[: -len(name) - 1], position
    return None


def read_line(number: int, text: str) -> RosterLine:
    """A line as the list writes it, or with ``problem`` saying why it cannot be read."""
    line = RosterLine(number=number, text=text.strip())
    name, *rest = _SEPARATOR.split(_NUMBERING.sub("", line.text, count=1), maxsplit=1)
    named = " ".join(words(fold(rest[0].strip().rstrip(").")))) if rest else ""
    if named:
        if named not in position_names():
            line.problem = _("“%(words)s” is not a position in the body (%(positions)s).") % {
                "words": rest[0].strip(),
                "positions": ", ".join(str(label) for label in Position.labels),
            }
            return line
        line.position = position_names()[named]
    elif ended := _position_at_end(" ".join(words(fold(name)))):
        name = " ".join(name.split()[: len(ended[0].split(" "))])
        line.position = ended[1]
    line.name = " ".join(name.split())
    if not words(fold(line.name)) or any(ch.isdigit() for ch in line.name):
        line.problem = _("No name can be read before the position.")
    return line


def read_lines(text: str) -> list[RosterLine]:
    """Every line that is not blank, numbered as pasted."""
    return [read_line(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
