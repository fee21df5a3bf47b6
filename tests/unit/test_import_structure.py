"""How the package is put together: explicit public APIs, one import path per name, and
`import axos_data` without polars (commands that never build a DataFrame stay fast)."""

import ast
import subprocess
import sys
from pathlib import Path

import axos_data
from axos_data import views


def test_views_export_explicitly_without_lazy_loading():
    assert "__getattr__" not in vars(views)
    for name in views.__all__:
        assert name in vars(views), f"views.{name} is listed in __all__ but not imported"


def test_importing_the_library_does_not_import_polars():
    code = "import sys, axos_data; print('polars' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_public_api_is_importable_by_name():
    for name in axos_data.__all__:
        assert hasattr(axos_data, name), name


PACKAGE = Path(axos_data.__file__).parent


def _imports(path: Path) -> list[str]:
    """Every module a file imports (absolute axos_data imports; `from X import y` as X.y)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return [name for name in found if name.startswith("axos_data")]


def _sources() -> list[tuple[str, Path]]:
    files = sorted(PACKAGE.rglob("*.py"))
    files += sorted((PACKAGE.parent / "notebooks").glob("*.py"))
    return [
        (str(p.relative_to(PACKAGE.parent).with_suffix("")).replace("/", "."), p) for p in files
    ]


def test_no_module_imports_a_private_module_of_another_package():
    offences = []
    for module, path in _sources():
        importer_package = module.rsplit(".", 1)[0]
        for name in _imports(path):
            parts = name.split(".")
            for depth, part in enumerate(parts):
                if part.startswith("_") and not part.startswith("__"):
                    owner = ".".join(parts[:depth])
                    if not (importer_package + ".").startswith(owner + "."):
                        offences.append(f"{module} imports {name}")
                    break
    assert offences == []


def test_reads_do_not_import_writes():
    """views and data access sit below the services: a read never goes through a write module."""
    offences = [
        f"{module} imports {name}"
        for module, path in _sources()
        if module.startswith(("axos_data.views", "axos_data.access"))
        for name in _imports(path)
        if name.startswith("axos_data.services") and name not in ALLOWED_READ_SIDE_SERVICE_IMPORTS
    ]
    assert offences == []


# views.bounds checks stored values against the settings' bounds; the settings' definitions
# still live with their writes (see the report of issue 8).
ALLOWED_READ_SIDE_SERVICE_IMPORTS = {
    "axos_data.services.settings",
    "axos_data.services.settings.SETTINGS",
    "axos_data.services.settings.get_settings",
    # views.invoicing: the invoice readiness needs the profile check the export uses
    "axos_data.services.settings.missing_company_profile",
}
