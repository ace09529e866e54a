from __future__ import annotations

import pytest

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
