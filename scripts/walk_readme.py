"""Run the README's citizen and heir-certificate walks exactly as written, against a fresh
embedded server, so the README cannot drift from the code (`make walk`; also run by
tests/test_readme_walk.py in `make test`).

What it does: a fresh SQLite database and media folder in a temporary directory, migrations and
the demo data, `runserver` on a free port with PUBLIC_BASE_URL pointing at it (as `make run
PORT=...` does), then the ```sh blocks that follow the README's `<!-- walk:... -->` markers, in
one `bash -euo pipefail`, with B set to the server. The one thing a person types (the OTP from
the console) is read from the server's console output and given to the walk's `read`. Afterwards
both PDFs must exist and their QR codes must verify as genuine.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
MARKER = re.compile(r"<!-- walk:(\w+)[^>]*-->\s*```sh\n(.*?)```", re.S)
OTP = re.compile(r"SMS to (\+?\d+).*?\n.*?(\d{6})", re.S)
WALKS = ("citizen", "certificate")


def readme_walks(readme: Path = ROOT / "README.md") -> dict[str, str]:
    """The README's walk blocks by name, as written."""
    found = {name: block for name, block in MARKER.findall(readme.read_text("utf-8"))}
    missing = [name for name in WALKS if name not in found]
    if missing:
        raise SystemExit(f"README.md has no walk block for {missing}")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(work: Path, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST", "CELERY_BROKER"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        DOCUMENT_VERIFY_BASE_URL=f"http://127.0.0.1:{port}/verify/",
        SMS_BACKEND="console",
        PYTHONUNBUFFERED="1",
    )
    return env


class Server:
    """runserver in the background; its console is kept, for the OTP."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.port, self.console, self._lock = port, "", threading.Lock()
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command
            [str(PYTHON), "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self._lock:
                self.console += line

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped:\n{self.console[-3000:]}")
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/healthz", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.3)
        raise SystemExit("the server did not start")

    def otps(self) -> list[str]:
        with self._lock:
            return [code for _mobile, code in OTP.findall(self.console)]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _feed_otps(server: Server, walk: subprocess.Popen) -> None:
    """Type each new OTP from the console into the walk's `read`, as a person would."""
    given = 0
    while walk.poll() is None:
        codes = server.otps()
        for code in codes[given:]:
            try:
                walk.stdin.write(code + "\n")
                walk.stdin.flush()
            except (BrokenPipeError, ValueError):  # the walk ended meanwhile
                return
        given = len(codes)
        time.sleep(0.2)


def run_walk(blocks: dict[str, str], work: Path, env: dict[str, str], server: Server) -> str:
    script = "set -euo pipefail\n" + "\n".join(blocks[name] for name in WALKS)
    (work / "walk.sh").write_text(script, "utf-8")
    for name in ("docs", "scripts", ".venv"):  # the README's relative paths, from the repo
        (work / name).symlink_to(ROOT / name)
    walk = subprocess.Popen(  # noqa: S603 - the README, which this script exists to run
        ["/bin/bash", str(work / "walk.sh")],
        cwd=work,
        env={**env, "B": f"127.0.0.1:{server.port}"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    threading.Thread(target=_feed_otps, args=(server, walk), daemon=True).start()
    chunks: list[str] = []
    reader = threading.Thread(target=lambda: chunks.extend(walk.stdout), daemon=True)
    reader.start()
    walk.wait(timeout=600)  # stdin stays open: the walk's `read` waits on it for the OTP
    reader.join(timeout=10)
    output = "".join(chunks)
    if walk.returncode != 0:
        raise SystemExit(
            f"the README walk failed (exit {walk.returncode}):\n{output[-4000:]}\n"
            f"--- server console ---\n{server.console[-3000:]}"
        )
    return output


def check_pdf(path: Path, base: str) -> str:
    """The PDF's QR must open a verification answer saying genuine; returns the document number."""
    import pypdfium2
    import zxingcpp

    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        raise SystemExit(f"{path.name} is not a PDF: {data[:200]!r}")
    codes = [  # a long receipt runs to a second page: the QR is on the last
        code
        for page in pypdfium2.PdfDocument(data)
        for code in zxingcpp.read_barcodes(
            page.render(scale=150 / 72).to_pil(), formats=zxingcpp.BarcodeFormat.QRCode
        )
    ]
    if len(codes) != 1 or not codes[0].text.startswith(base):
        raise SystemExit(f"{path.name}: QR codes read {[c.text for c in codes]}")
    token = codes[0].text.rstrip("/").rsplit("/", 1)[-1]
    answer = requests.get(f"{base}/api/v1/verify/{token}/", timeout=30).json()
    if not answer.get("genuine"):
        raise SystemExit(f"{path.name}: its QR does not verify: {answer}")
    return answer["number"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    blocks = readme_walks()
    port = args.port or free_port()
    work = Path(tempfile.mkdtemp(prefix="readme-walk-"))
    env = _environment(work, port)
    server = None
    try:
        for command in (["migrate", "--noinput"], ["load_demo_data"]):
            subprocess.run(  # noqa: S603 - our own fixed command
                [str(PYTHON), "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        server = Server(env, port)
        server.wait_ready()
        output = run_walk(blocks, work, env, server)
        base = f"http://127.0.0.1:{port}"
        receipt = check_pdf(work / "receipt.pdf", base)
        certificate = check_pdf(work / "certificate.pdf", base)
        if f":{port}/" not in output:  # the payment came back to this server, not to :8000
            raise SystemExit("the payment result page is not on the walk's port")
        print(f"README walk passed on :{port}: receipt {receipt}, certificate {certificate}")
    finally:
        if server is not None:
            server.stop()
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
