from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from amity.core.api import AmityViewSet
from amity.union.models import Metric

from .. import filtersets, reader, selectors, services
from ..forms import RECORD_FORMS, record_form
from ..matching import gazetteer_for
from ..models import Article, Fact
from ..views import TARGET_MODELS
from . import serializers


class ArticleViewSet(AmityViewSet):
    queryset = Article.objects.select_related("unit")
    serializer_class = serializers.ArticleSerializer
    filterset_class = filtersets.ArticleFilterSet
    ordering_fields = ["published_on", "title"]
    create_service = staticmethod(services.article_create)
    update_service = staticmethod(services.article_update)


class FactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Facts read out of articles; ``?article=<id>``; accepted or rejected through the actions."""

    queryset = Fact.objects.select_related("article")
    serializer_class = serializers.FactSerializer
    filterset_fields = ["article", "kind", "status"]

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, "view")

    def _fact(self, pk):
        return selectors.access_fact(user=self.request.user, pk=pk)

    @extend_schema(request=serializers.FactAcceptSerializer, responses=serializers.FactSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept into a new record of ``target``, or into the existing ``record``; 400 if already decided."""
        data = serializers.FactAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fact = self._fact(pk)
        record = None
        if data.validated_data.get("record"):
            label = TARGET_MODELS.get(data.validated_data["target"])
            model = apps.get_model(label) if label else None
            record = (
                model.objects.restrict(request.user, "change").filter(pk=data.validated_data["record"]).first()
                if model
                else None
            )
            if record is None:
                raise NotFound({"record": ["No such record that you may change."]})
        extra = {}
        if record is None and data.validated_data["target"] in RECORD_FORMS:
            form = record_form(
                fact=fact,
                target=data.validated_data["target"],
                user=request.user,
                data=data.validated_data.get("fields") or {},
                fill=True,
            )
            if not form.is_valid():
                raise ValidationError(form.errors)
            extra = form.service_data()
        if data.validated_data["target"] == "stated_figure" and record is None:
            metric = Metric.objects.restrict(request.user, "view").filter(pk=data.validated_data.get("metric")).first()
            if metric is None:
                raise ValidationError({"metric": ["Choose the metric the figure is stated for."]})
            extra["metric"] = metric
        try:
            fact = services.fact_accept(
                actor=request.user,
                fact=fact,
                target=data.validated_data["target"],
                record=record,
                corrected=data.validated_data.get("corrected"),
                data=extra,
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"fact": exc.messages}) from exc
        return Response(serializers.FactSerializer(fact, context={"request": request}).data)

    @extend_schema(request=None, responses=serializers.FactSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a proposal; it is not proposed again when the article is re-read."""
        try:
            fact = services.fact_reject(actor=request.user, fact=self._fact(pk))
        except DjangoValidationError as exc:
            raise ValidationError({"fact": exc.messages}) from exc
        return Response(serializers.FactSerializer(fact, context={"request": request}).data)


@extend_schema(request=serializers.ReadSerializer, responses=serializers.ProposalSerializer(many=True))
@api_view(["POST"])
def read(request):
    """Read a text and answer its proposals as JSON (nothing is stored); organisations are
    matched to the registry and units the caller may see."""
    data = serializers.ReadSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    text = data.validated_data["text"]
    if not text.strip():
        raise ValidationError({"text": ["The text is empty."]})
    reading = reader.read(
        text,
        language=data.validated_data["language"],
        published=data.validated_data.get("published"),
        gazetteer=gazetteer_for(user=request.user),
    )
    return Response(reading.as_json(), headers={"Content-Language": reading.language})
