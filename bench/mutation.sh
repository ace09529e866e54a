#!/usr/bin/env bash
# Mutation testing of the scoring, the answer writes and the access doors with mutmut 3
# (configuration: [tool.mutmut] in pyproject.toml). mutmut lives in its own environment, outside
# the app's locks; it copies the project to mutants/ (git-ignored) and runs there.
#
#   bench/mutation.sh            # all mutants, two at a time (about 25 minutes on 2 cores)
#   bench/mutation.sh results    # the survivors of the last run; `show <name>` shows one
#
# mutmut leaves decorated functions alone, so the services in the mutated files open their
# transaction with `with transaction.atomic():` rather than the @transaction.atomic decorator.
#
# Last full run (28 November 2026, main with the consultants' doors and the answer versions):
# 880 mutants, 40 reached by no test and 33 surviving; after the tests that run added, 862
# killed, 18 surviving, 0 untested, 0 timeouts. Each survivor is behaviour-identical:
#   scoring  level_for_score 7, 8      the first band (score >= 0) always overwrites the start value
#            score_pillar 40, 49       `score or 1.0`: answered scores are never None; 0 still ranks lowest
#            _next_steps 5             level and gap are None together
#            _next_steps 10            level 5 never has a gap > 0 (targets are 1..5)
#            _next_steps 34            rounding to 10 places instead of 9: no real weights tell them apart
#   services answers_save 12           reads all the participant's answers, not the page's: same writes
#            _answer_store 30          saves every column of a row just read under the lock: same row
#            purge 29, 39              values_list(flat=True) without a field is the pk anyway
#            purge 61                  the doomed assessments' organisations are anonymous already
#            assessment_finish 19,     refresh_from_db() of every field, not the three: the others
#            assessment_reopen 15      are the row's too (no caller holds unsaved changes)
#   access   share_link 20, 21,        a deeper select_related path ("assessment__organisation…")
#            workspace_share_link 10   selects its parents anyway
#            membership_for_request 12 the user comes from the request's cache the door fills
set -euo pipefail
cd "$(dirname "$0")/.."
MUT_VENV=${MUT_VENV:-var/mutation-venv}
if [ ! -x "$MUT_VENV/bin/mutmut" ]; then
	python=$(pyenv prefix "$(cat .python-version)" 2>/dev/null)/bin/python
	[ -x "$python" ] || python=python3
	"$python" -m venv "$MUT_VENV"
	"$MUT_VENV/bin/pip" install --quiet --require-hashes -r requirements/dev.txt
	"$MUT_VENV/bin/pip" install --quiet "mutmut==3.8.1"
fi
if [ $# -eq 0 ]; then
	exec "$MUT_VENV/bin/mutmut" run --max-children "${MAX_CHILDREN:-2}"
fi
exec "$MUT_VENV/bin/mutmut" "$@"
