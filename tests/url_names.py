"""The app's URL pattern names, for the tables that must name every one of them."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    """Every named pattern as "namespace:name"; Django's admin is Django's to test."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names
