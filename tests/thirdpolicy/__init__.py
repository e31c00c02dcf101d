"""A third policy, only for tests and the bench: Sjöbacka kommun's kommunikationspolicy.

Written so that it uses every format feature of issue 9 at once (choices with labels, a
select, an exclusive multi-choice, email, a shared scale in `$defs`, a structured list,
row criteria, follow-ups with `else` and across sections, the policy's own unit kinds and
tags, a requirement for one named unit) and has what real policies have: "skall" as well
as "ska", numbered lists, no adoption paragraph and no revision rule. It is not shipped:
`build` puts it with the shipped reports into a content folder of its own.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NAME = "sjobacka-kommunikationspolicy"
MUNICIPALITY = "Sjöbacka kommun"
NAMED_UNIT = "Kommundirektörens stab"
TAG = "informatörer"


def build(folder: Path) -> Path:
    """A content folder holding the third policy and the shipped reports: what `survey --content` reads."""
    for part in ("policies", "questionnaires", "rules"):
        shutil.copytree(HERE / part, folder / part, dirs_exist_ok=True)
    shutil.copytree(ROOT / "reports", folder / "reports", dirs_exist_ok=True)
    return folder


def questionnaire() -> dict:
    return json.loads((HERE / "questionnaires" / f"{NAME}.json").read_text(encoding="utf-8"))


def ruleset() -> dict:
    return json.loads((HERE / "rules" / f"{NAME}.json").read_text(encoding="utf-8"))
