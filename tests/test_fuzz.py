"""Generated garbage against every form and endpoint: never a 5xx, never half-saved.

Runs on whichever database the suite runs on (CI: SQLite, then PostgreSQL).
"""

from __future__ import annotations

import io
import json
from urllib.parse import quote_from_bytes

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.models import MAX_COMMENT_LENGTH, Answer, Assessment, Organisation
from assessment.services import assessment_finish
from tests.factories import answer

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(
        [
            "",
            "3",
            "³",
            "３",
            "0",
            "6",
            "-1",
            "1e308",
            "Infinity",
            "NaN",
            "null",
            "[]",
            "{}",
            "dont_know",
            "n_a",
            "\x00",
            "a\x00b",
            "1\x00",
            "'; DROP TABLE x;--",
            "<script>",
        ]
    ),
    st.builds(lambda n: "x" * n, st.integers(min_value=190, max_value=2100)),
)
# Raw bytes, percent-encoded: invalid UTF-8, encoded lone surrogates (ED A0 80), NUL.
raw_values = st.one_of(
    st.binary(max_size=30),
    st.sampled_from([b"\xed\xa0\x80", b"\xff\xfe", b"\x00", b"\xc0\xaf", b"3\xed\xb0\x80"]),
)


def _form_body(fields: list[tuple[str, bytes]]) -> bytes:
    return "&".join(
        f"{quote_from_bytes(name)}={quote_from_bytes(value)}" for name, value in fields
    ).encode()


def _snapshot() -> list[tuple]:
    return sorted(
        Answer.objects.values_list(
            "participant_id", "question_id", "status", "level", "target", "comment"
        )
    )


def _answers_by_key() -> dict[str, tuple]:
    rows = Answer.objects.values_list("question__key", "status", "level", "target", "comment")
    return {key: rest for key, *rest in rows}


@pytest.fixture
def keys(assessment):
    return list(assessment.catalog.questions.order_by("pk").values_list("key", flat=True))


@pytest.fixture
def no_start_limit(settings):
    settings.RATELIMITS = {"start": (10**6, 3600), "token-miss": (10**6, 600)}


@FUZZ
@given(
    question=st.one_of(texts, st.just("__known__")),
    value=texts,
    target=texts,
    comment=texts,
    extra=st.dictionaries(st.text(max_size=10), texts, max_size=3),
)
def test_autosave_with_garbage(client, assessment, keys, question, value, target, comment, extra):
    key = keys[0] if question == "__known__" else question
    before = _snapshot()
    data = {
        **extra,
        "question": key,
        f"{key}-value": value,
        f"{key}-target": target,
        f"{key}-comment": comment,
    }
    response = client.post(
        reverse("assessment:answer", kwargs={"token": assessment.token}),
        data,
        headers={"HX-Request": "true"},
    )
    # 400: Django refuses the request itself (e.g. a field name too long for multipart).
    assert response.status_code in (200, 400, 422), response.status_code
    if response.status_code != 200:
        assert _snapshot() == before, "a refused answer changes nothing"
    if len(comment.strip()) > MAX_COMMENT_LENGTH:
        assert response.status_code != 200, "over-long comments are refused, never truncated"
    if response.status_code == 200:
        # Only a real question key gets this far, so it is safe to look up on PostgreSQL.
        stored = Answer.objects.filter(question__key=key).first()
        assert stored is None or stored.comment == comment.strip()


@FUZZ
@given(
    fields=st.lists(
        st.tuples(st.sampled_from(["question", "v", "t", "c", "x"]), raw_values), max_size=6
    )
)
def test_autosave_with_raw_bytes(client, assessment, keys, fields):
    names = {
        "question": b"question",
        "v": f"{keys[0]}-value".encode(),
        "t": f"{keys[0]}-target".encode(),
        "c": f"{keys[0]}-comment".encode(),
        "x": b"x",
    }
    before = _snapshot()
    response = client.generic(
        "POST",
        reverse("assessment:answer", kwargs={"token": assessment.token}),
        _form_body([(names[name], value) for name, value in fields]),
        content_type="application/x-www-form-urlencoded",
        headers={"HX-Request": "true"},
    )
    assert response.status_code < 500
    if response.status_code != 200:
        assert _snapshot() == before


