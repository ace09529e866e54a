from __future__ import annotations

import pytest

from tests.factories import join_workshop, make_client, make_consultant, make_workshop


@pytest.fixture
def kunde(db):
    consultant = make_consultant(email="petra@nord.example", workspace="Beratung Nord")
    return make_client(consultant, name="Kunde AG")


@pytest.fixture
def workshop(kunde, small_catalog):
    """A named, self-paced workshop of the small catalog (6 pillars × 6 questions)."""
    return make_workshop(kunde, small_catalog)


@pytest.fixture
def paced(kunde, small_catalog):
    """A facilitator-paced workshop."""
    return make_workshop(kunde, small_catalog, pacing="facilitator")


@pytest.fixture
def anna(workshop):
    return join_workshop(workshop, name="Anna Muster", role="Vertrieb")


@pytest.fixture
def ben(workshop):
    return join_workshop(workshop, name="Ben Keller", role="IT")
