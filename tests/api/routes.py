"""Walk the URL resolver: every named route, with the kwargs it needs and its view."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    """One named URL pattern, e.g. ``api:articles`` with kwargs ("slug",)."""

    name: str
    kwargs: tuple[str, ...]
    callback: object

    @property
    def methods(self) -> tuple[str, ...] | None:
        """The HTTP methods a DRF view implements (None for plain Django views)."""
        view_class = getattr(self.callback, "cls", None)
        if view_class is None:
            return None
        names = [m for m in view_class.http_method_names if m not in ("options", "head")]
        return tuple(sorted(m.upper() for m in names if hasattr(view_class, m)))


def routes(namespace: str) -> list[Route]:
    """Every named route in ``namespace`` of the project's URLconf."""
    found = []
    _walk(get_resolver(), (), found)
    return [route for route in found if route.name.split(":")[0] == namespace]


def _walk(resolver: URLResolver, namespaces: tuple[str, ...], found: list[Route]) -> None:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            _walk(entry, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            name = ":".join((*namespaces, entry.name))
            kwargs = tuple(entry.pattern.regex.groupindex)
            found.append(Route(name, kwargs, entry.callback))
