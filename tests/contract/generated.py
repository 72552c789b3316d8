"""A Python client generated from the live server's /api/schema/ by openapi-python-client, as a
mobile or integration team would make one, imported for the journeys in
test_generated_client.py. Generated afresh each run into a temporary directory, so a change to
the schema that breaks generated clients breaks the test suite first.

- PDFs are declared `application/pdf`; the generator is told to read them as bytes
  (content_type_overrides), as any client would configure it.
- No post hooks (ruff on the generated code): the code is imported, not kept.
"""

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import requests

PACKAGE = "pourashava_client"
CONFIG = f"""\
package_name_override: {PACKAGE}
project_name_override: pourashava-client
post_hooks: []
content_type_overrides:
  application/pdf: application/octet-stream
"""


def generate(base_url: str, directory: Path) -> ModuleType:
    """Fetch the schema as JSON, generate the client package into `directory`, import it."""
    schema = requests.get(f"{base_url}/api/schema/?format=json", timeout=120)
    schema.raise_for_status()
    (directory / "schema.json").write_bytes(schema.content)
    (directory / "config.yaml").write_text(CONFIG)
    output = directory / "client"
    generator = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(directory / "schema.json"),
            "--output-path",
            str(output),
            "--meta",
            "none",
            "--config",
            str(directory / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    SKIPPED[:] = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.startswith("WARNING parsing") or "Cannot parse" in line
    ]
    forget()
    sys.path.insert(0, str(directory))
    # The package directory is named by --output-path: link the package name to it.
    (directory / PACKAGE).symlink_to(output, target_is_directory=True)
    return importlib.import_module(PACKAGE)


# What the last generation left out or could not read (the generator warns and goes on).
SKIPPED: list[str] = []


def forget() -> None:
    """Drop a previously imported generated client (each test imports its own)."""
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    sys.path[:] = [p for p in sys.path if not (Path(p) / PACKAGE).is_symlink()]


def op(client_package: ModuleType, tag: str, operation: str) -> ModuleType:
    """One operation's module: `op(pc, "payments", "v1_me_dues_retrieve")`."""
    return importlib.import_module(f"{client_package.__name__}.api.{tag}.{operation}")


def model(client_package: ModuleType, name: str) -> type:
    return getattr(importlib.import_module(f"{client_package.__name__}.models"), name)
