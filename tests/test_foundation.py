"""The module installs as promised: data inside the wheel, one dependency list, clean notebooks."""
import json
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient.exceptions import CellExecutionError

from notebook_runner import NOTEBOOK_TIMEOUT, execute, leftovers

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def names(requirements) -> set[str]:
    """Package names only, normalised (PEP 503): 'ipywidgets>=8.1' -> 'ipywidgets'."""
    return {re.split(r"[<>=!~ \[;]", item, maxsplit=1)[0].strip().lower().replace("_", "-") for item in requirements}


def environment_dependencies(path: Path) -> set[str]:
    found = []
    for item in yaml.safe_load(path.read_text())["dependencies"]:
        if isinstance(item, dict):
            found += item.get("pip", [])
        elif not re.match(r"(python|pip)\b", item):
            found.append(item)
    return names(found)


def test_environment_yml_names_the_same_direct_dependencies_as_pyproject():
    declared = names(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    conda = environment_dependencies(ROOT / "environment.yml")
    assert conda == declared, f"only in environment.yml: {conda - declared}; only in pyproject.toml: {declared - conda}"


def test_dependency_comparison_notices_a_difference(tmp_path):
    changed = (ROOT / "environment.yml").read_text().replace("  - voila\n", "")
    (tmp_path / "environment.yml").write_text(changed)
    declared = names(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    assert declared - environment_dependencies(tmp_path / "environment.yml") == {"voila"}


def test_lock_file_pins_every_direct_dependency():
    pinned = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pinned[name.strip().lower().replace("_", "-")] = version.strip()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = names(project["dependencies"]) | names(project["optional-dependencies"]["test"])
    assert wanted <= set(pinned), f"not pinned in requirements.lock: {wanted - set(pinned)}"


def data_files() -> list[str]:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text())
    return ["datapackage.json"] + [resource["path"] for resource in package["resources"]]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a clean copy: setuptools reuses a build/ folder, which could still hold a
    # subpackage that pyproject no longer lists.
    source = tmp_path_factory.mktemp("source") / "succession"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "node_modules",
                                                                "*.egg-info", "__pycache__", "handouts"))
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, cwd=out)
    return next(out.glob("succession-*.whl"))


@pytest.mark.slow
def test_wheel_carries_every_data_file(wheel):
    import zipfile
    inside = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in data_files() if f"succession/data_files/{name}" not in inside]
    assert not missing, f"the wheel lacks data files: {missing}"


@pytest.mark.slow
def test_installed_wheel_loads_data_from_anywhere(wheel, tmp_path):
    """A fresh environment with only the wheel (dependencies borrowed) loads every table elsewhere."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # Borrow the dependencies, not this checkout: a .pth line adds a path but runs none of its .pth files.
    Path(site, "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "course-folder"
    elsewhere.mkdir()
    # Every module of the checkout must import from the wheel: a subpackage left out of
    # pyproject's `packages` would be missing there.
    modules = sorted(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                     for path in (ROOT / "succession").rglob("*.py") if path.name != "__main__.py")
    script = ("import importlib, succession, succession.data as d; t = d.load(); "
              f"[importlib.import_module(m) for m in {modules!r}]; "
              "print(succession.__file__); print(d.data_dir()); print(sum(len(t[n]) for n in t.names))")
    result = subprocess.run([str(python), "-c", script], cwd=elsewhere, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    module_file, folder, rows = result.stdout.split()
    assert module_file.startswith(str(venv)) and folder.startswith(str(venv)), "loaded the checkout, not the wheel"
    assert int(rows) > 0


def test_there_are_lesson_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no .ipynb"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_is_committed_clean(notebook):
    assert leftovers(notebook) == [], f"strip it: .venv/bin/nbstripout {notebook.relative_to(ROOT)}"


@pytest.mark.slow
@pytest.mark.timeout(NOTEBOOK_TIMEOUT)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_top_to_bottom(notebook, tmp_path):
    execute(notebook, tmp_path)  # the working folder is elsewhere: notebooks must not rely on paths


def small_notebook(path: Path, source: str) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def test_runner_fails_when_a_notebook_raises(tmp_path):
    broken = small_notebook(tmp_path / "broken.ipynb", "raise ValueError('a student error')")
    with pytest.raises(CellExecutionError, match="a student error"):
        execute(broken, tmp_path)


def test_leftovers_are_found(tmp_path):
    path = small_notebook(tmp_path / "run.ipynb", "print('hello')")
    executed = execute(path, tmp_path)
    executed.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(executed, path)
    found = leftovers(path)
    assert "cell 1 has outputs" in found and "cell 1 has an execution count" in found
    assert "saved widget state (metadata.widgets)" in found
