"""The self-contained HTML pages (student feedback, reports), rendered from
the Jinja2 templates in ``templates/``: ``page.html.j2`` (the skeleton and
its style: no script, no external resource, one file that opens anywhere,
offline), ``feedback.html.j2`` and ``report.html.j2``.

Autoescaping is on for every template: whatever a template prints is escaped
by Jinja2 (a value is never rendered as a template), so nothing a student
wrote can add markup to a page. A name a template uses but is not given is
an error (StrictUndefined), not an empty string.
"""
from datetime import datetime, timezone

import jinja2

from autograder.feedback.score_text import number


def utc_time(iso) -> str:
    """An ISO 8601 time as '2026-11-21 14:03 UTC' (naive: already UTC); the text
    itself when it is not ISO 8601."""
    try:
        moment = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso or "")
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("autograder.feedback", "templates"),
    autoescape=True, undefined=jinja2.StrictUndefined,
    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
_TEMPLATES.filters["number"] = number


def render(template, **context) -> str:
    """The page ``templates/<template>`` renders with ``context``."""
    return _TEMPLATES.get_template(template).render(**context)
