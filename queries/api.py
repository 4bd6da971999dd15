"""JSON API of justified search (DESIGN.md section 5; docs/api.md "Search").

Every view that shows or acts on reads carries the AlprGate permission (the gate walk test
checks it); the live purpose check and the category list show no reads and say so.
"""

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.services.gate import AlprGate, gate_exempt
from alpr_governance.api_errors import ApiError, ApiRefusal
from alpr_governance.client import client_address
from alpr_governance.violations import Violation
from queries import selectors, services
from queries.criteria import WRONG_TYPE
from queries.serializers import (
    PurposeCategorySerializer,
    PurposeCheckResultSerializer,
    PurposeSerializer,
    ReadDetailSerializer,
    SearchDetailSerializer,
    SearchInputSerializer,
    SearchResultSerializer,
)

PURPOSE_FIELDS = {
    "case_number": 100,
    "purpose_category": 60,
    "justification": 2000,
    "on_behalf_of": 200,
}
GATE_RESPONSES = {
    401: OpenApiResponse(description="No or bad token."),
    403: OpenApiResponse(description="The access gate refused: its codes, recorded."),
}


def purpose_from(data) -> tuple[services.SearchPurpose, list[Violation]]:
    """The four purpose fields as typed; a non-text value is a violation, not a crash."""
    values, violations = {}, []
    source = data if isinstance(data, dict) else {}
    for name, limit in PURPOSE_FIELDS.items():
        value = source.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            violations.append(Violation(WRONG_TYPE, name, "Text, please."))
            value = ""
        elif len(value) > limit:
            violations.append(Violation("too_long", name, f"At most {limit} characters."))
            value = value[:limit]
        values[name] = value.strip()
    return services.SearchPurpose(**values), violations


def _body(request) -> tuple[dict, list[Violation]]:
    if isinstance(request.data, dict):
        return request.data, []
    return {}, [Violation(WRONG_TYPE, None, "The body is a JSON object.")]


@gate_exempt("Lists the agency's purpose categories; shows no reads.")
class PurposeCategoriesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: PurposeCategorySerializer(many=True)})
    def get(self, request):
        return Response(services.purpose_categories_for(user=request.user))


@gate_exempt("Checks typed purpose text live; searches and shows nothing.")
class PurposeChecksView(APIView):
    """The live check of the search form: the same rules a search answers to."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=PurposeSerializer, responses={200: PurposeCheckResultSerializer})
    def post(self, request):
        data, problems = _body(request)
        purpose, more = purpose_from(data)
        violations = (
            problems + more + services.purpose_violations(actor=request.user, purpose=purpose)
        )
        return Response({"ok": not violations, "violations": [v.as_dict() for v in violations]})


def _next_url(record_id: int, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    return reverse("api:queries_api:search_results", kwargs={"pk": record_id}) + f"?after={cursor}"


def _outcome_response(outcome: services.SearchOutcome, *, continues: int | None = None):
    if outcome.refused:
        raise ApiRefusal(outcome.violations, status_code=status.HTTP_400_BAD_REQUEST)
    search_id = outcome.record.pk
    results = SearchResultSerializer(
        {
            "id": search_id,
            "count": outcome.count,
            "results": outcome.hits,
            "next": _next_url(continues or search_id, outcome.next_cursor),
        },
        context={"search_id": search_id},
    ).data
    return Response(results, status=status.HTTP_201_CREATED)


class SearchesView(APIView):
    """Run a justified search: 201 with the first page, 400 with the violations (recorded as
    refused), 403 when the gate refuses (recorded too)."""

    permission_classes = [IsAuthenticated, AlprGate]

    def on_gate_refusal(self, request, decision) -> None:
        data, _ = _body(request)
        purpose, _ = purpose_from(data)
        services.search_record_refusal(
            actor=request.user,
            purpose=purpose,
            raw_criteria=data,
            client_address=client_address(request),
            codes=decision.codes,
        )

    @extend_schema(
        request=SearchInputSerializer,
        responses={
            201: SearchResultSerializer,
            400: OpenApiResponse(description="Purpose violations or bad criteria, recorded."),
            **GATE_RESPONSES,
        },
    )
    def post(self, request):
        data, problems = _body(request)
        purpose, more = purpose_from(data)
        outcome = services.search_run(
            actor=request.user,
            purpose=purpose,
            criteria=data,
            client_address=client_address(request),
            input_violations=problems + more,
        )
        return _outcome_response(outcome)


class SearchDetailView(APIView):
    """A past search of one's own and the reads it returned; another's answers 404."""

    permission_classes = [IsAuthenticated, AlprGate]

    @extend_schema(responses={200: SearchDetailSerializer, 404: None, **GATE_RESPONSES})
    def get(self, request, pk: int):
        record = selectors.search_request_get_for(user=request.user, pk=pk)
        hits = services.search_hits_again(actor=request.user, record=record)
        return Response(
            SearchDetailSerializer(
                {"search": record, "results": hits}, context={"search_id": record.pk}
            ).data
        )


class SearchResultsView(APIView):
    """The next page of a past search of one's own: run again after the cursor, recorded as a
    search of its own with the same purpose."""

    permission_classes = [IsAuthenticated, AlprGate]

    @extend_schema(
        parameters=[OpenApiParameter("after", str, required=True)],
        responses={201: SearchResultSerializer, 400: None, 404: None, **GATE_RESPONSES},
    )
    def get(self, request, pk: int):
        record = selectors.search_request_get_for(user=request.user, pk=pk)
        outcome = services.search_continue(
            actor=request.user,
            search=record,
            after=request.query_params.get("after", ""),
            client_address=client_address(request),
        )
        return _outcome_response(outcome, continues=record.pk)


def _search_param(request) -> int | None:
    value = request.query_params.get("search")
    return int(value) if value and value.isdigit() and len(value) < 12 else None


class ReadDetailView(APIView):
    """One read (recorded as a view)."""

    permission_classes = [IsAuthenticated, AlprGate]

    @extend_schema(
        parameters=[OpenApiParameter("search", int, description="The search it came from.")],
        responses={200: ReadDetailSerializer, 404: None, **GATE_RESPONSES},
    )
    def get(self, request, pk: int):
        opened = services.read_open(
            actor=request.user,
            read_id=pk,
            what=services.VIEW_DETAIL,
            client_address=client_address(request),
            from_search=_search_param(request),
        )
        images = services.read_image_kinds(actor=request.user, read=opened.read)
        return Response(
            ReadDetailSerializer(
                {
                    "read": opened.read,
                    "camera_name": opened.camera_name,
                    "record": opened.record,
                    "images": images,
                }
            ).data
        )


class ReadPhotoView(APIView):
    """A read's photo: `kind=overview` (the full photo) or `kind=plate` (the crop)."""

    permission_classes = [IsAuthenticated, AlprGate]

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=["overview", "plate"]),
            OpenApiParameter("search", int, description="The search it came from."),
        ],
        responses={
            (200, "image/jpeg"): OpenApiResponse(description="The image."),
            404: None,
            **GATE_RESPONSES,
        },
    )
    def get(self, request, pk: int):
        kind = request.query_params.get("kind", "overview")
        if kind not in ("overview", "plate"):
            raise ApiRefusal(
                [ApiError(code="invalid_choice", field="kind", message="overview or plate.")]
            )
        image = services.read_photo_open(
            actor=request.user,
            read_id=pk,
            image_kind=kind,
            client_address=client_address(request),
            from_search=_search_param(request),
        )
        response = FileResponse(image.file.open("rb"), content_type=image.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        response["Cache-Control"] = "private, no-store"
        return response
