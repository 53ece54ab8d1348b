"""Turning what a user gives (pasted text, .txt, .html, .docx, .pdf) into an article's plain text.

Every refusal is a ``ValidationError`` on the field the user filled, saying what is wrong with
the file and what to do instead; nothing is stored until the text is read in full.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import docx
import lxml.html
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from amity.core.tabular import decode_text
from amity.core.uploads import guard_upload
from amity.diaspora import legacy

from .choices import SourceFormat
from .reader import MAX_CHARS

#: Uploads larger than this are refused before they are read.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: Elements of a web page that are not the article: scripts, styles, menus, page furniture.
FURNITURE = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "template",
)
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "section",
    "article",
    "figcaption",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass
class Intake:
    text: str
    source_format: str
    source_name: str = ""


def limit_check(text: str, *, field: str = "text") -> str:
    """Normalise (NFC, no control characters) and refuse an empty or too long text."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))).strip()
    if not text:
        raise ValidationError({field: _("The article has no text.")}, code="empty")
    if len(text) > MAX_CHARS:
        raise ValidationError(
            {
                field: _(
                    "The text has %(size)s characters; an article may have at most %(limit)s. "
                    "Split it or keep only the article itself."
                )
                % {"size": f"{len(text):,}", "limit": f"{MAX_CHARS:,}"}
            },
            code="too_long",
        )
    return _BLANK_LINES.sub("\n\n", text)


#: A tag of a web page in pasted or sent text: the text is then a page's source, cleaned as one.
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|p|div|span|script|style|a|b|i|u|em|strong|br|img|svg|iframe|h[1-6]|ul|ol|li|"
    r"table|tr|td|th|section|article|header|footer|nav|form|input|button|object|embed)\b[^<>]*>",
    re.IGNORECASE,
)


def from_paste(text: str) -> Intake:
    """Pasted (or sent) text; a page's source, whole or a fragment with its tags, is cleaned like
    an uploaded page."""
    if _HTML_TAG.search(text):
        return Intake(limit_check(html_text(text.encode("utf-8"))), SourceFormat.PASTED)
    return Intake(limit_check(text), SourceFormat.PASTED)


def from_upload(upload, *, field: str = "file") -> Intake:
    """An uploaded file by its extension; refused with the reason if it cannot give text."""
    name = upload.name or ""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                field: _("%(name)s is %(size)s MB; files up to %(limit)s MB are accepted.")
                % {"name": name, "size": f"{upload.size / 1048576:.1f}", "limit": MAX_UPLOAD_BYTES // 1048576}
            },
            code="too_large",
        )
    content = upload.read()
    try:  # a .docx is a zip archive: refused by the shared guard before any reader inflates it
        guard_upload(content, name)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}, code="limit") from exc
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    readers = {"txt": (plain_text, SourceFormat.TXT), "html": (html_text, SourceFormat.HTML),
               "htm": (html_text, SourceFormat.HTML), "docx": (docx_text, SourceFormat.DOCX),
               "pdf": (pdf_text, SourceFormat.PDF)}  # fmt: skip
    if extension not in readers:
        raise ValidationError(
            {field: _("%(name)s: only .txt, .html, .docx and .pdf files are read.") % {"name": name}}, code="type"
        )
    reader, source_format = readers[extension]
    try:
        return Intake(limit_check(reader(content), field=field), source_format, name)
    except ValidationError as exc:  # every message names the file
        messages = [_("%(name)s: %(reason)s") % {"name": name, "reason": m} for m in exc.messages]
        raise ValidationError({field: messages}) from exc


def decode(content: bytes) -> str:
    """Bytes of a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or one of the 8-bit
    Vietnamese encodings: Windows-1258, or TCVN3 and VNI as Amity already reads them
    (``diaspora.legacy``). A file with NUL bytes or many control bytes is not text at all."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    sample = content[:4096]
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 20:
        raise ValidationError(_("this is not a text file (it holds binary data)."), code="binary")
    text = decode_text(content)  # UTF-8, else Windows-1258 if it reads as Vietnamese, else cp1252
    encoding = legacy.detect(text.split())
    if encoding in ("tcvn3", "vni"):
        return "\n".join(legacy.to_unicode(line, encoding) for line in text.split("\n"))
    return text


def plain_text(content: bytes) -> str:
    return decode(content)


def html_text(content: bytes) -> str:
    """The article's text from a web page, through lxml: scripts, styles and page furniture
    dropped, paragraphs kept as lines; no markup survives, so nothing of the page is ever
    rendered."""
    try:
        document = lxml.html.document_fromstring(decode(content) if isinstance(content, bytes) else content)
    except (etree.ParserError, ValueError) as exc:
        raise ValidationError(_("the page cannot be read as HTML (%(error)s).") % {"error": exc}, code="html") from exc
    for element in document.iter(*FURNITURE, etree.Comment):
        element.drop_tree()
    parts: list[str] = []
    for event, element in etree.iterwalk(document, events=("start", "end")):  # no recursion: any depth
        if not isinstance(element.tag, str):
            continue
        if element.tag in _BLOCKS:
            parts.append("\n")  # a block starts and ends a line
        if event == "start" and element.text:
            parts.append(element.text)
        elif event == "end" and element.tail:
            parts.append(element.tail)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n")]
    return "\n\n".join(line for line in lines if line)


def docx_text(content: bytes) -> str:
    try:
        document = docx.Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValidationError(_("this is not a Word (.docx) document."), code="docx") from exc
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())


def pdf_text(content: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(content))
        text = "\n\n".join((page.extract_text() or "") for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ValidationError(_("this file cannot be read as a PDF."), code="pdf") from exc
    if not text.strip():
        raise ValidationError(
            _("this PDF has no text layer (it is scanned pages); paste the article's text or upload a PDF with text."),
            code="no_text",
        )
    return text
