"""Events, figures and the party's size: events_between, events_near, figures_by, party_size."""
from __future__ import annotations

import pandas as pd

from ..data import Tables, load
from ..dates import in_words
from .sources import sources_of
from .status import period

EVENT_COLUMNS = ["event_id", "when", "in_words", "title", "category", "description", "basis", "reference",
                 "sources", "start_earliest", "start_latest", "end_earliest", "end_latest"]


def _with_sources(events: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    return events.assign(sources=sources_of(events["event_id"], "events", tables),
                         in_words=events["when"].map(in_words))


def events_near(when, count: int = 5, tables: Tables | None = None) -> pd.DataFrame:
    """The events closest to a date (by the middle of their possible span), with their sources."""
    tables = tables or load()
    first, last = period(when)
    middle = first + (last - first) / 2
    events = tables.events
    centre = events["start_earliest"] + (events["end_latest"] - events["start_earliest"]) / 2
    distance = (centre - middle).abs()
    nearest = _with_sources(events.assign(distance=distance).nsmallest(count, "distance"), tables)
    return nearest.sort_values("start_earliest")[
        ["event_id", "when", "in_words", "title", "category", "sources", "basis", "reference"]].reset_index(drop=True)


def events_between(first, last, tables: Tables | None = None, basis: str | None = None) -> pd.DataFrame:
    """Events that may fall between two dates, in order, each with its basis (text or
    reference), its reference, the texts that back it and its date in words.
    basis="text" or basis="reference" keeps only that layer."""
    tables = tables or load()
    start, end = period(first)[0], period(last)[1]
    events = tables.events
    chosen = events[(events["start_earliest"] <= end) & (events["end_latest"] >= start)]
    if basis is not None:
        if basis not in ("text", "reference"):
            raise ValueError(f"basis {basis!r}: expected 'text' or 'reference'")
        chosen = chosen[chosen["basis"] == basis]
    chosen = _with_sources(chosen, tables)
    return chosen.sort_values("start_earliest")[EVENT_COLUMNS].reset_index(drop=True)


def figures_by(counts: str | None = None, source_id: str | None = None,
               tables: Tables | None = None) -> pd.DataFrame:
    """Figures, optionally only those counting one thing or given by one text.
    An empty value_high means "at least value_low" (a vague plural such as "thousands")."""
    tables = tables or load()
    figures = tables.figures
    if counts is not None:
        figures = figures[figures["counts"] == counts]
    if source_id is not None:
        figures = figures[figures["source_id"] == source_id]
    return figures.reset_index(drop=True)


def party_size(tables: Tables | None = None) -> pd.DataFrame:
    """The party's size as standard histories state it, in date order: when, date (Timestamp),
    full_members, candidates, total, reference. Blank where a reference gives no number."""
    tables = tables or load()
    sizes = tables.party_size
    result = sizes.assign(date=sizes["start_earliest"])
    return result.sort_values("date")[["when", "date", "full_members", "candidates", "total", "reference",
                                       "note"]].reset_index(drop=True)
