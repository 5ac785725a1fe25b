"""Widgets over the charts and queries, and the dashboard that Voila serves. One explorer a module:

- faction:   FactionExplorer, who stood in which faction on a month; a person's path; events near
- figures:   FiguresExplorer, the numbers the texts give, filtered, with the quote behind each
- bodies:    BodiesExplorer, the seats of a party body on a month, and the dated changes
- dashboard: Dashboard, the three on one page
- launcher:  explore(kind, ...), a button in a lesson that builds an explorer when clicked
- controls:  the month control (a labelled Month list, Previous / Next, Play / Pause), picture
             helpers; index: month-by-month answers worked out once

Everything a test (or a screen reader) needs is text in a widget value: each HTML widget
carries a CSS class (members-list, events-near, person-path, figures-chart, figure-quote,
body-seats, body-members, body-changes; the figures table's own box is .figures-table, with
data-counts and data-source), each list item its data-person / data-seat / data-event, and
each picture is an <img> with alt text and a caption.
"""
from .bodies import BodiesExplorer, body_changes  # noqa: F401
from .controls import (MONTHS, PLAY_INTERVAL_MS, CursorPicture, MonthControl, WidgetView, check_month,  # noqa: F401
                       date_words, img_html, month_control, month_words, png_bytes, sources_text, still_html,
                       text_widget)
from .dashboard import Dashboard, dashboard  # noqa: F401
from .faction import FactionExplorer  # noqa: F401
from .figures import FiguresExplorer  # noqa: F401
from .launcher import Launcher, explore  # noqa: F401
from .index import BodyMonths, EvidenceIndex, Member, MonthlyIndex, strongest  # noqa: F401
