"""The house shows its plan (issue #28): the package stands in layers, each
importing only the layers below it, and each layer's docstring says which.

The import graph is drawn from the source (every ``import`` and ``from``,
inside functions too), so an arrow that runs up a layer fails here however
it is written."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "plugins" / "terbuka"
# Bottom to top; the package's own top (generator, cli) stands above them all.
LAYERS = ["core", "inputs", "checks", "model", "publishing", "outputs", "pages"]
TOP = "terbuka"
RANK = {name: i for i, name in enumerate([*LAYERS, TOP])}


def layer_of(module: str) -> str:
    """``terbuka.inputs.read`` -> ``inputs``; ``terbuka.cli`` -> ``terbuka``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else TOP


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, name: str | None = None) -> set[str]:
    """Every terbuka module ``path`` (module ``name``) imports, as absolute dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = (name or module_name(path)).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "terbuka")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != "terbuka":
                continue
            found.add(module)
            # ``from terbuka.outputs import charts`` imports the module charts.
            for alias in node.names:
                where = PACKAGE.parent / (module + "." + alias.name).replace(".", "/")
                if where.with_suffix(".py").is_file() or (where / "__init__.py").is_file():
                    found.add(f"{module}.{alias.name}")
    return found


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_import_runs_up_a_layer():
    upward = []
    for path in modules():
        mine = layer_of(module_name(path))
        for imported in imports_of(path):
            theirs = layer_of(imported)
            if RANK[theirs] > RANK[mine]:
                upward.append(f"{module_name(path)} ({mine}) -> {imported} ({theirs})")
    assert upward == []


def test_every_module_lives_in_a_layer_and_only_the_top_stands_outside():
    outside = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert outside == ["__init__.py", "__main__.py", "cli.py", "generator.py", "plugin.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == (
        sorted([*LAYERS, "reference", "schemas"])
    )


def test_each_layer_says_what_it_may_import_and_that_is_the_layers_below():
    for i, layer in enumerate(LAYERS):
        doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text("utf-8")))
        assert doc is not None, layer
        said = re.search(r"May import: (.*)", doc, re.S)
        assert said is not None, layer
        named = re.findall(r"``(\w+)``", said.group(1))
        if i == 0:
            assert "nothing of terbuka outside ``core``" in doc
        else:
            assert named == LAYERS[:i], (layer, named)


def test_the_layer_test_sees_an_arrow_up_however_it_is_written(tmp_path):
    # The check itself can fail: a core module importing upward is caught.
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from terbuka.pages import site_pages\n"
        "def later():\n    from ..outputs import charts\n"
        "import terbuka.model.load\n",
        encoding="utf-8",
    )
    found = {i for i in imports_of(probe, "terbuka.core.probe") if RANK[layer_of(i)] > 0}
    assert found == {
        "terbuka.pages",
        "terbuka.outputs",
        "terbuka.outputs.charts",
        "terbuka.model.load",
    }


def test_the_architecture_table_lists_exactly_the_modules_of_each_layer():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\w+) \| ((?:`\w+`(?:, )?)+) \|", text, re.M)
    table = {layer: set(re.findall(r"`(\w+)`", names)) for layer, names in rows}
    # A module is a file or a package of them (``outputs.charts``).
    tree = {
        layer: {p.stem for p in (PACKAGE / layer).glob("*.py") if p.stem != "__init__"}
        | {p.parent.name for p in (PACKAGE / layer).glob("*/__init__.py")}
        for layer in LAYERS
    }
    tree["top"] = {"generator", "plugin", "cli"}
    assert table == tree
