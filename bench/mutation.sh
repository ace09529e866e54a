#!/usr/bin/env bash
# Mutation testing of the scoring, the answer writes and the access doors with mutmut 3
# (configuration: [tool.mutmut] in pyproject.toml). mutmut lives in its own environment, outside
# the app's locks; it copies the project to mutants/ (git-ignored) and runs there.
#
#   bench/mutation.sh            # all mutants, two at a time (about 25 minutes on 2 cores)
#   bench/mutation.sh results    # the survivors of the last run; `show <name>` shows one
#
# mutmut leaves decorated functions alone, so the @transaction.atomic services
# (assessment_start, assessment_finish, assessment_reopen, assessment_import) are not mutated.
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
