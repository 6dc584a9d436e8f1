"""Sorting, the sort and page links, and pages of a table, all in the database: a page costs a
count and one query for its rows, however many rows the table holds."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, Expression, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.http import QueryDict

PAGE_SIZE = 25
SEARCH_LENGTH = 100  # characters of a search that count; the rest is ignored


def search_text(q: str) -> str:
    """What of a typed search counts: stripped, at most SEARCH_LENGTH characters."""
    return q.strip()[:SEARCH_LENGTH]


def search(rows: QuerySet, q: str, fields=("name", "acronym")) -> QuerySet:
    """`rows` whose `fields` contain the search `q` (any letter case; search_text of it);
    every row when it is empty."""
    q = search_text(q)
    if not q:
        return rows
    match = Q()
    for field in fields:
        match |= Q(**{f"{field}__icontains": q})
    return rows.filter(match)


def rank(field: str, keys) -> Case:
    """An integer per value of `field`: its place in `keys` (unknown values last)."""
    return Case(
        *[When(**{field: key}, then=Value(index)) for index, key in enumerate(keys)],
        default=Value(len(keys)),
        output_field=IntegerField(),
    )


def rank_by_label(field: str, labels: dict) -> Case:
    """`rank` over a choice's keys sorted by their label in the active language."""
    return rank(field, sorted(labels, key=lambda key: str(labels[key]).casefold()))


# A table's sorts: key -> (expression, where empty values sort when ascending: "first" or
# "last"). Descending puts them at the other end.
Sorts = dict[str, tuple[Expression, str]]


BY_NAME = (Lower("name"), "pk")


def sort_rows(rows: QuerySet, sorts: Sorts, sort: str, *, default: str, ties=BY_NAME) -> QuerySet:
    """`rows` ordered by `sort`, a key of `sorts` with "-" first for descending (unknown keys:
    `default`); ties in `ties` order, whichever the direction."""
    descending = sort.startswith("-")
    expression, nulls = sorts.get(sort.lstrip("-"), sorts[default])
    if descending:
        nulls = "last" if nulls == "first" else "first"
    order = expression.desc if descending else expression.asc
    key = order(nulls_first=True) if nulls == "first" else order(nulls_last=True)
    return rows.order_by(key, *ties)


def valid_sort(sort: str, sorts: Sorts, *, default: str) -> str:
    """`sort` if it names a column of `sorts` ("-" first or not), else `default`: what the
    headers show as sorted is what the rows are sorted by."""
    return sort if sort.lstrip("-") in sorts else default


def page_of(rows, number, *, per_page: int = PAGE_SIZE) -> Page:
    """Page `number` of `rows` (a count and one query); what is not a number gives the first
    page, a number out of range (past the end, or below 1) the last."""
    return Paginator(rows, per_page).get_page(number)


@dataclass(frozen=True)
class TableLinks:
    """The query strings of a table's links: `sort_query` for the column headers (the
    filters, without sort and page) and `page_query` for the page links (the filters and the
    sort, without page). Both are already URL-encoded; the templates write
    `?{{ links.sort_prefix }}sort=...` and `?{{ links.page_prefix }}page=...`."""

    sort_query: str
    page_query: str

    @property
    def sort_prefix(self) -> str:
        return f"{self.sort_query}&" if self.sort_query else ""

    @property
    def page_prefix(self) -> str:
        return f"{self.page_query}&" if self.page_query else ""


def table_links(query: QueryDict, *, keep=None) -> TableLinks:
    """The links of a table shown with the request's `query`. `keep`: the parameters the
    links carry (None: every one), so a page with two tables keeps each one's own."""
    query = query.copy()
    if keep is not None:
        for key in list(query):
            if key not in keep:
                del query[key]
    query.pop("page", None)
    page_query = query.urlencode()
    query.pop("sort", None)
    return TableLinks(sort_query=query.urlencode(), page_query=page_query)
