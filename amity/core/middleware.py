"""Request-wide rules: the language, and the size of a request body."""

from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from amity.core.uploads import limits

#: Room for a form's other fields beside its largest file.
FORM_ROOM = 1024 * 1024


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language: the browser's language is not consulted,
    because an intranet's browsers are often set to English while the union works in Vietnamese."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RequestSizeMiddleware:
    """Refuse with 413, before the body is read, a request announcing more than the largest upload
    allowed (``UPLOAD_LIMITS``): a 60 MB file never reaches a form, a job or the database. A body
    sent without its length is still bounded by the upload fields themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cap = max(limits()["max_bytes"], limits()["max_document_bytes"]) + FORM_ROOM
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > cap:
            message = _("The request is %(size)s; the largest file accepted is %(limit)s.") % {
                "size": filesizeformat(length),
                "limit": filesizeformat(cap - FORM_ROOM),
            }
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            response["Connection"] = "close"
            return response
        return self.get_response(request)
