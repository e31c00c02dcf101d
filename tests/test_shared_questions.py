"""Shared questions in the content: copies of one `x-shared` key must take the same answer (a lint
problem with file and JSON Pointer), and questions of two policies with the same wording or quote
are proposed for sharing (advice that fails nothing), on the command line too."""
from __future__ import annotations

import json
import shutil

from survey.cli import cli
from survey.content import lint

OLOFSTROM = "questionnaires/olofstrom-integrationspolicy.json"
FALKOPING = "questionnaires/falkoping-integrationspolicy.json"
RECRUITED = {OLOFSTROM: ("rekrytering", "rekryterat"), FALKOPING: ("rekrytering", "rekryterat")}


def _edit(root, file: str, change) -> None:
    path = root / file
    data = json.loads(path.read_text(encoding="utf-8"))
    section, name = RECRUITED[file]
    change(data["properties"][section]["properties"][name])
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def test_copies_of_a_shared_question_must_take_the_same_answer(content_copy):
    shutil.rmtree(content_copy / "shared")  # without a library any key may be shared
    for file in RECRUITED:
        _edit(content_copy, file, lambda q: q.update({"x-shared": "rekryterat-under-aret"}))
    assert lint.lint(content_copy) == [] and lint.advice(content_copy) == []
    _edit(content_copy, FALKOPING, lambda q: q.update({"type": "string", "enum": ["ja", "nej"]}))
    problems = [p for p in lint.lint(content_copy) if p.message.code == "lint.shared_differs"]
    assert [(p.file, p.pointer) for p in problems] == [
        (OLOFSTROM, "/properties/rekrytering/properties/rekryterat")]  # the copy unlike the first (Falköping's)
    assert "rekryterat-under-aret" in str(problems[0].message) and FALKOPING in str(problems[0].message)


def test_the_same_wording_in_two_policies_is_proposed_for_sharing(content_copy, runner):
    shutil.rmtree(content_copy / "shared")  # without a library any key may be shared
    title = "Har verksamheten rekryterat personal under året?"
    for file in RECRUITED:
        _edit(content_copy, file, lambda q: q.update({"title": title}))
    proposed = lint.advice(content_copy)
    assert [(p.file, p.pointer) for p in proposed] == [(OLOFSTROM, "/properties/rekrytering/properties/rekryterat")]
    assert '"x-shared": "har-verksamheten-rekryterat-personal-under"' in str(proposed[0].message)
    assert lint.lint(content_copy) == []  # a proposal is no error: the content still loads
    said = runner.invoke(cli, ["--content", str(content_copy), "lint"])
    assert said.exit_code == 0 and "Förslag (1 fråga" in said.output and "gemensam fråga" in said.output
    for file in RECRUITED:
        _edit(content_copy, file, lambda q: q.update({"x-shared": "rekryterat"}))
    assert lint.advice(content_copy) == []
