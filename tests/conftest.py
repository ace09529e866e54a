from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from assessment import ratelimit
from assessment.forms import start_form_html_clear
from pillars import catalog_cache
from reports import frozen_sections
from reports.selectors import peer_scores_clear
from tests.factories import load_generated_catalog, load_real_catalog, start_assessment


@pytest.fixture
def catalog(db):
    """The real catalog from pillars/data/catalog.yaml."""
    return load_real_catalog()


@pytest.fixture
def small_catalog(db):
    return load_generated_catalog(pillars=6, questions=6)


@pytest.fixture
def assessment(catalog):
    return start_assessment(catalog)


@pytest.fixture
def other_assessment(catalog):
    return start_assessment(catalog, name="Andere GmbH")


class Clock:
    """The rate limits' clock, moved by hand: `clock.now += window`."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(ratelimit, "clock", fake)
    return fake


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_catalog_cache():
    """Catalogs, peers' scores, results sections and the empty start form are kept per process
    (pillars.catalog_cache, reports.selectors.peer_benchmark, reports.frozen_sections,
    assessment.forms.start_form_html); no test sees another's."""
    catalog_cache.clear()
    peer_scores_clear()
    frozen_sections.clear()
    start_form_html_clear()
    yield
    catalog_cache.clear()
    peer_scores_clear()
    frozen_sections.clear()
    start_form_html_clear()


@pytest.fixture(autouse=True)
def _default_language():
    """The test client runs in this thread, and LocaleMiddleware leaves the request's language
    active afterwards; start every test in German, the default."""
    translation.activate("de")
    yield
    translation.activate("de")