@FUZZ
@given(
    name=st.sampled_from(["start", "pillar", "finish", "reopen"]),
    fields=st.lists(st.tuples(raw_values, raw_values), max_size=5),
)
def test_every_post_with_a_raw_body(client, assessment, keys, no_start_limit, name, fields):
    token = {"token": assessment.token}
    url = {
        "start": reverse("assessment:start"),
        "pillar": reverse("assessment:pillar", kwargs={**token, "pillar_key": "strategy"}),
        "finish": reverse("assessment:finish", kwargs=token),
        "reopen": reverse("assessment:reopen", kwargs=token),
    }[name]
    before = (_snapshot(), Assessment.objects.count(), Organisation.objects.count())
    response = client.generic(
        "POST", url, _form_body(fields), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500, (name, response.status_code)
    if name in ("start", "pillar"):
        # No field of these forms is in the generated names, so nothing can be valid to store.
        assert (_snapshot(), Assessment.objects.count(), Organisation.objects.count()) == before


@FUZZ
@given(values=st.lists(st.tuples(texts, texts, texts), min_size=1, max_size=4), goto=texts)
def test_page_submit_with_garbage(client, assessment, keys, values, goto):
    pillar = assessment.catalog.questions.get(key=keys[0]).pillar
    page_keys = list(pillar.questions.order_by("order").values_list("key", flat=True))
    data = {"goto": goto}
    for key, (value, target, comment) in zip(page_keys, values, strict=False):
        data.update({f"{key}-value": value, f"{key}-target": target, f"{key}-comment": comment})
    url = reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": pillar.key})
    before = _answers_by_key()
    response = client.post(url, data)
    assert response.status_code in (302, 400), response.status_code
    after = _answers_by_key()
    for key, (_value, _target, comment) in zip(page_keys, values, strict=False):
        if len(comment.strip()) > MAX_COMMENT_LENGTH:
            assert response.status_code == 400, "over-long comments are refused"
            assert after.get(key) == before.get(key), "a refused answer keeps what was stored"


@FUZZ
@given(
    name=texts,
    industry=texts,
    size_band=texts,
    country=texts,
    language=texts,
    extra=st.dictionaries(st.text(max_size=10), texts, max_size=3),
)
def test_start_with_garbage(
    client, catalog, no_start_limit, name, industry, size_band, country, language, extra
):
    before = (Assessment.objects.count(), Organisation.objects.count())
    response = client.post(
        reverse("assessment:start"),
        {
            **extra,
            "organisation_name": name,
            "industry": industry,
            "size_band": size_band,
            "country": country,
            "language": language,
        },
    )
    assert response.status_code in (200, 302), response.status_code
    after = (Assessment.objects.count(), Organisation.objects.count())
    if response.status_code == 200:
        assert after == before, "a refused start creates nothing"
    else:
        assert after == (before[0] + 1, before[1] + 1)
        created = Organisation.objects.latest("pk")
        assert len(created.name) <= 200 and created.name == " ".join(name.split())


@FUZZ
@given(
    query=st.dictionaries(st.text(max_size=10), texts, max_size=4),
    method=st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]),
)
def test_every_page_with_odd_methods_and_query_strings(client, assessment, keys, query, method):
    answer(assessment, keys[0], 3)
    token = {"token": assessment.token}
    urls = [
        reverse("assessment:home"),
        reverse("assessment:start"),
        reverse("assessment:link", kwargs=token),
        reverse("assessment:resume", kwargs=token),
        reverse("assessment:review", kwargs=token),
        reverse("assessment:finish", kwargs=token),
        reverse("assessment:reopen", kwargs=token),
        reverse("reports:results", kwargs=token),
        reverse("reports:results_json", kwargs=token),
        reverse("reports:answers_csv", kwargs=token),
        reverse("reports:answers_xlsx", kwargs=token),
        reverse("actions:export_xlsx", kwargs=token),
    ]
    for url in urls:
        response = client.generic(
            method,
            url,
            QUERY_STRING="&".join(
                f"{quote_from_bytes(k.encode('utf-8', 'surrogatepass'))}="
                f"{quote_from_bytes(v.encode('utf-8', 'surrogatepass'))}"
                for k, v in query.items()
            ),
        )
        assert response.status_code < 500, (method, url, response.status_code)


