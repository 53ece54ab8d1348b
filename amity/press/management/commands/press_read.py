"""Read a file (.txt, .html, .docx, .pdf) and print the facts proposed as JSON."""

import datetime
import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from amity.press import reader
from amity.press.intake import from_upload
from amity.press.matching import gazetteer_for
from amity.press.reader.names import Gazetteer


class Command(BaseCommand):
    help = "Read an article and print its proposals as JSON (see README, press)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .txt, .html, .docx or .pdf file; - reads UTF-8 text from standard input")
        parser.add_argument("--language", default="auto", choices=["auto", *reader.LANGUAGES])
        parser.add_argument("--published", help="publication date YYYY-MM-DD, for dates written without a year")
        parser.add_argument(
            "--registry", action="store_true", help="match organisations to the whole registry and units"
        )
        parser.add_argument("--lines", action="store_true", help="one JSON object per line instead of one JSON array")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            if options["file"] == "-":
                text = sys.stdin.read()
            else:
                content = path.read_bytes()
                text = from_upload(SimpleUploadedFile(path.name, content), field="file").text
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: no such file") from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        published = datetime.date.fromisoformat(options["published"]) if options["published"] else None
        gazetteer = Gazetteer()
        if options["registry"]:
            superuser = get_user_model().objects.filter(is_superuser=True).first()
            if superuser is not None:
                gazetteer = gazetteer_for(user=superuser)
        try:
            reading = reader.read(text, language=options["language"], published=published, gazetteer=gazetteer)
        except reader.TextTooLong as exc:
            raise CommandError(f"{path}: {exc.args[0]:,} characters; at most {reader.MAX_CHARS:,} are read") from exc
        facts = reading.as_json()
        if options["lines"]:
            for fact in facts:
                self.stdout.write(json.dumps(fact, ensure_ascii=False))
        else:
            self.stdout.write(json.dumps(facts, ensure_ascii=False, indent=1))
