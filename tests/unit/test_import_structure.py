"""How the package is put together: explicit public APIs, one import path per name, and
`import axos_data` without polars (commands that never build a DataFrame stay fast)."""

import subprocess
import sys

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
