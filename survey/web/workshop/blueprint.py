"""The workshop's blueprint, shared by its pages (start, draft, quotes, publish)."""
from __future__ import annotations

import re

from flask import Blueprint

bp = Blueprint("workshop", __name__, url_prefix="/verkstad")


def anchor(key: str) -> str:
    """The HTML id of an item: `goal:M1` → `i-goal-m1`."""
    return "i-" + re.sub(r"[^a-z0-9]+", "-", key.lower().encode("ascii", "replace").decode()).strip("-")
