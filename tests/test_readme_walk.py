"""The README's walks run as written (scripts/walk_readme.py): the citizen's OTP login, dues,
bill, bKash sandbox payment and receipt, then the heir certificate from application to PDF. A
command changed in the code but not in the README, or the other way round, fails here."""

import subprocess
import sys
from pathlib import Path

from scripts import walk_readme

ROOT = Path(__file__).resolve().parent.parent


def test_readme_has_both_walks_with_no_placeholders():
    blocks = walk_readme.readme_walks()
    for name in walk_readme.WALKS:
        assert "..." not in blocks[name] and "<" not in blocks[name].replace("<<", ""), name
    assert "docs/samples/death-certificate.pdf" in blocks["certificate"]
    assert (ROOT / "docs" / "samples" / "death-certificate.pdf").read_bytes().startswith(b"%PDF")


def test_readme_walk_runs_as_written():
    # A separate process with its own server and database: nothing shared with the suite's.
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "walk_readme.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "README walk passed" in done.stdout
