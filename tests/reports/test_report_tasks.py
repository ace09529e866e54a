"""Reports made by django.tasks: kept per state, one task per state, the progress page, access.

The test settings run tasks at once (ImmediateBackend); the tests of the queue itself switch to
the database backend and run the real worker (``manage.py db_worker --batch``).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from assessment.models import ShareLink
from reports import docx_report, pdf
from reports.models import ReportFile
from reports.report_files import report_state_key
from reports.selectors import scored_assessment
from tests.factories import answer, start_assessment

pytestmark = pytest.mark.django_db

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


@pytest.fixture
def answered(small_catalog):
    assessment = start_assessment(small_catalog, name="Beispiel AG")
    answer(assessment, first_key(assessment), 3, comment="Nur intern")
    return assessment


def first_key(assessment) -> str:
    return assessment.catalog.questions.order_by("pk").first().key


def url(name: str, assessment, **kwargs) -> str:
    return reverse(f"reports:{name}", kwargs={"token": assessment.token, **kwargs})


class Builds:
    """Counts the reports actually made; each is a tiny stand-in document."""

    def __init__(self, monkeypatch) -> None:
        self.made: list[str] = []
        monkeypatch.setattr(pdf, "report_pdf", self._build("pdf", b"%PDF-1.7 "))
        monkeypatch.setattr(docx_report, "report_docx", self._build("docx", b"PK "))

    def _build(self, kind: str, magic: bytes):
        def build(scored, language=None):
            self.made.append(kind)
            return magic + str(len(self.made)).encode()

        return build


@pytest.fixture
def builds(monkeypatch) -> Builds:
    return Builds(monkeypatch)


# --- Kept reports: the same state is served from the kept file, a changed one is made anew.


def test_the_same_state_is_served_again_without_a_new_report(client, answered, builds):
    first = client.get(url("report_pdf", answered))
    second = client.get(url("report_pdf", answered))

    assert first.status_code == second.status_code == 200
    assert first.content == second.content == b"%PDF-1.7 1"
    assert builds.made == ["pdf"]
    assert ReportFile.objects.get().status == ReportFile.Status.READY


def test_a_changed_answer_makes_a_new_report_and_drops_the_old(client, answered, builds):
    client.get(url("report_pdf", answered))
    answer(answered, first_key(answered), 4)

    response = client.get(url("report_pdf", answered))

    assert response.content == b"%PDF-1.7 2"
    assert builds.made == ["pdf", "pdf"]
    assert ReportFile.objects.count() == 1  # the older state's report is gone


def test_the_state_key_changes_with_what_the_report_shows_and_nothing_else(answered):
    def key(**kwargs):
        options = {"kind": "pdf", "language": "de", **kwargs}
        return report_state_key(scored_assessment(answered), **options)

    before = key()
    assert key() == before  # a second look: same state
    assert key(kind="docx") != before
    assert key(language="en") != before
    answered.organisation.name = "Beispiel Holding AG"
    answered.organisation.save()
    assert key() != before  # the name on the cover
    renamed = key()
    answer(answered, first_key(answered), 3, comment="Anders formuliert")
    assert key() != renamed  # a comment the report prints
    commented = key()
    answer(answered, first_key(answered), 1, comment="Anders formuliert")
    assert key() != commented  # the level


def test_a_comment_less_share_link_gets_a_report_of_its_own(client, answered, builds):
    consultant_link = ShareLink.objects.create(
        assessment=answered, expires_at=timezone.now() + timedelta(days=5)
    )
    without = ShareLink.objects.create(
        assessment=answered,
        expires_at=timezone.now() + timedelta(days=5),
        include_comments=False,
    )
    answered.status = answered.Status.COMPLETED
    answered.completed_at = timezone.now()
    answered.save()

    for link in (consultant_link, without, consultant_link):
        response = client.get(reverse("reports:shared_report_pdf", kwargs={"token": link.token}))
        assert response.status_code == 200

    assert builds.made == ["pdf", "pdf"]
    assert sorted(ReportFile.objects.values_list("include_comments", flat=True)) == [False, True]


# --- What the user sees while a report is made, and when it fails.


def pending(assessment, kind="pdf", **fields) -> ReportFile:
    return ReportFile.objects.create(
        assessment=assessment,
        kind=kind,
        language=assessment.language,
        state_key=report_state_key(
            scored_assessment(assessment), kind=kind, language=assessment.language
        ),
        requested_at=fields.pop("requested_at", timezone.now()),
        **fields,
    )


def test_a_report_being_made_shows_its_progress_page_that_polls(client, answered, builds):
    report_file = pending(answered)

    response = client.get(url("report_pdf", answered))  # the same state: no second task

    progress = url("report_progress", answered, file_id=report_file.pk)
    assert response.status_code == 302 and response["Location"] == progress
    assert builds.made == []
    page = client.get(progress)
    assert page.status_code == 200
    status = url("report_status", answered, file_id=report_file.pk)
    assert f'hx-get="{status}"' in page.text and 'hx-trigger="every 1s"' in page.text
    with translation.override("de"):
        assert gettext("Your report (PDF)") in page.text
    assert "<script>" not in page.text  # htmx polls: no inline script without the CSP nonce


def test_the_status_box_offers_the_download_once_ready(client, answered):
    report_file = pending(answered)
    status = url("report_status", answered, file_id=report_file.pk)

    box = client.get(status, headers={"HX-Request": "true"})
    assert box.status_code == 200
    assert "<html" not in box.text and 'data-state="pending"' in box.text

    ReportFile.objects.filter(pk=report_file.pk).update(status="ready", content=b"%PDF-x")
    box = client.get(status, headers={"HX-Request": "true"})
    assert 'data-state="ready"' in box.text and "hx-get" not in box.text
    assert f'href="{url("report_pdf", answered)}"' in box.text


def test_a_foreign_language_report_is_offered_in_that_language(client, answered, builds):
    response = client.get(url("report_docx", answered) + "?lang=da")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-da.docx"')
    report_file = ReportFile.objects.get()
    assert (report_file.kind, report_file.language) == ("docx", "da")
    box = client.get(url("report_status", answered, file_id=report_file.pk))
    assert f'href="{url("report_docx", answered)}?lang=da"' in box.text


def test_a_failed_report_says_so_and_the_retry_makes_it(client, answered, monkeypatch):
    calls = []

    def broken(scored, language=None):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a bug")
        return b"%PDF-1.7 second try"

    monkeypatch.setattr(pdf, "report_pdf", broken)

    response = client.get(url("report_pdf", answered))

    report_file = ReportFile.objects.get()
    assert report_file.status == ReportFile.Status.FAILED
    assert response.status_code == 302
    page = client.get(response["Location"])  # in German, the link's language
    with translation.override("de"):
        assert gettext("The report could not be made.") in page.text
        assert gettext("Try again") in page.text
    assert 'data-testid="report-retry"' in page.text
    assert f'href="{url("report_pdf", answered)}"' in page.text
    assert "a bug" not in page.text

    retry = client.get(url("report_pdf", answered))

    assert retry.status_code == 200 and retry.content == b"%PDF-1.7 second try"


def test_a_stalled_report_counts_as_failed_and_is_made_again(client, answered, builds, settings):
    settings.REPORT_TASK_TIMEOUT = 60
    report_file = pending(answered, requested_at=timezone.now() - timedelta(seconds=61))

    page = client.get(url("report_progress", answered, file_id=report_file.pk))
    assert 'data-state="failed"' in page.text and "hx-get" not in page.text

    response = client.get(url("report_pdf", answered))

    assert response.status_code == 200 and builds.made == ["pdf"]


def test_a_fresh_pending_report_is_not_enqueued_twice(client, answered, builds, settings):
    settings.REPORT_TASK_TIMEOUT = 60
    pending(answered, requested_at=timezone.now() - timedelta(seconds=59))

    assert client.get(url("report_pdf", answered)).status_code == 302
    assert builds.made == []


# --- Access: a report's pages open only with the link that asked for it.


def test_another_assessments_report_is_404(client, answered, small_catalog):
    other = start_assessment(small_catalog, name="Andere GmbH")
    foreign = pending(other)

    for name in ("report_progress", "report_status"):
        assert client.get(url(name, answered, file_id=foreign.pk)).status_code == 404
        assert client.get(url(name, other, file_id=foreign.pk)).status_code == 200


def test_a_share_link_reaches_only_its_own_report(client, answered):
    link = ShareLink.objects.create(
        assessment=answered,
        expires_at=timezone.now() + timedelta(days=5),
        include_comments=False,
    )
    answered.status = answered.Status.COMPLETED
    answered.completed_at = timezone.now()
    answered.save()
    with_comments = pending(answered)  # the private link's: comments included
    docx = pending(answered, kind="docx", include_comments=False)
    own = ReportFile.objects.create(
        assessment=answered,
        kind="pdf",
        language=answered.language,
        include_comments=False,
        state_key="s" * 64,
        requested_at=timezone.now(),
    )

    def shared(name, report_file):
        kwargs = {"token": link.token, "file_id": report_file.pk}
        return client.get(reverse(f"reports:{name}", kwargs=kwargs))

    for name in ("shared_report_progress", "shared_report_status"):
        assert shared(name, with_comments).status_code == 404
        assert shared(name, docx).status_code == 404
        response = shared(name, own)
        assert response.status_code == 200
        assert response["X-Robots-Tag"].startswith("noindex")
        assert answered.token not in response.text  # the private link never shows


def test_an_unknown_report_id_is_404(client, answered):
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(url("report_progress", answered, file_id=missing)).status_code == 404


# --- The queue itself: the database backend and its worker.


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_its_worker_make_the_report(client, small_catalog, settings):
    settings.TASKS = DB_TASKS
    assessment = start_assessment(small_catalog, name="Beispiel AG")
    answer(assessment, first_key(assessment), 3)

    response = client.get(url("report_pdf", assessment))
    again = client.get(url("report_pdf", assessment))

    report_file = ReportFile.objects.get()
    progress = url("report_progress", assessment, file_id=report_file.pk)
    assert response.status_code == again.status_code == 302
    assert response["Location"] == again["Location"] == progress
    assert DBTaskResult.objects.count() == 1  # one task for one state
    assert report_file.task_id == str(DBTaskResult.objects.get().id)
    status = url("report_status", assessment, file_id=report_file.pk)
    assert 'data-state="pending"' in client.get(status).text

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", stdout=io.StringIO())

    assert 'data-state="ready"' in client.get(status).text
    download = client.get(url("report_pdf", assessment))
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF-")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_state_key_reads_the_word_template_the_docx_uses():
    from reports.report_files import DOCX_TEMPLATE_PATH

    assert DOCX_TEMPLATE_PATH == docx_report.TEMPLATE_PATH
    assert DOCX_TEMPLATE_PATH.is_file()


def test_the_web_side_of_a_report_loads_no_report_builder():
    """Asking for a report (views, state key, enqueue) imports neither weasyprint nor
    python-docx: those live in the task worker."""
    code = (
        "import django, sys; django.setup(); import reports.views, reports.tasks; "
        "from reports.report_files import _layout_version; _layout_version(); "
        "print(sorted(m for m in ('weasyprint', 'docx', 'docxtpl') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert result.stdout.strip() == "[]"
