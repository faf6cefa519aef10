"""The economists' notebooks: each runs from top to bottom in a real kernel, also with injected
parameters; stored without outputs, parameterised, and free of model logic."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from helpers import ROOT
from IPython.core.inputtransformer2 import TransformerManager
from nbclient import NotebookClient

NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
EXPECTED = {
    "01_pitea_alvsbyn",
    "02_cost_sharing",
    "03_scenarios_compared",
    "04_lulea_region",
    "05_uncertainty",
}
CELL_TIMEOUT_S = 120
ALLOWED_IMPORTS = {"simulator", "pandas", "matplotlib", "IPython", "importlib"}
"""What a notebook may import: the package, and the tools to show and draw its tables."""


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _python(cell: nbformat.NotebookNode) -> ast.Module:
    """A code cell as Python, IPython magics (``%matplotlib inline``) turned into calls."""
    return ast.parse(TransformerManager().transform_cell(cell.source))


def _parameters_index(nb: nbformat.NotebookNode) -> int:
    return next(
        i for i, cell in enumerate(nb.cells) if "parameters" in cell.metadata.get("tags", [])
    )


def inject(nb: nbformat.NotebookNode, **values: object) -> nbformat.NotebookNode:
    """As papermill does: a cell tagged ``injected-parameters`` right after the ``parameters`` cell,
    whose assignments override the defaults."""
    cell = nbformat.v4.new_code_cell(
        "\n".join(f"{name} = {value!r}" for name, value in values.items())
    )
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(_parameters_index(nb) + 1, cell)
    return nb


def execute(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Run every cell in a ``python3`` kernel with the notebooks folder as working directory; any error
    fails (``CellExecutionError`` names the cell)."""
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    return client.execute()


def _text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in _code_cells(nb):
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts += [str(v) for k, v in output.get("data", {}).items() if k.startswith("text/")]
    return "\n".join(parts)


@pytest.fixture(autouse=True)
def _agg_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    """No windows: the kernel inherits a non-interactive matplotlib backend."""
    monkeypatch.setenv("MPLBACKEND", "Agg")


def test_the_four_notebooks_are_there() -> None:
    assert {p.stem for p in PATHS} == EXPECTED


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_stored_without_outputs_and_parameterised(path: Path) -> None:
    nb = _read(path)
    nbformat.validate(nb)
    for cell in _code_cells(nb):
        assert cell.outputs == [] and cell.execution_count is None, (
            f"{path.name}: stored with outputs"
        )
    first = _code_cells(nb)[0]
    assert first.metadata.get("tags") == ["parameters"], (
        f"{path.name}: first code cell is not tagged parameters"
    )
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_parameters_are_literals_and_paths_exist(path: Path) -> None:
    tree = ast.parse(_code_cells(_read(path))[0].source)
    for statement in tree.body:
        assert isinstance(statement, ast.Assign), (
            f"{path.name}: parameters cell holds only assignments"
        )
        value = ast.literal_eval(statement.value)
        if isinstance(value, str) and value.endswith(".yaml"):
            assert sorted(NOTEBOOKS.glob(value)), (
                f"{path.name}: {value} matches no file from notebooks/"
            )


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_no_model_logic_in_code_cells(path: Path) -> None:
    """A notebook calls the package and draws: no functions, classes or lambdas of its own, and imports
    only the package and the display and drawing tools."""
    for cell in _code_cells(_read(path)):
        for node in ast.walk(_python(cell)):
            assert not isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
            ), f"{path.name}: defines {type(node).__name__} in cell {cell.id}"
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            assert roots <= ALLOWED_IMPORTS, (
                f"{path.name}: imports {roots - ALLOWED_IMPORTS} in cell {cell.id}"
            )


def test_readme_describes_every_notebook() -> None:
    text = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    assert "make lab" in text
    for path in PATHS:
        assert path.name in text


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path) -> None:
    nb = execute(_read(path))
    assert all(cell.execution_count is not None for cell in _code_cells(nb))
    assert not any(
        output.output_type == "error" for cell in _code_cells(nb) for output in cell.outputs
    )


@pytest.mark.slow
def test_injected_parameters_override_the_defaults() -> None:
    """Five municipalities in English: the cost-sharing notebook with its parameters replaced."""
    nb = inject(
        _read(NOTEBOOKS / "02_cost_sharing.ipynb"),
        scenario_path="../scenarios/lulea_region.yaml",
        lang="en",
    )
    text = _text(execute(nb))
    assert "Luleå" in text and "Shapley value" in text
    assert "Shapleyvärdet" not in text
