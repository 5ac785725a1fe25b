"""A lesson's opening timeline: its dated events in order, the standard history's and the
texts' told apart by a mark and a word, each date in words; and the same as text.

    charts.events_timeline("1923-10", "1924-05")   # a picture with alt text
    charts.events_text("1923-10", "1924-05")       # the same, as a list a student reads
"""
from __future__ import annotations

import html
import textwrap

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.patches import Patch

from .. import timeline
from ..data import Tables
from ..dates import in_words
from ..style import (CHART_WIDTH, DATED, IMPRECISE, IMPRECISE_HATCH, INK, MARKS, MIN_POINTS, REFERENCE,
                     add_source_line, figure_context, status_tag, status_words)
from .common import _tables
from .display import ChartFigure

ROW_INCHES = 0.62        # a line of text above its mark
TITLE_CHARS = 70
EXACT_DAYS = 40          # a span longer than this is drawn as a span, not a point


def _period(first, last) -> tuple[pd.Timestamp, pd.Timestamp]:
    start, _ = timeline.period(first)
    _, end = timeline.period(last)
    if end < start:
        raise ValueError(f"the timeline runs from {first!r} to {last!r}: the first date must come before the last")
    return start, end


def event_status(row) -> str:
    """REFERENCE for the standard history's events; for the texts', DATED when the text dates it
    to within about a month, IMPRECISE when its date is vague."""
    if row.basis in ("reference", "external"):
        return REFERENCE
    return DATED if row.end_latest - row.start_earliest <= pd.Timedelta(days=EXACT_DAYS) else IMPRECISE


def lesson_events(first, last, tables: Tables | None = None) -> pd.DataFrame:
    """timeline.events_between with each event's status and date in words (the picture's rows)."""
    tables = _tables(tables)
    _period(first, last)
    events = timeline.events_between(first, last, tables)
    if "in_words" not in events:
        events = events.assign(in_words=events["when"])
    return events.assign(status=[event_status(row) for row in events.itertuples()]).reset_index(drop=True)


def events_timeline(first, last, tables: Tables | None = None) -> ChartFigure:
    """The events between two dates ('1923-10', '1924-05'), one row each in date order:
    a filled square for a standard history's date, a dot for a text's exact date, a hatched
    bar across a text's vague span; the label gives the date in words and the event."""
    start, end = _period(first, last)
    events = lesson_events(first, last, tables)
    with figure_context():
        top, bottom = 0.85, 1.35
        height = top + bottom + ROW_INCHES * max(len(events), 1)
        fig = ChartFigure(figsize=(CHART_WIDTH, height))
        ax = fig.add_axes((0.03, bottom / height, 0.94, ROW_INCHES * max(len(events), 1) / height))
        span = f"{_words(first)} to {_words(last)}"
        fig.suptitle(f"What happened, {span}", x=0.01, y=1 - 0.1 / height, ha="left", va="top")
        x0, x1 = mdates.date2num(start.to_pydatetime()), mdates.date2num(end.to_pydatetime())
        width = x1 - x0
        ax.set_xlim(x0 - width * 0.02, x1 + width * 0.02)
        ax.set_ylim(len(events) - 0.5, -0.55)
        for y, row in enumerate(events.itertuples()):
            a = mdates.date2num(max(row.start_earliest, start).to_pydatetime())
            b = mdates.date2num(min(row.end_latest, end).to_pydatetime())
            middle, mark_y = (a + b) / 2, y + 0.2
            if row.status == IMPRECISE:
                ax.broken_barh([(a, max(b - a, 1))], (mark_y - 0.15, 0.3), facecolors="white", edgecolors=INK,
                               hatch=IMPRECISE_HATCH, linewidth=1.2)
            elif row.status == REFERENCE:
                if b - a > EXACT_DAYS:
                    ax.plot([a, b], [mark_y, mark_y], color=INK, linewidth=3)
                ax.plot([middle], [mark_y], marker="s", markersize=10, color=INK, linestyle="none")
            else:
                ax.plot([middle], [mark_y], marker="o", markersize=10, markerfacecolor="white", markeredgecolor=INK,
                        markeredgewidth=2.5, linestyle="none")
            # The words sit above the mark, from the left edge: they never run off the picture.
            label = f"{row.in_words}: {textwrap.shorten(row.title, TITLE_CHARS, placeholder='…')}"
            ax.text(0.0, y - 0.05, label, transform=ax.get_yaxis_transform(), ha="left", va="bottom",
                    fontsize=MIN_POINTS, color=INK)
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.grid(axis="x", color="#e5e5e5")
        ax.set_axisbelow(True)
        if events.empty:
            ax.text(0.5, 0.5, "No events recorded for these dates", transform=ax.transAxes, ha="center")
        key = [
            ax.plot([], [], marker="s", markersize=10, color=INK, linestyle="none",
                    label=f"{status_words(REFERENCE)} (the date standard histories give)")[0],
            ax.plot([], [], marker="o", markersize=10, markerfacecolor="white", markeredgecolor=INK,
                    markeredgewidth=2.5, linestyle="none", label=f"{status_words(DATED)} (a text's own date)")[0],
        ]
        key.append(Patch(facecolor="white", edgecolor=INK, hatch=IMPRECISE_HATCH,
                         label=f"{status_words(IMPRECISE)} (the span a text's vague date allows)"))
        fig.legend(handles=key, loc="lower left", bbox_to_anchor=(0.01, 0.32 / height), ncol=1, frameon=False,
                   borderaxespad=0)
        add_source_line(fig, "Source: events.csv: standard histories (references.csv) and the four texts.")
        fig.describe(f"Timeline of {len(events)} events, {span}: " +
                     "; ".join(f"{row.in_words}, {row.title} ({status_words(row.status)})"
                               for row in events.itertuples()) + ".",
                     f"The events of {span} in order. A black square is a date from the standard histories, "
                     "an open dot a date one of the texts gives, a hatched bar the span a text's vague date "
                     "allows. The list below says the same in words.")
    return fig


def _words(when) -> str:
    return in_words(str(when))


class EventsText:
    """A lesson's events as text: an ordered list in HTML, plain lines as str()."""

    def __init__(self, events: pd.DataFrame, span: str):
        self.events, self.span = events, span

    def __str__(self) -> str:
        lines = [f"What happened, {self.span}:"]
        for row in self.events.itertuples():
            lines.append(f"- {row.in_words}: {row.title} ({MARKS[row.status]} {status_words(row.status)}; "
                         f"{_where(row)})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        items = "".join(
            f'<li data-event="{html.escape(row.event_id)}"><b>{html.escape(row.in_words)}</b>: '
            f"{html.escape(row.title)} {status_tag(row.status)} "
            f'<small style="color:#444">({html.escape(_where(row))})</small></li>'
            for row in self.events.itertuples())
        return (f'<div class="events-text"><p><b>What happened, {html.escape(self.span)}</b> '
                f"(the timeline above, in words)</p><ol>{items or '<li>No events recorded.</li>'}</ol></div>")


def _where(row) -> str:
    if row.status == REFERENCE:
        return f"reference: {row.reference or 'not given'}"
    sources = getattr(row, "sources", "") or ""
    return f"texts: {sources}" if sources else "texts"


def events_text(first, last, tables: Tables | None = None) -> EventsText:
    """The events of events_timeline(first, last), as a list with dates in words."""
    return EventsText(lesson_events(first, last, tables), f"{_words(first)} to {_words(last)}")
