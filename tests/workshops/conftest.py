from __future__ import annotations

import pytest

from tests.factories import make_client, make_consultant, make_workshop


@pytest.fixture
def consultant(db):
    return make_consultant(email="petra@nord.example", workspace="Beratung Nord")


@pytest.fixture
def outsider(db):
    return make_consultant(email="otto@sued.example", workspace="Beratung Süd", name="Otto Aus")


@pytest.fixture
def signed_in(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def kunde(consultant):
    return make_client(consultant, name="Kunde AG")


@pytest.fixture
def workshop(kunde, small_catalog):
    return make_workshop(kunde, small_catalog, pacing="facilitator")
