"""Questions about dates and people, answered from the evidence base.

Every "on this date" query takes a day ("1926-10-15") or a month ("1926-10") and
separates what the texts make certain from what they leave possible:

- certain: every text-supported bound puts the row across the whole period asked;
- possible: the row may overlap the period, but the texts do not settle it.

A membership whose end the texts do not give is possible after its start, never
certain; so a person attested only in 1923 is not shown as a member in 1927.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .data import Tables, load

CERTAIN, POSSIBLE = "certain", "possible"
# A recantation is a dated act of leaving, not a membership.
NOT_MEMBERSHIP = {"recanted"}
# Which faction a person is shown in when they stood in several at once: the narrower grouping.
KIND_PRIORITY = {"opposition": 0, "leadership_group": 1, "tendency": 2, "majority": 3}


def period(when: str | dt.date | pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a day, a month ("1926-10") or a year ("1926")."""
    if isinstance(when, (dt.date, pd.Timestamp)):
        day = pd.Timestamp(when)
        return day, day
    text = str(when).strip()
    try:
        parts = [int(part) for part in text.split("-")]
        if len(parts) == 1:
            return pd.Timestamp(parts[0], 1, 1), pd.Timestamp(parts[0], 12, 31)
        if len(parts) == 2:
            first = pd.Timestamp(parts[0], parts[1], 1)
            return first, first + pd.offsets.MonthEnd(0)
        if len(parts) == 3:
            day = pd.Timestamp(*parts)
            return day, day
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD, e.g. 1926-10")


def status_in(frame: pd.DataFrame, when) -> pd.Series:
    """For each row: 'certain', 'possible' or '' (not in the period)."""
    first, last = period(when)
    certain = (frame["start_latest"] <= first) & (frame["end_earliest"] >= last)
    possible = (frame["start_earliest"] <= last) & (frame["end_latest"] >= first)
    status = pd.Series("", index=frame.index, dtype="object")
    status[possible] = POSSIBLE
    status[certain] = CERTAIN
    return status


def sources_by_record(table: str, tables: Tables | None = None) -> pd.Series:
    """record_id -> the source ids whose quotes back it, '; '-joined."""
    tables = tables or load()
    evidence = tables.evidence[tables.evidence["table"] == table]
    return evidence.groupby("record_id")["source_id"].agg(lambda ids: "; ".join(sorted(set(ids))))


def sources_of(ids: pd.Series, table: str, tables: Tables) -> pd.Series:
    """For each record id, the source ids whose quotes back it ('' where none do)."""
    found = sources_by_record(table, tables).to_dict()
    return ids.map(lambda record_id: found.get(record_id, ""))


