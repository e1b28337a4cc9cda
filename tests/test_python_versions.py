"""The pinned environment installs on every Python the README promises: 3.11.2 (Debian 12's
python3) through 3.13.

For each interpreter this does what `make lab` does on a new machine (a virtual environment,
pip upgraded), then lets pip resolve requirements.txt and requirements-test.txt with
``--dry-run``: every pin must exist for that Python (Requires-Python, wheel tags) and the
constraints must be satisfiable together.  A pin that needs a newer Python (soupsieve 4.1.2
needs 3.11.5, so Debian's 3.11.2 could not install the course) fails here.

The interpreters: Debian's /usr/bin/python3 and pyenv's 3.12 and 3.13 (PYENV_ROOT or
~/.pyenv).  On CI (.ci/run sets CI=1 and installs python3-venv) a missing one fails the
test; elsewhere it is skipped with the reason.
"""

import glob
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
WANTED = {
    "3.11 (Debian 12)": ["/usr/bin/python3"],
    "3.12": sorted(glob.glob(str(PYENV / "versions" / "3.12.*" / "bin" / "python3"))),
    "3.13": sorted(glob.glob(str(PYENV / "versions" / "3.13.*" / "bin" / "python3"))),
}


def pins(path):
    """{name: version} of the == pins of a requirements or constraints file."""
    found = {}
    for line in Path(path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            found[name.strip().lower().replace("_", "-")] = version.strip()
    return found


@pytest.mark.parametrize("label", list(WANTED))
def test_requirements_resolve_on(label, tmp_path):
    candidates = [p for p in WANTED[label] if Path(p).exists()]
    if not candidates:
        message = f"no Python {label} interpreter on this machine"
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run should provide it)")
        pytest.skip(message)
    python = candidates[-1]
    version = subprocess.run([python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version.startswith(label.split()[0]), (python, version)
    venv = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", str(venv)], check=True, capture_output=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run(pip + ["install", "--quiet", "--upgrade", "pip"], check=True, capture_output=True)
    report = tmp_path / "report.json"
    result = subprocess.run(pip + ["install", "--dry-run", "--ignore-installed", "--quiet", "--report", str(report),
                                   "-r", "requirements.txt", "-r", "requirements-test.txt"],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    errors = "\n".join(line for line in result.stderr.splitlines() if "is ignored" not in line)
    assert result.returncode == 0, f"Python {version} ({python}) cannot install the pins:\n{errors}"
    chosen = {item["metadata"]["name"].lower().replace("_", "-"): item["metadata"]["version"]
              for item in json.loads(report.read_text())["install"]}
    wanted = {**pins(ROOT / "constraints.txt"), **pins(ROOT / "requirements.txt"),
              **pins(ROOT / "requirements-test.txt")}
    for name in ["numpy", "jupyterlab", "nbgrader", "soupsieve", "pytest"]:
        assert chosen.get(name) == wanted[name], (version, name, chosen.get(name), wanted[name])
    unpinned = sorted(set(chosen) - set(wanted) - {"pip", "setuptools"})
    assert not unpinned, f"Python {version} installs packages constraints.txt does not pin: {unpinned}"
