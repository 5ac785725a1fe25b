"""Matplotlib figures from the evidence base: one idea per figure, a title that states it,
a source line at the foot, alt text for a screen reader. One picture per module:

- timeline:  affiliation_timeline, who stood in which faction (and a date cursor over it)
- figures:   figures_chart, the numbers the texts give, as points and range bars
- seats:     body_seats, the seats of a party body on a date (SeatChart redraws in place)
"""
import matplotlib.dates as mdates  # noqa: F401  (tests place dates with charts.mdates)

from .common import (BODY_NAMES, COUNTS_LABELS, FADE_STEPS, FADED_ALPHA, NO_EARLIER, NO_LATER,  # noqa: F401
                     PERIOD_END, PERIOD_START, check_in_period, check_known, month_label)
from .figures import figures_chart, figures_shown, needs_log_scale, value_text  # noqa: F401
from .seats import Seat, SeatChart, Seating, arrange_seats, body_seats, seats_on, surname  # noqa: F401
from .timeline import (CERTAIN_LEVEL, DAY_X, DAYS, DateCursor, Lane, add_cursor,  # noqa: F401
                       affiliation_timeline, faction_key, lane_levels, path_summary, start_middle,
                       uncertainty_key)
