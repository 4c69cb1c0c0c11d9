"""The API's scoped viewsets: a viewset declares, it does not repeat the scoping.

    class EnterpriseViewSet(ScopedModelViewSet):
        model = Enterprise
        serializer_class = EnterpriseSerializer
        filterset_class = EnterpriseFilterSet
        select_related = ("region", "industry")
        create_service = services.enterprise_create   # (actor=, data=)
        update_service = services.enterprise_update   # (actor=, enterprise=, data=)
        delete_service = services.enterprise_delete   # (actor=, enterprise=)

Reads start from `model.objects.visible_to(user)` (or `scoped()`, when a selector decides);
out-of-jurisdiction ids are missing (404). Writes go through the declared services, which
check role and jurisdiction again and keep the history; the serializer gets the actor in its
context as "user". Which methods exist is said by the DRF mixins a class is built from.
"""

from rest_framework import mixins, viewsets
from rest_framework.response import Response

from zhiliang.core.api import lean

SAVES = {
    "perform_create": mixins.CreateModelMixin,
    "perform_update": mixins.UpdateModelMixin,
    "perform_destroy": mixins.DestroyModelMixin,
}


class ScopedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and retrieve inside the user's jurisdiction; writes through declared services."""

    model = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple = ()
    create_service = None
    update_service = None
    delete_service = None
    # The keyword the update and delete services take the record by (default: model name).
    instance_name: str = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.model is not None and "queryset" not in cls.__dict__:
            # Routers, permissions and the schema read the model from here; rows never.
            cls.queryset = cls.model._default_manager.none()
        # A DRF mixin listed before this class would save through the serializer and skip
        # the service (its rules, guard and history): the declared service always wins.
        for hook, mixin in SAVES.items():
            if getattr(cls, hook) is getattr(mixin, hook):
                setattr(cls, hook, getattr(ScopedViewSet, hook))

    def scoped(self):
        """The rows the user may see; override when a selector decides."""
        return self.model.objects.visible_to(self.request.user)

    def get_queryset(self):
        qs = self.scoped()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        serializer_class = self.get_serializer_class()
        plan = None
        if not queryset.query.distinct:
            plan = lean.plan_for(serializer_class, queryset)
        if plan is None:
            return super().list(request, *args, **kwargs)
        # Rows as columns, no model instances (core.api.lean): the same output, a third of
        # the CPU of a page. The serializer only finishes each row (its fields are not built).
        serializer = serializer_class(context=self.get_serializer_context())
        finish = serializer.finish if isinstance(serializer, lean.Finished) else lean.identity
        rows = plan.rows(queryset)
        page = self.paginate_queryset(rows)
        data = [plan.represent(row, finish) for row in (rows if page is None else page)]
        return Response(data) if page is None else self.get_paginated_response(data)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user": self.request.user}

    def _instance_kw(self) -> str:
        return self.instance_name or self.model._meta.model_name

    def perform_create(self, serializer):
        create = type(self).create_service
        serializer.instance = create(actor=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        update = type(self).update_service
        serializer.instance = update(
            actor=self.request.user,
            data=serializer.validated_data,
            **{self._instance_kw(): serializer.instance},
        )

    def perform_destroy(self, instance):
        type(self).delete_service(actor=self.request.user, **{self._instance_kw(): instance})


class ScopedCreateViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """List, retrieve, create."""


class ScopedEditViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """List, retrieve, create, update (PUT and PATCH)."""


class ScopedModelViewSet(mixins.DestroyModelMixin, ScopedEditViewSet):
    """List, retrieve, create, update and delete."""
