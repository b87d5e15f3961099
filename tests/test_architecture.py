"""The house: every module is named in docs/ARCHITECTURE.md, and Streamlit stays in the web
layer so the command line and the pack run without it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("dashboard", "queries", "pages", "sample_data")


def _modules() -> list[str]:
    out = []
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/versions/" not in rel:
                out.append(rel)
    return out


def test_every_module_is_named_in_the_architecture_document():
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [m for m in _modules() if f"`{m}`" not in doc]
    assert not missing, f"docs/ARCHITECTURE.md does not name: {missing}"


def test_the_architecture_document_names_no_module_that_is_gone():
    import re

    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:dashboard|queries|pages|sample_data)/[\w/]+\.py)`", doc))
    gone = sorted(n for n in named if not (ROOT / n).exists())
    assert not gone, f"docs/ARCHITECTURE.md names modules that do not exist: {gone}"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "layer",
    [
        "dashboard/cli",
        "dashboard/pack",
        "dashboard/storage",
        "dashboard/domain",
        "dashboard/charts",
        "queries",
        "dashboard/importers",
        "dashboard/access",
    ],
)
def test_streamlit_stays_in_the_web_layer(layer):
    offenders = []
    for path in (ROOT / layer).rglob("*.py"):
        bad = {
            n
            for n in _imports(path)
            if n == "streamlit"
            or n.startswith("streamlit.")
            or n.startswith("dashboard.web")
            or n == "dashboard.app"
        }
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert not offenders, offenders
