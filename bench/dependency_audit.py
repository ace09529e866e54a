"""Known vulnerabilities in the locked packages, by pip-audit, with an honest verdict.

Usage: dependency_audit.py PIP_AUDIT LOCK_FILE

pip-audit reports a package it could not look up as "not found" and still exits 0, so a machine
that cannot reach the vulnerability data would print a clean result. This wrapper reads its JSON
and says which packages were really checked. Exit 1 on a known vulnerability; exit 0 otherwise,
with "NOT AUDITED" where the data could not be reached (a build without network must not fail).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any


def summarise(report: dict[str, Any]) -> tuple[int, list[str]]:
    """The exit code and the lines to print for one pip-audit JSON report."""
    dependencies = report.get("dependencies", [])
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    lines = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "none yet"
            name = f"{dep['name']} {dep['version']}"
            lines.append(f"VULNERABLE {name}: {vuln['id']} (fixed in {fixes})")
    if vulnerable:
        lines.append(f"{len(vulnerable)} of {audited} audited packages have known vulnerabilities.")
        return 1, lines
    if dependencies and audited == 0:
        lines.append(
            f"NOT AUDITED: no vulnerability data could be fetched for any of the "
            f"{len(dependencies)} locked packages (PyPI's per-release data is not reachable "
            f"from here). Run `make audit` where it is."
        )
        return 0, lines
    if skipped:
        names = ", ".join(f"{dep['name']} {dep['version']}" for dep in skipped)
        lines.append(f"Not audited (no data): {names}")
    lines.append(f"{audited} packages audited: no known vulnerabilities.")
    return 0, lines


def main(pip_audit: str, lock: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "audit.json"
        result = subprocess.run(
            [pip_audit, "--progress-spinner", "off", "--disable-pip", "--require-hashes"]
            + ["--format", "json", "--output", str(output), "-r", lock],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            report = json.loads(output.read_text())
        except (OSError, ValueError):
            reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"NOT AUDITED: pip-audit could not reach its data ({reason}).")
            return 0
    code, lines = summarise(report)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
