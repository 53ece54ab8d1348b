"""Passwords Vietnamese users pick first: words, names and places, with digits or dates around them."""

import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from amity.core.text import fold

WORDS_FILE = Path(__file__).with_name("common_passwords_vi.txt")
#: A date however it is written: 01/02/1990, 1-2-90, 1990.02.01.
_DATE = re.compile(r"^(\d{1,4})[./\- ](\d{1,2})[./\- ](\d{1,4})$")
_AROUND = re.compile(r"^[\d\W_]*(.*?)[\d\W_]*$")  # digits and symbols before and after a word


@cache
def common_words() -> frozenset[str]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line).replace(" ", "") for line in lines if line.strip() and not line.startswith("#"))


class VietnameseCommonPasswordValidator:
    """Refuses a password that is, once accents, case and spaces are set aside, a common
    Vietnamese password, name, place or phrase (``common_passwords_vi.txt``), alone or with digits
    and symbols around it ("Matkhau@2024", "anhyeuem123"), or a date."""

    def validate(self, password, user=None):
        folded = fold(password).replace(" ", "")
        core = _AROUND.match(folded).group(1)
        if folded in common_words() or core in common_words() or _DATE.match(password.strip()):
            raise ValidationError(
                _("This password is too common (a usual word, name or date). Choose a longer phrase of your own."),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("Your password cannot be a common word, name or date, even with digits around it.")
