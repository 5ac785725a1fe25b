"""What every chart shares: the period, the names of bodies and of what figures count,
month labels and the checks that turn bad input into a plain error."""
from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from .. import timeline
from ..data import Tables, load

# The period the module covers: January 1921 to December 1929.
PERIOD_START = pd.Timestamp("1921-01-01")
PERIOD_END = pd.Timestamp("1930-01-01")
# dates.py writes "no bound" as these far-off days.
NO_EARLIER = pd.Timestamp("1800-01-01")
NO_LATER = pd.Timestamp("2100-12-31")

BODY_NAMES = {
    "politburo": "Politburo",
    "central_committee": "Central Committee",
    "secretariat": "Secretariat",
    "orgburo": "Orgburo",
    "central_control_commission": "Central Control Commission",
    "comintern_executive": "Comintern Executive",
    "sovnarkom": "Sovnarkom",
    "revvoensovet": "Revolutionary Military Council",
    "war_commissariat": "War Commissariat",
    "other": "Other body",
}
COUNTS_LABELS = {
    "party_size": "Party size",
    "recruits": "Recruits",
    "share": "Shares",
    "opposition_strength": "Opposition strength",
    "body_size": "Sizes of party bodies",
    "expulsions": "Expulsions",
    "economy": "The economy",
    "prices": "Prices",
    "votes": "Votes",
    "repression": "Repression",
    "other": "Other figures",
}



def _tables(tables: Tables | None) -> Tables:
    return tables if tables is not None else load()


def month_label(when) -> str:
    """'1926-10' -> 'Oct 1926'."""
    first, _ = timeline.period(when)
    return first.strftime("%b %Y")


def check_in_period(when) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day of `when`, or a ValueError saying what was expected."""
    first, last = timeline.period(when)
    if first < PERIOD_START or last >= PERIOD_END:
        raise ValueError(f"{when!r} is outside the period: expected a date from 1921-01 to 1929-12")
    return first, last


def check_known(kind: str, value: str, known) -> None:
    known = list(known)
    if value not in known:
        raise KeyError(f"unknown {kind} {value!r}; expected one of: {', '.join(map(str, known))}")


def _x(day: pd.Timestamp) -> float:
    return mdates.date2num(day.to_pydatetime())


def _clip(day: pd.Timestamp) -> pd.Timestamp:
    return min(max(day, PERIOD_START), PERIOD_END)


def _set_margins(fig: Figure, top: float, bottom: float, left: float, right: float) -> None:
    """Margins in inches, so titles and legends keep their room whatever the figure height."""
    width, height = fig.get_size_inches()
    fig.subplots_adjust(top=1 - top / height, bottom=bottom / height, left=left / width, right=1 - right / width)


