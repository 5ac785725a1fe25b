"""Who stood in which faction, when: members_on, factions_on, alignments_on, person_path."""
from __future__ import annotations

import pandas as pd

from ..data import Tables, load
from .sources import sources_of
from .status import DATED, IMPRECISE, REFERENCE, STATUS_ORDER, status_in

# A recantation is a dated act of leaving, not a membership.
NOT_MEMBERSHIP = {"recanted"}
# Which faction a person is shown in when they stood in several at once: the narrower grouping.
KIND_PRIORITY = {"opposition": 0, "leadership_group": 1, "tendency": 2, "majority": 3}
MEMBER_COLUMNS = ["person_id", "name", "status", "roles", "sources", "reference", "claims"]


def _join(values) -> str:
    return "; ".join(sorted({part for value in values for part in str(value).split("; ") if part}))


def summarise(rows: pd.DataFrame, id_column: str, role_column: str, tables: Tables) -> pd.DataFrame:
    """One row per person from claims with a status: the strongest status, every role,
    every text that backs a claim, every reference, every claim id."""
    if rows.empty:
        return pd.DataFrame(columns=MEMBER_COLUMNS)
    rows = rows.assign(sources=sources_of(rows[id_column], rows.attrs.get("table", ""), tables)
                       if "sources" not in rows.columns else rows["sources"],
                       rank=rows["status"].map(STATUS_ORDER))
    rows = rows.sort_values(["rank", id_column], kind="stable")
    grouped = rows.groupby("person_id", sort=False)
    summary = grouped.agg(status=("status", "first"),
                          roles=(role_column, lambda r: ", ".join(sorted(set(r)))),
                          sources=("sources", _join),
                          reference=("reference", _join),
                          claims=(id_column, lambda ids: ", ".join(ids))).reset_index()
    names = tables.people.set_index("person_id")["name"]
    summary["name"] = summary["person_id"].map(names)
    summary = summary.assign(rank=summary["status"].map(STATUS_ORDER))
    return summary.sort_values(["rank", "person_id"])[MEMBER_COLUMNS].reset_index(drop=True)


def memberships(tables: Tables) -> pd.DataFrame:
    """Affiliation rows that are memberships (not recantations)."""
    rows = tables.affiliations[~tables.affiliations["role"].isin(NOT_MEMBERSHIP)]
    rows.attrs["table"] = "affiliations"
    return rows


def members_on(faction_id: str, when, tables: Tables | None = None) -> pd.DataFrame:
    """Who belonged to a faction in a period: person_id, name, status (dated, reference or
    imprecise), roles, sources (texts), reference, claims (row ids)."""
    tables = tables or load()
    if faction_id not in set(tables.factions["faction_id"]):
        raise KeyError(f"unknown faction {faction_id!r}; known: {', '.join(tables.factions['faction_id'])}")
    rows = memberships(tables)
    rows = rows[rows["faction_id"] == faction_id]
    rows = rows.assign(status=status_in(rows, when))
    rows = rows[rows["status"] != ""]
    rows.attrs["table"] = "affiliations"
    return summarise(rows, "affiliation_id", "role", tables)


def factions_on(when, tables: Tables | None = None) -> dict[str, dict[str, list[str]]]:
    """faction_id -> {status: [names]} (dated, reference, imprecise) for every faction with anyone in it."""
    tables = tables or load()
    result = {}
    for faction_id in tables.factions["faction_id"]:
        members = members_on(faction_id, when, tables)
        if len(members):
            result[faction_id] = {status: members.loc[members["status"] == status, "name"].tolist()
                                  for status in (DATED, REFERENCE, IMPRECISE)}
    return result


def alignments_on(when, tables: Tables | None = None) -> pd.DataFrame:
    """Each person's faction in a period: person_id, faction_id (the one shown), status, factions.

    A person may stand in several groupings at once (the Troika and the majority); the one
    shown is the strongest status first, then the narrower kind (opposition before majority).
    """
    tables = tables if tables is not None else load()
    rows = memberships(tables)
    rows = rows.assign(status=status_in(rows, when))
    rows = rows[rows["status"] != ""]
    columns = ["person_id", "faction_id", "status", "factions"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    kinds = tables.factions.set_index("faction_id")["kind"]
    names = tables.factions.set_index("faction_id")["name"]
    rows = rows.assign(status_rank=rows["status"].map(STATUS_ORDER),
                       kind_rank=rows["faction_id"].map(kinds).map(KIND_PRIORITY).fillna(9))
    rows = rows.sort_values(["person_id", "status_rank", "kind_rank", "start_earliest"],
                            ascending=[True, True, True, False], kind="stable")
    everything = rows.groupby("person_id")["faction_id"].agg(
        lambda ids: "; ".join(dict.fromkeys(names.get(i, i) for i in ids)))
    chosen = rows.drop_duplicates("person_id")[["person_id", "faction_id", "status"]]
    chosen["factions"] = chosen["person_id"].map(everything)
    return chosen.reset_index(drop=True)


def person_path(person_id: str, tables: Tables | None = None) -> pd.DataFrame:
    """A person's affiliations in order: faction, role, when, bounds, basis, sources, reference."""
    tables = tables or load()
    if person_id not in set(tables.people["person_id"]):
        raise KeyError(f"unknown person {person_id!r}")
    rows = tables.affiliations[tables.affiliations["person_id"] == person_id]
    names = tables.factions.set_index("faction_id")["name"]
    rows = rows.assign(faction=rows["faction_id"].map(names),
                       sources=sources_of(rows["affiliation_id"], "affiliations", tables))
    return rows.sort_values(["start_earliest", "end_latest"])[
        ["affiliation_id", "faction_id", "faction", "role", "when", "start_earliest", "start_latest",
         "end_earliest", "end_latest", "basis", "sources", "reference", "closed_by", "note"]
    ].reset_index(drop=True)
