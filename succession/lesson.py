"""One call at the top of each lesson, and the lesson's opening: the story's timeline.

    from succession.lesson import *     # setup, opening, the cards and ask
    tables = setup()
    opening("1923-09", "1925-01", ids=[...])

A lesson's cells that fetch or format evidence are collapsed in JupyterLab (cell metadata
jupyter.source_hidden); what a student sees is the timeline picture with its text version and
the cards (succession.cards) that later cells show.
"""
from __future__ import annotations

import pandas as pd

from .cards import (CardError, disagreement_card, epilogue_card, event_cards,  # noqa: F401
                    evidence_card, factions_card, figures_card, glossary_card, how_do_we_know,
                    plain_table, seats_card, source_extract, sources_card, views_card)
from .data import Tables, load
from .explorers.launcher import explore  # noqa: F401
from .practice import ask  # noqa: F401

__all__ = ["setup", "opening", "ask", "evidence_card", "disagreement_card", "event_cards",
           "plain_table", "how_do_we_know", "views_card", "source_extract", "figures_card",
           "glossary_card", "sources_card", "source_task", "epilogue_card", "factions_card",
           "seats_card", "under_the_hood", "explore"]


def setup() -> Tables:
    """Pictures inside the notebook, whole sentences in any table, and the evidence base."""
    try:
        from IPython import get_ipython
        shell = get_ipython()
        if shell is not None:
            shell.run_line_magic("matplotlib", "inline")
    except ImportError:  # outside Jupyter (tests, scripts) there is nothing to set up
        pass
    pd.set_option("display.max_colwidth", None)
    return load()


def opening(first: str, last: str, ids: list[str] | None = None, tables: Tables | None = None):
    """The lesson's events as a dated picture (standard history and texts told apart), then
    the same events as a list a student reads."""
    from IPython.display import HTML, display

    from . import charts
    tables = tables if tables is not None else load()
    draw = getattr(charts, "events_timeline", None)
    if draw is not None:
        figure = draw(first, last, tables=_only_events(ids, tables) if ids else tables)
        show = getattr(charts, "show", None)
        if show is not None:
            show(figure)
        else:
            display(figure)
    else:  # an older charts module: the list below still tells the story
        display(HTML("<p><i>The events of the lesson, in order:</i></p>"))
    display(event_cards(first, last, tables, ids))


def _only_events(ids: list[str], tables: Tables) -> Tables:
    """The tables with just the lesson's events and the standard histories' dating of them: the
    picture then shows what the list below it tells (and draws quickly)."""
    events = tables.events
    chosen = set(ids)
    if "same_as" in events.columns:
        chosen |= set(events.loc[events["event_id"].isin(ids), "same_as"].dropna())
    frames = {name: tables[name] for name in tables.names}
    frames["events"] = events[events["event_id"].isin(chosen)]
    return Tables(frames, tables.descriptor, tables.folder)


def source_task(extract_id: str, fallback: tuple[str, str], tables: Tables | None = None):
    """The source task's extract (60-150 words, with its provenance), once data/ holds it.

    Until the extract is merged into data/source_extracts.csv, the lesson shows the shorter
    evidence quote behind `fallback` (table, record id), so the lesson still runs.
    """
    tables = tables if tables is not None else load()
    try:
        return source_extract(extract_id, tables)
    except CardError:
        return evidence_card(*fallback, tables=tables)


def under_the_hood(frame: pd.DataFrame) -> pd.DataFrame:
    """For the optional cell: the raw table, for students who want the pandas behind a card."""
    return frame
