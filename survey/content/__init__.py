"""Branch-only bridge: makes `survey.content` a package (for `survey.content.derive`) while
`survey/content.py` still lives at its old path. On merging with the refit, take main's
empty `__init__.py`; the refit moves `content.py` to `survey/content/files.py`."""
import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location("survey._content_file", Path(__file__).parent.parent / "content.py")
_module = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _module
_spec.loader.exec_module(_module)
globals().update({k: v for k, v in vars(_module).items() if not k.startswith("__")})
