"""The peer benchmark: median and interquartile range per pillar of other companies of the same
industry and size band, shown from 5 peers on (4 → hidden), each company once with its newest
result; opted-out assessments and demo or test data never count."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.models import Answer, Assessment, Organisation
from assessment.services import assessment_finish, assessment_reopen
from reports import selectors
from reports.benchmark import MIN_PEERS, PeerBand, peer_band, pillar_bands
from reports.selectors import peer_benchmark
from tests.factories import answer, start_assessment

# (scores, expected band): quartiles as QUARTILE.INC, computed by hand.
# [0, 25, 50, 75, 100]: positions (n-1)p = 1, 2, 3 → 25, 50, 75.
# [10, 20, 30, 40, 50, 60]: (n-1)p = 1.25 → 20 + .25·10 = 22.5; 2.5 → 35; 3.75 → 47.5.
# [50] * 5: everything 50.
BANDS = [
    ([0, 25, 50, 75, 100], PeerBand(n=5, median=50, q1=25, q3=75)),
    ([60, 10, 40, 20, 50, 30], PeerBand(n=6, median=35, q1=22.5, q3=47.5)),
    ([50] * 5, PeerBand(n=5, median=50, q1=50, q3=50)),
]


@pytest.mark.parametrize(("scores", "expected"), BANDS)
def test_bands_by_hand(scores, expected):
    assert peer_band(scores) == expected


@pytest.mark.parametrize("count", range(MIN_PEERS))
def test_fewer_than_five_show_nothing(count):
    assert MIN_PEERS == 5
    assert peer_band([50.0] * count) is None


def test_a_score_outside_0_to_100_is_refused():
    with pytest.raises(ValueError):
        peer_band([10, 20, 30, 40, 101])


@given(st.lists(st.floats(min_value=0, max_value=100), min_size=5, max_size=40))
def test_the_band_lies_within_the_scores_and_ignores_their_order(scores):
    band = peer_band(scores)
    assert band is not None and band.n == len(scores)
    assert min(scores) <= band.q1 <= band.median <= band.q3 <= max(scores)
    assert band.median == pytest.approx(statistics.median(scores))
    reordered = peer_band(sorted(scores, reverse=True))
    assert reordered is not None
    assert (reordered.n, reordered.median, reordered.q1, reordered.q3) == pytest.approx(
        (band.n, band.median, band.q1, band.q3)
    )


def test_pillars_count_only_peers_with_a_score():
    peers = [{"a": 10.0, "b": None}] * 4 + [{"a": 30.0, "b": 20.0}] * 5
    bands = pillar_bands(peers, ["a", "b", "c"])
    assert bands["a"] == PeerBand(n=9, median=30, q1=10, q3=30)
    assert bands["b"] == PeerBand(n=5, median=20, q1=20, q3=20)
    assert bands["c"] is None


def _peer(catalog, level: int, *, name: str, industry: str = "trade", size: str = "10-49"):
    assessment = start_assessment(catalog, name=name)
    Organisation.objects.filter(pk=assessment.organisation_id).update(
        industry=industry, size_band=size
    )
    for question in catalog.questions.all():
        answer(assessment, question.key, level)
    return assessment_finish(assessment=assessment)


@pytest.fixture
def own(small_catalog):
    return start_assessment(small_catalog, name="Wir AG")


@pytest.mark.django_db
def test_four_peers_hide_the_band_five_show_it(small_catalog, own):
    for number, level in enumerate((1, 2, 3, 4)):
        _peer(small_catalog, level, name=f"Peer {number}")
    four = peer_benchmark(own)
    assert four is not None and four.peers == 4
    assert set(four.bands.values()) == {None}
    _peer(small_catalog, 5, name="Peer 5")
    five = peer_benchmark(own)
    assert five.peers == 5
    # levels 1..5 → scores 0, 25, 50, 75, 100 in every pillar
    assert set(five.bands.values()) == {PeerBand(n=5, median=50, q1=25, q3=75)}


@pytest.mark.django_db
def test_who_never_counts(small_catalog, own):
    for number in range(4):
        _peer(small_catalog, 3, name=f"Peer {number}")
    other_industry = _peer(small_catalog, 1, name="Bank", industry="finance")
    other_size = _peer(small_catalog, 1, name="Gross", size="250+")
    opted_out = _peer(small_catalog, 1, name="Diskret")
    Assessment.objects.filter(pk=opted_out.pk).update(benchmark_opt_out=True)
    demo = _peer(small_catalog, 1, name="Demo")
    Organisation.objects.filter(pk=demo.organisation_id).update(is_sample=True)
    start_assessment(small_catalog, name="Unfertig")  # in progress
    mine_before = _peer(small_catalog, 1, name="Wir AG früher")
    Assessment.objects.filter(pk=mine_before.pk).update(organisation=own.organisation)
    result = peer_benchmark(own)
    assert result.peers == 4
    assert set(result.bands.values()) == {None}
    assert other_industry and other_size


@pytest.mark.django_db
def test_a_company_counts_once_with_its_newest_result(small_catalog, own):
    for number in range(4):
        _peer(small_catalog, 3, name=f"Peer {number}")
    first = _peer(small_catalog, 1, name="Zweimal")
    second = _peer(small_catalog, 5, name="Zweimal neu")
    Assessment.objects.filter(pk=second.pk).update(organisation=first.organisation)
    result = peer_benchmark(own)
    assert result.peers == 5
    # four at 50 and the newest of "Zweimal" at 100: median 50, q3 50
    assert set(result.bands.values()) == {PeerBand(n=5, median=50, q1=50, q3=50)}


@pytest.mark.django_db
def test_no_size_band_no_benchmark(small_catalog, own):
    Organisation.objects.filter(pk=own.organisation_id).update(size_band="")
    own.refresh_from_db()
    assert peer_benchmark(own) is None


@pytest.mark.django_db
def test_the_benchmark_costs_seven_queries_then_two_whatever_the_group(
    small_catalog, own, django_assert_num_queries
):
    for number in range(7):
        _peer(small_catalog, 2 + number % 3, name=f"Peer {number}")
    # candidates · the peers not scored yet · participants · answers · pillars · questions ·
    # own pillars
    with django_assert_num_queries(7):
        assert peer_benchmark(own).peers == 7
    # The benchmark is kept: the group's signature and own pillars, nobody read or scored again.
    with django_assert_num_queries(2):
        assert peer_benchmark(own).peers == 7


@pytest.mark.django_db
def test_a_new_peer_is_scored_without_reading_the_catalog_again(
    small_catalog, own, django_assert_num_queries
):
    """Each finished assessment changes its group, so the next results page of every company in
    it scores a new peer: the catalog's pillars and questions come from the process's cache."""
    for number in range(5):
        _peer(small_catalog, 2 + number % 3, name=f"Peer {number}")
    keys = [pillar.key for pillar in small_catalog.pillars.all()]
    assert peer_benchmark(own, keys).peers == 5
    _peer(small_catalog, 4, name="Newcomer")
    # signature · members · the new peer (with its catalog) · its participant · its answers
    with django_assert_num_queries(5) as captured:
        assert peer_benchmark(own, keys).peers == 6
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "pillars_pillar" not in tables and "pillars_question" not in tables


@pytest.mark.django_db
def test_a_kept_benchmark_reads_none_of_the_group_however_large(
    small_catalog, own, monkeypatch, django_assert_num_queries
):
    for number in range(6):
        _peer(small_catalog, 2 + number % 3, name=f"Peer {number}")
    keys = [pillar.key for pillar in small_catalog.pillars.all()]
    first = peer_benchmark(own, keys)

    def read_again(peers):
        raise AssertionError(f"the group's {len(peers)} members were read again")

    monkeypatch.setattr(selectors, "_kept_peer_scores", read_again)
    with django_assert_num_queries(1) as captured:  # one aggregate row, whatever the group
        assert peer_benchmark(own, keys) == first
    assert "COUNT(" in captured.captured_queries[0]["sql"].upper()


@pytest.mark.django_db
def test_the_signature_read_with_the_members_is_the_databases(small_catalog, own):
    """A kept benchmark is only served when the two agree, so they must agree exactly (dates
    included) on every database, or every page view would read the whole group again."""
    candidates = Assessment.objects.exclude(organisation=own.organisation).filter(
        status=Assessment.Status.COMPLETED
    )

    def both():
        members = list(candidates.values_list("organisation_id", "pk", "completed_at"))
        return selectors._signature_of(members), selectors._group_signature(candidates)

    empty_in_python, empty_in_sql = both()
    assert empty_in_python == empty_in_sql == (0, None, None, None)
    for number in range(3):
        _peer(small_catalog, 3, name=f"Peer {number}")
    in_python, in_sql = both()
    assert in_python == in_sql
    assert in_sql[0] == 3 and in_sql[3] == max(candidates.values_list("completed_at", flat=True))


@pytest.mark.django_db
def test_a_kept_benchmark_sees_an_assessment_move_to_another_company(small_catalog, own):
    for number in range(5):
        _peer(small_catalog, 3, name=f"Peer {number}")
    moved = _peer(small_catalog, 1, name="Zweimal")
    older = Assessment.objects.exclude(pk=moved.pk).filter(organisation__name="Peer 0").get()
    assert peer_benchmark(own).peers == 6
    # Same rows, same count, same newest completion: only the company changes.
    Assessment.objects.filter(pk=older.pk).update(organisation=moved.organisation)
    assert peer_benchmark(own).peers == 5


@pytest.mark.django_db
def test_kept_scores_never_hide_who_joins_or_leaves(small_catalog, own):
    peers = [_peer(small_catalog, 3, name=f"Peer {number}") for number in range(5)]
    assert set(peer_benchmark(own).bands.values()) == {PeerBand(n=5, median=50, q1=50, q3=50)}
    _peer(small_catalog, 5, name="Neu")
    assert set(peer_benchmark(own).bands.values()) == {PeerBand(n=6, median=50, q1=50, q3=50)}
    Assessment.objects.filter(pk=peers[0].pk).update(benchmark_opt_out=True)
    assert peer_benchmark(own).peers == 5
    # Finished again with other answers: a new completed_at, so scored anew at once.
    reopened = peers[1]
    assessment_reopen(assessment=reopened)
    for question in small_catalog.questions.all():
        answer(reopened, question.key, 5)
    assessment_finish(assessment=reopened)
    # 50, 50, 50 and "Neu" and the reopened one at 100
    assert set(peer_benchmark(own).bands.values()) == {PeerBand(n=5, median=50, q1=50, q3=100)}


@pytest.mark.django_db
def test_kept_scores_are_scored_again_after_a_while(small_catalog, own, monkeypatch):
    peers = [_peer(small_catalog, 3, name=f"Peer {number}") for number in range(5)]
    assert set(peer_benchmark(own).bands.values()) == {PeerBand(n=5, median=50, q1=50, q3=50)}
    # A change the key does not see (here behind the services' back): kept for a while ...
    for peer in peers:
        Answer.objects.filter(participant__assessment=peer).update(level=5)
    assert set(peer_benchmark(own).bands.values()) == {PeerBand(n=5, median=50, q1=50, q3=50)}
    # ... then scored again.
    monkeypatch.setattr(selectors, "PEER_SCORES_SECONDS", 0)
    assert set(peer_benchmark(own).bands.values()) == {PeerBand(n=5, median=100, q1=100, q3=100)}