def _strongest(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per key, certain before possible, with every supporting claim gathered."""
    rows = rows.assign(rank=rows["status"].map({CERTAIN: 0, POSSIBLE: 1}))
    grouped = rows.sort_values(["rank", key]).groupby(key, sort=False)
    summary = grouped.agg(status=("status", "first"), roles=("role", lambda r: ", ".join(sorted(set(r)))),
                          sources=("sources", lambda s: "; ".join(sorted({x for v in s for x in v.split("; ") if x}))),
                          claims=("claim_id", lambda ids: ", ".join(ids)))
    return summary.reset_index()


def members_on(faction_id: str, when, tables: Tables | None = None) -> pd.DataFrame:
    """Who belonged to a faction in a period: person_id, name, status, roles, sources, claims."""
    tables = tables or load()
    if faction_id not in set(tables.factions["faction_id"]):
        raise KeyError(f"unknown faction {faction_id!r}; known: {', '.join(tables.factions['faction_id'])}")
    rows = tables.affiliations[(tables.affiliations["faction_id"] == faction_id)
                               & ~tables.affiliations["role"].isin(NOT_MEMBERSHIP)]
    return _members(rows, "affiliation_id", "affiliations", when, tables)


def _members(rows: pd.DataFrame, id_column: str, table: str, when, tables: Tables) -> pd.DataFrame:
    columns = ["person_id", "name", "status", "roles", "sources", "claims"]
    rows = rows.assign(status=status_in(rows, when)) if len(rows) else rows.assign(status=pd.Series(dtype="object"))
    rows = rows[rows["status"] != ""]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    role_column = "role" if "role" in rows.columns else "status_seat"
    rows = rows.assign(sources=sources_of(rows[id_column], table, tables),
                       claim_id=rows[id_column], role=rows[role_column])
    summary = _strongest(rows, "person_id")
    names = tables.people.set_index("person_id")["name"]
    summary["name"] = summary["person_id"].map(names)
    return summary.sort_values(["status", "person_id"])[columns].reset_index(drop=True)


def factions_on(when, tables: Tables | None = None) -> dict[str, dict[str, list[str]]]:
    """faction_id -> {'certain': [names], 'possible': [names]} for every faction with anyone in it."""
    tables = tables or load()
    result = {}
    for faction_id in tables.factions["faction_id"]:
        members = members_on(faction_id, when, tables)
        if len(members):
            result[faction_id] = {status: members.loc[members["status"] == status, "name"].tolist()
                                  for status in (CERTAIN, POSSIBLE)}
    return result


def person_path(person_id: str, tables: Tables | None = None) -> pd.DataFrame:
    """A person's affiliations in order: faction, role, when, bounds and sources."""
    tables = tables or load()
    if person_id not in set(tables.people["person_id"]):
        raise KeyError(f"unknown person {person_id!r}")
    rows = tables.affiliations[tables.affiliations["person_id"] == person_id]
    names = tables.factions.set_index("faction_id")["name"]
    rows = rows.assign(faction=rows["faction_id"].map(names),
                       sources=sources_of(rows["affiliation_id"], "affiliations", tables))
    return rows.sort_values(["start_earliest", "end_latest"])[
        ["affiliation_id", "faction_id", "faction", "role", "when", "start_earliest", "start_latest",
         "end_earliest", "end_latest", "sources", "note"]].reset_index(drop=True)


def body_members_on(body: str, when, tables: Tables | None = None) -> pd.DataFrame:
    """The named members of a party body in a period, certain and possible, with their seats."""
    tables = tables or load()
    rows = tables.bodies[tables.bodies["body"] == body].rename(columns={"status": "status_seat"})
    return _members(rows, "membership_id", "bodies", when, tables)


def events_near(when, count: int = 5, tables: Tables | None = None) -> pd.DataFrame:
    """The events closest to a date (by the middle of their possible span), with their sources."""
    tables = tables or load()
    first, last = period(when)
    middle = first + (last - first) / 2
    events = tables.events
    centre = events["start_earliest"] + (events["end_latest"] - events["start_earliest"]) / 2
    distance = (centre - middle).abs()
    nearest = events.assign(distance=distance).nsmallest(count, "distance")
    nearest = nearest.assign(sources=sources_of(nearest["event_id"], "events", tables))
    return nearest.sort_values("start_earliest")[["event_id", "when", "title", "category", "sources", "basis"]
                                                 ].reset_index(drop=True)


def events_between(first, last, tables: Tables | None = None) -> pd.DataFrame:
    """Events that may fall between two dates, in order."""
    tables = tables or load()
    start, end = period(first)[0], period(last)[1]
    events = tables.events
    chosen = events[(events["start_earliest"] <= end) & (events["end_latest"] >= start)]
    return chosen.sort_values("start_earliest").reset_index(drop=True)


def figures_by(counts: str | None = None, source_id: str | None = None,
               tables: Tables | None = None) -> pd.DataFrame:
    """Figures, optionally only those counting one thing or given by one text."""
    tables = tables or load()
    figures = tables.figures
    if counts is not None:
        figures = figures[figures["counts"] == counts]
    if source_id is not None:
        figures = figures[figures["source_id"] == source_id]
    return figures.reset_index(drop=True)


def evidence_for(table: str, record_id: str, tables: Tables | None = None) -> pd.DataFrame:
    """The quotes that back one row: source, locator, speaker, quote."""
    tables = tables or load()
    evidence = tables.evidence
    found = evidence[(evidence["table"] == table) & (evidence["record_id"] == record_id)]
    return found[["source_id", "seed_file", "locator", "speaker", "quote"]].reset_index(drop=True)


def cite(table: str, record_id: str, tables: Tables | None = None) -> str:
    """A short citation for a row, e.g. 'cliff (ch. 16): "the quote"'."""
    rows = evidence_for(table, record_id, tables)
    if rows.empty:
        return "(no text: see the row's reference)"
    return "; ".join(f'{r.source_id} ({r.locator}), {r.speaker}: "{r.quote}"' for r in rows.itertuples())


def alignments_on(when, tables: Tables | None = None) -> pd.DataFrame:
    """Each person's faction in a period: person_id, faction_id (the one shown), status, factions.

    A person may stand in several groupings at once (the Troika and the majority); the one
    shown is certain before possible, then the narrower kind (opposition before majority).
    """
    tables = tables if tables is not None else load()
    rows = tables.affiliations[~tables.affiliations["role"].isin(NOT_MEMBERSHIP)]
    rows = rows.assign(status=status_in(rows, when))
    rows = rows[rows["status"] != ""]
    columns = ["person_id", "faction_id", "status", "factions"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    kinds = tables.factions.set_index("faction_id")["kind"]
    names = tables.factions.set_index("faction_id")["name"]
    rows = rows.assign(status_rank=(rows["status"] != CERTAIN).astype(int),
                       kind_rank=rows["faction_id"].map(kinds).map(KIND_PRIORITY).fillna(9))
    rows = rows.sort_values(["person_id", "status_rank", "kind_rank", "start_earliest"],
                            ascending=[True, True, True, False], kind="stable")
    everything = rows.groupby("person_id")["faction_id"].agg(
        lambda ids: "; ".join(dict.fromkeys(names.get(i, i) for i in ids)))
    chosen = rows.drop_duplicates("person_id")[["person_id", "faction_id", "status"]]
    chosen["factions"] = chosen["person_id"].map(everything)
    return chosen.reset_index(drop=True)


@dataclass(frozen=True)
class BodySize:
    low: int
    high: int
    figure_id: str
    when: str
    source_id: str
    speaker: str

    def text(self) -> str:
        return f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"


def size_figures(body: str, candidates: bool = False, tables: Tables | None = None) -> pd.DataFrame:
    """The body_size figures for this body: of its members, or of its candidate members."""
    tables = tables if tables is not None else load()
    figures = tables.figures[tables.figures["counts"] == "body_size"]
    of_candidates = figures["description"].str.lower().str.contains("candidate")
    return figures[(figures["body"] == body) & (of_candidates == candidates)]


def body_size_on(body: str, when, candidates: bool = False, tables: Tables | None = None) -> BodySize | None:
    """The size figures.csv gives for a body in a period (counts=body_size), or None.
    Certain before possible; among equals, the one that starts latest."""
    figures = size_figures(body, candidates, tables)
    figures = figures.assign(status=status_in(figures, when))
    figures = figures[figures["status"] != ""]
    if figures.empty:
        return None
    best = figures.assign(rank=(figures["status"] != CERTAIN).astype(int)).sort_values(
        ["rank", "start_earliest"], ascending=[True, False], kind="stable").iloc[0]
    return make_body_size(best)


def make_body_size(row) -> BodySize:
    low = row["value_low"]
    high = row["value_high"] if pd.notna(row["value_high"]) else low
    return BodySize(int(low), int(high), row["figure_id"], row["when"], row["source_id"], row["speaker"])
