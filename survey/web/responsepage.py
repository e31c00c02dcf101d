"""What every respondent page knows of one unit's response in one round: the guard's round and unit, the
questionnaire as the unit sees it (and what is kept of it per content version), the answers and last year's."""
from __future__ import annotations

from functools import cached_property

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from survey.content import questionnaire as q
from survey.content.pointer import split
from survey.scoring import rules
from survey.store import content as store_content
from survey.store import responses, yearly
from survey.web import forms, guards, presentation, sectionview
from survey.web.db import get_db


class Page:
    """Everything a respondent page needs about one unit's response in one round."""

    def __init__(self, round_id: int, unit_id: int, *, answer: bool):
        self.db = get_db()
        self.round, self.unit, self.response, self.previous = guards.round_and_unit(round_id, unit_id, answer=answer)
        self.questionnaire = self.content()
        self.unit_key = (self.unit["kind"], tuple(self.unit["tags"]), self.unit["name"])  # what a unit's view hangs on
        self.view = self.content(q.view_for, *self.unit_key)
        self.sections = q.sections(self.view)
        self.answers = self.response["answers"] if self.response else {}
        self.version = self.response["version"] if self.response else 0
        self.followup = yearly.followup(self.db, self.round["followup_id"]) if self.round["followup_id"] else None

    @property
    def editable(self) -> bool:
        return self.round["status"] == "open" and (self.response is None or self.response["status"] == "draft") \
            and current_user.can_answer(self.unit, self.round["id"])

    @cached_property
    def asked_elsewhere(self) -> set[tuple[str, str]]:
        """In a yearly follow-up, this round's shared questions (section, name) the unit answers once, on the
        follow-up's page of shared questions: left out of this policy's pages."""
        if self.followup is None:
            return set()
        views = {r["id"]: store_content.compiled(self.db, r["questionnaire_version_id"], q.view_for, *self.unit_key,
                                                 digest=r["questionnaire_digest"])
                 for r in yearly.unit_rounds(self.db, self.followup["id"], self.unit["id"])}
        return {(s, n) for found in yearly.asked_once(views).values() for r, s, n in found if r == self.round["id"]}

    @cached_property
    def pages(self) -> list[str]:
        """The sections the manager answers here, in order: a follow-up's section whose every question is
        shared is answered on the shared page alone, and is stepped over."""
        return [n for n, _s in self.sections if self.shown(n)["properties"]] or [n for n, _s in self.sections]

    def shown(self, name: str) -> dict:
        """A section as its page shows it: without the questions asked on the follow-up's shared page."""
        schema = dict(self.sections)[name]
        hidden = {n for s, n in self.asked_elsewhere if s == name}
        if not hidden:
            return schema
        return schema | {"properties": {n: v for n, v in schema["properties"].items() if n not in hidden},
                         "required": [n for n in schema.get("required", []) if n not in hidden]}

    @property
    def carried(self) -> set[str]:
        return set(self.response["carried"]) if self.response else set()

    @property
    def confirmed(self) -> set[str]:
        return set(self.response["confirmed"]) if self.response else set()

    @cached_property
    def ruleset(self) -> dict:
        return store_content.version_body(self.db, self.round["ruleset_version_id"], self.round["ruleset_digest"])

    def content(self, make=None, *key):
        """The round's questionnaire, or what `make(questionnaire, *key)` makes of it, kept per content version."""
        version, digest = self.round["questionnaire_version_id"], self.round["questionnaire_digest"]
        if make is None:
            return store_content.version_body(self.db, version, digest)
        return store_content.compiled(self.db, version, make, *key, digest=digest)

    @cached_property
    def names(self) -> dict[str, str]:
        """Goal and requirement titles by id, for telling a person what a question serves."""
        return sectionview.names_of(self.questionnaire, self.ruleset)

    def describe(self, path: str, value) -> str:
        """An answer a rule read, as the respondent chose it (labels, not codes)."""
        parts = split(path)
        if len(parts) == 3 and parts[0] == "answers":
            schema = self.questionnaire.get("properties", {}).get(parts[1], {}).get("properties", {}).get(parts[2])
            if schema:
                return presentation.display(schema, value) if value is not None else _("inget svar")
        return rules.format_answer(value)

    @property
    def progress(self) -> dict:
        laid_out = self.content(presentation.layout_for, *self.unit_key)
        return presentation.progress(self.view, self.answers, self.carried, laid_out)

    def kinds(self, name: str) -> dict[str, str]:
        """The controls of a section's questions as its page shows them (`forms.controls`), kept per content
        version; worked out afresh for a follow-up's page without its shared questions."""
        shown = self.shown(name)
        if shown is not dict(self.sections)[name]:
            return forms.controls(shown)
        return self.content(forms.section_controls, name)

    def form(self, name: str, formdata, add_row: str | None = None):
        """A section's form filled from the posted data; its class kept per content version."""
        shown = self.shown(name)
        if shown is not dict(self.sections)[name]:  # a follow-up's page without its shared questions
            return forms.section_form(shown, self.answers.get(name) or {}, formdata, add_row, kinds=self.kinds(name))
        return forms.section_form(shown, self.answers.get(name) or {}, formdata, add_row,
                                  make_class=lambda _section, rows: self.content(forms.section_form_class, name, rows),
                                  kinds=self.kinds(name))

    def stored_form(self, name: str, add_row: str | None = None) -> dict:
        """A section's form as the stored answers fill it, for showing (`forms.shown_form`)."""
        return forms.shown_form(self.shown(name), self.answers.get(name) or {}, add_row, self.kinds(name))

    def layout(self, name: str) -> list[dict] | None:
        """A section's `sectionview.layout` in the reader's language, kept per content version; None for a
        follow-up's page without its shared questions (laid out afresh)."""
        if self.shown(name) is not dict(self.sections)[name]:
            return None
        return self.content(sectionview.layout_for, name, *self.unit_key, str(get_locale()), tuple(self.names.items()))

    def url(self, endpoint: str, **extra) -> str:
        return url_for(endpoint, round_id=self.round["id"], unit_id=self.unit["id"], **extra)

    def save(self, answers: dict, base_version: int, **options) -> dict:
        return responses.save(self.db, self.round["id"], self.unit["id"], answers, user_id=current_user.user_id,
                              base_version=base_version, invitation_id=current_user.invitation_id,
                              known=(self.round, self.unit), **options)
