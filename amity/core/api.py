"""API base: restricted viewsets that write through services, ETag/If-Match conflicts, JSON errors."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from amity.core.forms import national_unit_check
from amity.core.querysets import may_act, owner_field, required_action
from amity.core.services import ConflictError, model_create, model_delete, model_update

ACTION_BY_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since you read it."
    default_code = "conflict"


def exception_handler(exc, context):
    """Turn Django validation errors into 400 ``{field: [messages]}``; conflicts into 412."""
    if isinstance(exc, ConflictError):
        exc = PreconditionFailed(detail={"non_field_errors": exc.messages})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


class AmitySerializer(serializers.ModelSerializer):
    """Restricts related-record choices to the user's units, like the forms do."""

    version = serializers.IntegerField(read_only=True)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None:
            return fields
        model = self.Meta.model
        owner, add = owner_field(model), required_action(model, "add")
        for name, field in fields.items():
            target = getattr(field, "child_relation", field)
            queryset = getattr(target, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                target.queryset = queryset.restrict(request.user, add if name == owner else "view")
        return fields


class NationalOrUnitSerializerMixin:
    """For an ``AmitySerializer`` of a national-or-unit record: a null or missing ``unit`` on
    create, or a null one on update (national), is refused (400 on ``unit``) unless the user is a central administrator.
    Subclasses set ``national_refused`` (the form's message)."""

    national_refused = None

    def validate_unit(self, unit):
        try:
            national_unit_check(user=self.context["request"].user, unit=unit, message=self.national_refused)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return unit

    def validate(self, attrs):
        if self.instance is None and "unit" not in attrs:  # left out: national, checked like null
            try:
                self.validate_unit(None)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"unit": exc.detail}) from exc
        return super().validate(attrs)


class AmityViewSet(viewsets.ModelViewSet):
    """CRUD on a restricted queryset; writes go through the app's services.

    A PUT/PATCH may send ``If-Match: "<version>"`` (the ETag of the last read); if someone
    saved in between, the answer is 412 and nothing is written.
    """

    create_service = None
    update_service = None
    delete_service = None

    def get_queryset(self):
        action = required_action(self.queryset.model, ACTION_BY_METHOD.get(self.request.method, "view"))
        return self.queryset.all().restrict(self.request.user, action)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data.get("version")}"'
        return response

    def create(self, request, *args, **kwargs):
        model = self.queryset.model
        if model.unit_path is None and not may_act(request.user, model, "add"):
            # shared reference data has no owning unit whose choices would refuse the write
            raise exceptions.PermissionDenied()
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if self.create_service:
            serializer.instance = self.create_service(actor=self.request.user, data=data)
        else:
            serializer.instance = model_create(model=self.queryset.model, data=data, actor=self.request.user)

    def perform_update(self, serializer):
        expected = self.request.headers.get("If-Match", "").strip('W/"') or None
        if expected is not None and not expected.isdigit():
            raise exceptions.ValidationError({"If-Match": ["Send the ETag of the record, a version number."]})
        service = self.update_service or model_update
        serializer.instance = service(
            actor=self.request.user,
            instance=serializer.instance,
            data=dict(serializer.validated_data),
            expected_version=expected,
        )

    def perform_destroy(self, instance):
        (self.delete_service or model_delete)(actor=self.request.user, instance=instance)

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        if response.status_code == status.HTTP_200_OK:
            response["ETag"] = f'"{response.data.get("version")}"'
        return response
