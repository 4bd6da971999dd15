"""Tables people can work with: sort by a column, filter, search and paginate, each keeping the
others' parameters (issue 11, item 8).

A view declares its columns and, if it filters, a `FilterForm`; `Table` narrows the (already
scoped) queryset, orders it and cuts the page. It only ever narrows what the selector gave it, so
it cannot widen anyone's scope. The page renders `templates/_table_filters.html`,
`templates/_sort_header.html` for each column and `templates/_pagination.html`.

Bad parameters never break a page: an unknown sort key falls back to the default order, a page
that is not a number is the first page, one past the end is the last, and a filter value outside
its choices is shown as the form's error and ignored.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, reduce
from operator import or_

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, Func, Q, QuerySet, Value
from django.db.models.functions import Lower

# Natural order pads every run of digits to NATURAL_DIGITS places ("car 9" -> "car 0000000009",
# before "car 0000000010") and ignores case. Plain SQL, so it works on every PostgreSQL we run on:
# an ICU collation with numeric ordering ('und-u-kn-true') would be neater, but the embedded
# PostgreSQL 18 (pgserver) is built without ICU ("ICU is not supported in this build").
NATURAL_DIGITS = 10

PER_PAGE = 50
SEARCH_WORDS = 5  # more words than this in the search box are ignored


def natural(field: str) -> Lower:
    """`field` in natural order, for `order_by` (a name the way a person would sort it): every
    number is prefixed with NATURAL_DIGITS zeros, then only its last NATURAL_DIGITS digits kept
    (longer numbers keep all theirs and compare as text)."""
    padded = Func(
        F(field),
        Value(r"(\d+)"),
        Value("0" * NATURAL_DIGITS + r"\1"),
        Value("g"),
        function="regexp_replace",
    )
    trimmed = Func(
        padded,
        Value(rf"0*(\d{{{NATURAL_DIGITS}}})"),
        Value(r"\1"),
        Value("g"),
        function="regexp_replace",
    )
    return Lower(trimmed, output_field=CharField())


@dataclass(frozen=True)
class Column:
    """A column of a table. `key` is its `?sort=` value; a column without `order` does not sort."""

    label: str
    key: str = ""
    order: tuple = ()


@dataclass(frozen=True)
class Header:
    """A column as the page shows it: its label, whether and how it is sorted, the next sort."""

    label: str
    key: str
    aria_sort: str  # "ascending", "descending" or "" (not sorted by this column)
    next_sort: str  # the `sort` value a click on the header asks for


class FilterForm(forms.Form):
    """The search box every filtered table has; pages add their own choice fields."""

    q = forms.CharField(label="Search", required=False, max_length=100)

    # form field name -> the queryset lookup its value filters on, or a function of the value
    # that returns a Q (a state that is not one column: "revoked", "waiting")
    lookups: dict[str, str | Callable[[str], Q]] = {}
    # fields the search box looks into (each word must match one of them)
    search_fields: tuple[str, ...] = ()

    def __init__(self, data=None, **kwargs):
        # Ids of their own: the page may hold another form with the same field names.
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            field.required = False


def choice_field(label: str, choices, *, every: str) -> forms.ChoiceField:
    """A filter's drop-down: "every …" first (no filter), then the choices."""
    return forms.ChoiceField(label=label, choices=[("", every), *choices], required=False)


class Table:
    """One page of a sorted, filtered, searched queryset, and what the page needs to show it."""

    def __init__(
        self,
        request,
        queryset: QuerySet,
        *,
        columns: list[Column],
        default: str,
        form: FilterForm | None = None,
        per_page: int | None = None,
    ):
        self.form = form
        self.columns = columns
        sortable = {column.key: column for column in columns if column.order}
        asked = request.GET.get("sort", "")
        key = asked.removeprefix("-")
        if key not in sortable:
            asked, key = default, default.removeprefix("-")
        self.sort = asked
        self.descending = asked.startswith("-")
        queryset = self._filtered(queryset)
        order = [(o if hasattr(o, "resolve_expression") else F(o)) for o in sortable[key].order]
        # Rows without a value (a camera that never posted) come last either way.
        order = [
            o.desc(nulls_last=True) if self.descending else o.asc(nulls_last=True) for o in order
        ]
        # The primary key last: pages do not overlap or skip rows whose sort values tie.
        order.append(F("pk").desc() if self.descending else F("pk").asc())
        self.paginator = Paginator(queryset.order_by(*order), per_page or PER_PAGE)
        self.page: Page = self.paginator.get_page(request.GET.get("page"))
        self.count = self.paginator.count

    def _filtered(self, queryset: QuerySet) -> QuerySet:
        form = self.form
        if form is None:
            return queryset
        form.is_valid()  # fields in error are left out of cleaned_data, so they do not filter
        data = getattr(form, "cleaned_data", {})
        for name, lookup in form.lookups.items():
            value = data.get(name)
            if value in (None, ""):
                continue
            queryset = queryset.filter(lookup(value) if callable(lookup) else Q(**{lookup: value}))
        words = (data.get("q") or "").split()[:SEARCH_WORDS]
        for word in words:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{field}__icontains": word}) for field in form.search_fields))
            )
        return queryset

    @cached_property
    def rows(self) -> list:
        """The page's rows, read once (views may decorate them before the template shows them)."""
        return list(self.page.object_list)

    @property
    def headers(self) -> list[Header]:
        current = self.sort.removeprefix("-")
        headers = []
        for column in self.columns:
            if not column.order:
                headers.append(Header(column.label, "", "", ""))
                continue
            if column.key == current:
                aria = "descending" if self.descending else "ascending"
                following = column.key if self.descending else f"-{column.key}"
            else:
                aria, following = "", column.key
            headers.append(Header(column.label, column.key, aria, following))
        return headers

    @property
    def filtered(self) -> bool:
        """Whether the person narrowed the table (the page then offers to clear it)."""
        if self.form is None:
            return False
        data = getattr(self.form, "cleaned_data", None) or {}
        return bool(self.form.errors) or any(value not in (None, "") for value in data.values())
