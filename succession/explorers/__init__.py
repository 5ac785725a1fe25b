"""Widgets over the charts and queries, and the dashboard that Voila serves. One explorer a module:

- faction:   FactionExplorer, who stood in which faction on a month; a person's path; events near
- figures:   FiguresExplorer, the numbers the texts give, filtered, with the quote behind each
- bodies:    BodiesExplorer, the seats of a party body on a month, and the dated changes
- dashboard: Dashboard, the three on one page
- controls:  the month slider, play, picture helpers; index: month-by-month answers precomputed

Everything a test (or a screen reader) needs is text in a widget value: each HTML widget
carries a CSS class (members-list, events-near, person-path, figures-table, figure-quote,
body-members, body-changes) and each picture is an <img> with alt text.
"""
from .bodies import BodiesExplorer, body_changes  # noqa: F401
from .controls import (MONTHS, PLAY_INTERVAL_MS, CursorPicture, WidgetView, check_month,  # noqa: F401
                       img_html, month_control, png_bytes, sources_text, still_html, text_widget)
from .dashboard import Dashboard, dashboard  # noqa: F401
from .faction import FactionExplorer  # noqa: F401
from .figures import FiguresExplorer  # noqa: F401
from .index import EvidenceIndex, Member, MonthlyIndex, strongest  # noqa: F401
