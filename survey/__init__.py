"""Yearly self-assessment of municipal policies.

The subpackages are the pipeline, and imports flow one way along it:
content (policy text, questionnaire, rules, lint, derive) → scoring → store (all SQL) →
reports and exports → web and CLI. `survey.i18n` turns messages (data) into words at the edge.
"""
