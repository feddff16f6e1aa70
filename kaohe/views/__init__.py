"""Read models the faces share: the score table, explanations, score changes.

The CLI, the reports and the web workspace read through these; none of them queries the
database or re-implements scoring logic itself.
"""
