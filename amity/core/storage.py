"""The file storage of uploaded documents and rendered reports: every file it stores has the type
its content shows recorded beside it (``StoredFile``), so that the download serves that type."""

from django.core.files.storage import FileSystemStorage

from .models import StoredFile
from .uploads import DOCUMENT_TYPES, sniff_type


def content_type_of(content) -> str:
    """The type ``content`` (an open, seekable file) shows; unknown content is plain bytes."""
    kind = sniff_type(content)
    return DOCUMENT_TYPES[kind] if kind else "application/octet-stream"


class DocumentStorage(FileSystemStorage):
    def _save(self, name, content):
        content_type = content_type_of(content)  # before the file is written (or a temporary one moved)
        name = super()._save(name, content)
        StoredFile.objects.update_or_create(name=name, defaults={"content_type": content_type})
        return name

    def delete(self, name):
        super().delete(name)
        StoredFile.objects.filter(name=name).delete()
