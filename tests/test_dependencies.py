"""Every package Helix imports is declared, and the lock files install what is declared.

``requirements.in`` / ``requirements-dev.in`` declare ranges; ``requirements.txt`` /
``requirements-dev.txt`` are the locks compiled from them (``scripts/lock``). A
package that arrives only as another's dependency can vanish in that package's
next release, so an import must be declared where the code that makes it runs.
"""

import ast
import sys
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
#: Folders whose code runs with the development requirements (tests, benchmarks).
DEV_DIRS = {"tests", "bench"}
SKIP_DIRS = {".venv", ".git", "node_modules", "migrations", "staticfiles", "media"}


def declared(name: str) -> dict[str, Requirement]:
    """The requirements a ``.in`` file declares (following ``-r``), by canonical name."""
    found: dict[str, Requirement] = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-c"):
            continue
        if line.startswith("-r"):
            found |= declared(line.removeprefix("-r").strip())
            continue
        requirement = Requirement(line)
        found[canonicalize_name(requirement.name)] = requirement
    return found


def locked(name: str) -> dict[str, str]:
    """``{canonical name: version}`` pinned by a lock file."""
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            package, version = line.split("==", 1)
            pins[canonicalize_name(package.strip())] = version.strip()
    return pins


def local_packages() -> set[str]:
    return {path.name for path in ROOT.iterdir() if path.is_dir()} | {
        path.stem for path in ROOT.glob("*.py")
    }


@cache
def imported_distributions(*, dev: bool) -> dict[str, set[str]]:
    """``{distribution: files importing it}`` for the served code, or tests and benchmarks."""
    owners = packages_distributions()
    local = local_packages()
    found: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIP_DIRS & set(relative.parts):
            continue
        if (relative.parts[0] in DEV_DIRS) != dev:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in local:
                    continue
                for distribution in owners.get(top, [top]):
                    found.setdefault(canonicalize_name(distribution), set()).add(str(relative))
    return found


def test_every_package_the_code_imports_is_declared_as_a_runtime_requirement():
    runtime = declared("requirements.in")
    dev_only = set(declared("requirements-dev.in")) - set(runtime)
    missing = {
        name: sorted(files)
        for name, files in imported_distributions(dev=False).items()
        if name not in runtime
        # Factories are imported by tests and benchmarks only, never by a served page.
        and not (name in dev_only and all(Path(f).name == "factories.py" for f in files))
    }
    assert not missing, f"imported but not declared in requirements.in: {missing}"


def test_every_package_tests_and_benchmarks_import_is_declared():
    everything = declared("requirements-dev.in")
    missing = {
        name: sorted(files)
        for name, files in imported_distributions(dev=True).items()
        if name not in everything
    }
    assert not missing, f"imported by tests but not declared in requirements-dev.in: {missing}"


@pytest.mark.parametrize(
    ("source", "lock"),
    [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")],
)
def test_the_lock_pins_every_declared_package_within_its_range(source, lock):
    pins = locked(lock)
    for name, requirement in declared(source).items():
        assert name in pins, f"{name} is declared in {source} but not locked in {lock}"
        assert requirement.specifier.contains(pins[name], prereleases=False), (
            f"{lock} pins {name}=={pins[name]}, outside {source}'s {requirement.specifier}:"
            " run scripts/lock"
        )


def test_the_runtime_and_dev_locks_agree():
    runtime, dev = locked("requirements.txt"), locked("requirements-dev.txt")
    differ = {
        name: (version, dev.get(name))
        for name, version in runtime.items()
        if dev.get(name) != version
    }
    assert not differ, f"requirements-dev.txt must pin the runtime lock's versions: {differ}"


@pytest.mark.parametrize("source", ["requirements.in", "requirements-dev.in"])
def test_declared_ranges_admit_final_releases_only(source):
    pre = [
        str(r)
        for r in declared(source).values()
        if any(s.version and Requirement(f"x{s}").specifier.prereleases for s in r.specifier)
    ]
    assert not pre, f"pre-release floors in {source}: {pre}"
