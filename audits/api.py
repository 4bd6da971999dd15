"""JSON API of audits: the cycles the caller may open, and one cycle with its items."""

from django.http import Http404
from rest_framework import generics

from alpr_governance.client import client_address
from audits import selectors, services
from audits.serializers import AuditCycleDetailSerializer, AuditCycleSerializer


class CycleListView(generics.ListAPIView):
    serializer_class = AuditCycleSerializer

    def get_queryset(self):
        return selectors.cycle_list_for(user=self.request.user).order_by("-period_start", "pk")


class CycleDetailView(generics.RetrieveAPIView):
    serializer_class = AuditCycleDetailSerializer

    def get_object(self):
        try:
            cycle = selectors.cycle_get_for(user=self.request.user, pk=self.kwargs["pk"])
        except Http404:
            services.access_refusal_record(
                actor=self.request.user,
                what="audit_cycle",
                pk=self.kwargs["pk"],
                client_address=client_address(self.request),
            )
            raise
        return cycle
