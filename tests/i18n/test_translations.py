"""Every user-facing message exists, translated and not fuzzy, in German and Danish."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

pytestmark = pytest.mark.dbless

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("de", "da")
SOURCES = ("assessment", "pillars", "reports", "config", "templates")


def po_path(language: str, root: Path = ROOT) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_not_fuzzy(language):
    po = polib.pofile(str(po_path(language)))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {language}: {untranslated[:10]}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy[:10]}"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, set[str]]:
    """Run makemessages on a copy of the sources: the messages the code uses today."""
    copy = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    for language in LANGUAGES:
        po_path(language, copy).parent.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-location", "--no-obsolete"]
        + [f"--locale={language}" for language in LANGUAGES],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    return {
        language: {entry.msgid for entry in polib.pofile(str(po_path(language, copy)))}
        for language in LANGUAGES
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_missing(extracted, language):
    committed = {entry.msgid for entry in polib.pofile(str(po_path(language)))}
    missing = sorted(extracted[language] - committed)
    assert missing == [], f"run makemessages and translate for {language}: {missing[:10]}"
