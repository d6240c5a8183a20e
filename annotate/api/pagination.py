"""Cursor pagination: stable pages over lists that grow while a script reads them."""

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    """Cursor pages in primary-key order; a view may set ``cursor_ordering`` to another
    unique, immutable column (e.g. ``"-pk"`` for newest first)."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_ordering(self, request, queryset, view):
        """The view's ``cursor_ordering`` if it has one, else primary-key order."""
        ordering = getattr(view, "cursor_ordering", None) or self.ordering
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)
