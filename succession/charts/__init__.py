"""Matplotlib figures from the evidence base: one idea per figure, a title that states it,
a caption that says what it shows, a source line at the foot, and alt text. One picture a module:

- timeline:   affiliation_timeline, who stood in which faction (and a date cursor over it)
- figures:    figures_chart, the numbers the texts give, as points, bars and open-ended marks
- party_size: party_size_chart, the standard series as a line, each text's figure a point on it
- seats:      body_seats, the seats of a party body on a date (SeatChart redraws in place)
- events:     events_timeline, a lesson's dated events, and events_text, the same in words
- display:    ChartFigure (a Figure with alt text and caption) and show(fig)

Every chart returns a ChartFigure: displayed in a notebook it carries its alt text (see display).
"""
import matplotlib.dates as mdates  # noqa: F401  (tests place dates with charts.mdates)

from .common import (BODY_NAMES, COUNTS_LABELS, NO_EARLIER, NO_LATER, PERIOD_END, PERIOD_START,  # noqa: F401
                     check_in_period, check_known, month_label)
from .display import ChartFigure, alt_of, figure_html, figure_png, img_tag, show  # noqa: F401
from .figures import figures_chart, figures_shown, needs_log_scale, value_text  # noqa: F401
from .seats import Seat, SeatChart, Seating, arrange_seats, body_seats, draw_seating, seats_on, surname  # noqa: F401
from .timeline import (DATED_LEVEL, DAY_X, DAYS, IMPRECISE_LEVEL, DateCursor, Lane, add_cursor,  # noqa: F401
                       affiliation_timeline, faction_key, lane_levels, layer_key, path_summary, start_middle)
from .events import EventsText, events_text, events_timeline, lesson_events  # noqa: F401
from .party_size import fits, party_size_chart  # noqa: F401
