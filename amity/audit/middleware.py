"""Open a change context for every request, so that changes carry who made them and how."""

from amity.core.context import Source, change_context


class ChangeContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        source = Source.API if path.startswith("/api/") else Source.ADMIN if path.startswith("/admin/") else Source.WEB
        with change_context(source=source, request=request) as ctx:
            request.id = ctx.request_id
            return self.get_response(request)
