"""Dependency audit for CI: known vulnerabilities in the installed packages, via pip-audit.

pip-audit asks PyPI's advisory API. Where that API cannot be reached (a closed network), every
package comes back "could not be audited"; that is reported as such, loudly, and does not fail the
build, because it says nothing about the packages. Any vulnerability found fails the build, and so
does a partial answer (some packages audited, some not), which would hide a gap.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def main() -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    completed = subprocess.run(  # noqa: S603 - fixed argument list, our own venv's tool
        [str(pip_audit), "--skip-editable", "--progress-spinner", "off", "-f", "json"],
        capture_output=True, text=True, timeout=600, check=False)
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        print("dependency audit: pip-audit gave no report:", completed.stderr.strip()[-500:])
        return 1
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    if vulnerable:
        return 1
    if dependencies and len(skipped) == len(dependencies):
        print(f"dependency audit: NOT DONE - PyPI's advisory API is unreachable from this machine "
              f"({len(skipped)} packages could not be looked up); run `make audit` where it is reachable")
        return 0
    if skipped:
        names = ", ".join(f"{d['name']} {d['version']}" for d in skipped)
        print(f"dependency audit: {len(skipped)} packages could not be audited: {names}")
        return 1
    print(f"dependency audit: {len(dependencies)} packages, no known vulnerabilities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
