"""A workshop with seven participants in three roles, and its votes (tests/team/*).

GL = Geschäftsleitung (the leadership), V = Vertrieb, M = Marketing. Votes on the first three
questions of the first pillar (strategy_q1..q3), everything else unanswered:

              GL  GL  GL   V   V   V   M
strategy_q1    5   5   4   2   2   3   1
strategy_q2    3   3   3   3   3   3   3
strategy_q3    4   4   4   3   3   3   2
"""

from __future__ import annotations

import pytest

from tests.factories import join_workshop, make_client, make_consultant, make_workshop, vote

PEOPLE = (
    ("Anna Geheim", "Geschäftsleitung"),
    ("Bert Verborgen", "Geschäftsleitung"),
    ("Cora Unsichtbar", "Geschäftsleitung"),
    ("Dana Diskret", "Vertrieb"),
    ("Emil Still", "Vertrieb"),
    ("Fritz Leise", "Vertrieb"),
    ("Gina Namenlos", "Marketing"),
)
VOTES = {
    "strategy_q1": (5, 5, 4, 2, 2, 3, 1),
    "strategy_q2": (3, 3, 3, 3, 3, 3, 3),
    "strategy_q3": (4, 4, 4, 3, 3, 3, 2),
}


@pytest.fixture
def consultant(db):
    return make_consultant(email="petra@nord.example", workspace="Beratung Nord")


@pytest.fixture
def outsider(db):
    return make_consultant(email="otto@sued.example", workspace="Beratung Süd", name="Otto Aus")


@pytest.fixture
def kunde(consultant):
    return make_client(consultant, name="Kunde AG")


def _run(workshop):
    people = [join_workshop(workshop, name=name, role=role) for name, role in PEOPLE]
    for key, levels in VOTES.items():
        for person, level in zip(people, levels, strict=True):
            vote(person, key, level)
    return people


@pytest.fixture
def named(kunde, small_catalog):
    workshop = make_workshop(kunde, small_catalog, naming="named")
    workshop.people = _run(workshop)
    return workshop


@pytest.fixture
def anonymous(kunde, small_catalog):
    workshop = make_workshop(kunde, small_catalog, naming="anonymous")
    workshop.people = _run(workshop)
    return workshop
