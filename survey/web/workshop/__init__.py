"""The policy workshop: from an adopted document to a published self-assessment, in the browser.

A coordinator uploads the policy (or a revision of a published one) for an organisation chosen
explicitly (`start`), reviews and edits the derived draft beside the policy text in one form per
page (`draft`: every item folded until opened, autosaved with JavaScript, nothing typed lost
without it), picks quotes from the text (`quotes`), previews the form exactly as a unit sees it,
publishes it as content versions and goes on to open the round (`publish`).
"""
from survey.web.workshop import draft, publish, quotes, start
from survey.web.workshop.blueprint import bp

__all__ = ["bp", "draft", "publish", "quotes", "start"]