def test_finish_and_reopen_twice_are_harmless(client, assessment):
    token = {"token": assessment.token}
    for name in ("finish", "finish", "reopen", "reopen"):
        response = client.post(reverse(f"assessment:{name}", kwargs=token))
        assert response.status_code == 302
    assessment.refresh_from_db()
    assert not assessment.is_completed


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(texts, children, max_size=3)
    ),
    max_leaves=12,
)


@FUZZ
@given(
    document=st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"organisation": json_values, "answers": json_values},
            optional={
                "comments": json_values,
                "targets": json_values,
                "participant": json_values,
                "completed": json_values,
                "language": json_values,
                "catalog_version": json_values,
            },
        ),
    )
)
def test_import_with_garbage(catalog, tmp_path_factory, document):
    path = tmp_path_factory.mktemp("fuzz") / "answers.json"
    path.write_text(json.dumps(document, allow_nan=True, ensure_ascii=True), encoding="utf-8")
    before = Assessment.objects.count()
    try:
        call_command("import_assessment", str(path), stdout=io.StringIO())
    except CommandError:
        assert Assessment.objects.count() == before, "all or nothing"
    else:
        assert Assessment.objects.count() == before + 1


@FUZZ
@given(
    content=st.one_of(
        st.binary(max_size=200),
        st.text(alphabet='{}[]":,0123456789.eE-+ntrufalsd\\u', max_size=200),
        st.builds(
            lambda digits, prefix: prefix + "1" * digits + "}",
            st.integers(min_value=4000, max_value=6000),
            st.sampled_from(['{"organisation": "X", "answers": {}, "catalog_version": ', "{"]),
        ),
    )
)
def test_import_of_raw_file_contents(catalog, tmp_path_factory, content):
    path = tmp_path_factory.mktemp("fuzz") / "answers.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = Assessment.objects.count()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_assessment", str(path), stdout=io.StringIO())
    assert Assessment.objects.count() == before


def test_over_long_input_is_refused_with_a_message_never_truncated(
    client, assessment, keys, tmp_path
):
    too_long = "x" * (MAX_COMMENT_LENGTH + 1)
    answer_url = reverse("assessment:answer", kwargs={"token": assessment.token})
    response = client.post(
        answer_url,
        {"question": keys[0], f"{keys[0]}-value": "3", f"{keys[0]}-comment": too_long},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert f"unter {MAX_COMMENT_LENGTH} Zeichen" in response.content.decode()
    pillar = assessment.catalog.questions.get(key=keys[0]).pillar
    response = client.post(
        reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": pillar.key}),
        {f"{keys[0]}-value": "3", f"{keys[0]}-comment": too_long},
    )
    assert response.status_code == 400
    assert f"unter {MAX_COMMENT_LENGTH} Zeichen" in response.content.decode()
    assert not Answer.objects.exists()

    organisations = Organisation.objects.count()
    response = client.post(
        reverse("assessment:start"),
        {
            "organisation_name": "y" * 201,
            "industry": "trade",
            "size_band": "10-49",
            "country": "CH",
            "language": "de",
        },
    )
    assert response.status_code == 200
    assert "höchstens 200 Zeichen" in response.content.decode()
    assert Organisation.objects.count() == organisations

    path = tmp_path / "answers.json"
    for document, problem in [
        ({"organisation": "z" * 201, "answers": {}}, "organisation.name"),
        ({"organisation": "Z", "answers": {}, "comments": {keys[0]: too_long}}, "comments."),
        ({"organisation": "Z", "answers": {}, "participant": "p" * 201}, "participant"),
    ]:
        path.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(CommandError, match=problem):
            call_command("import_assessment", str(path), stdout=io.StringIO())
    assert Organisation.objects.count() == organisations


def test_an_answer_after_completion_is_refused(client, assessment, keys):
    assessment_finish(assessment=assessment)
    response = client.post(
        reverse("assessment:answer", kwargs={"token": assessment.token}),
        {"question": keys[0], f"{keys[0]}-value": "3"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert not Answer.objects.exists()
