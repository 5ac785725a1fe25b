"""Month-by-month answers, worked out once so a date change is a lookup, not a query."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import charts, timeline
from ..data import Tables
from .controls import MONTHS, check_month

# --- Month-by-month answers, looked up rather than queried ----------------------------------

@dataclass
class Member:
    person_id: str
    name: str
    status: str          # certain or possible
    roles: list[str]
    sources: list[str]
    claims: list[str]


class MonthlyIndex:
    """Every row's status ('certain', 'possible' or '') in every month of the period, worked out
    once with timeline.status_in, so a date change is a lookup rather than a query."""

    def __init__(self, frame: pd.DataFrame):
        frame = frame.reset_index(drop=True)
        self.rows = list(frame.itertuples(index=False))
        self.status = {month: timeline.status_in(frame, month).to_numpy() for month in MONTHS}

    def on(self, month: str) -> list[tuple[object, str]]:
        status = self.status[check_month(month)]
        return [(self.rows[i], status[i]) for i in np.flatnonzero(status != "")]


def strongest(claims, role_field: str, id_field: str, names: dict, sources: dict) -> list[Member]:
    """One Member per person from (row, status) claims: certain if any claim is (as timeline.members_on)."""
    found: dict[str, Member] = {}
    for row, status in claims:
        person = row.person_id
        member = found.setdefault(person, Member(person, names.get(person, person), status, [], [], []))
        if status == timeline.CERTAIN:
            member.status = timeline.CERTAIN
        member.roles.append(getattr(row, role_field))
        member.sources += [s for s in sources.get(getattr(row, id_field), "").split("; ") if s]
        member.claims.append(getattr(row, id_field))
    for member in found.values():
        member.roles, member.sources = sorted(set(member.roles)), sorted(set(member.sources))
    return sorted(found.values(), key=lambda m: (m.status, m.name))


class EvidenceIndex:
    """The month-by-month answers the explorers need, from the tables, precomputed for speed.

    Each method gives what a timeline.py (or charts.py) query gives; tests/test_explorers.py
    checks that they agree for every month.
    """

    def __init__(self, tables: Tables):
        self.tables = tables
        self.names = dict(zip(tables.people["person_id"], tables.people["name"]))
        self.kinds = dict(zip(tables.factions["faction_id"], tables.factions["kind"]))
        self.faction_names = dict(zip(tables.factions["faction_id"], tables.factions["name"]))
        memberships = tables.affiliations[~tables.affiliations["role"].isin(timeline.NOT_MEMBERSHIP)]
        self.affiliations = MonthlyIndex(memberships)
        self.affiliation_sources = timeline.sources_by_record("affiliations", tables).to_dict()
        self.body_sources = timeline.sources_by_record("bodies", tables).to_dict()
        self._bodies: dict[str, MonthlyIndex] = {}
        self._sizes: dict[tuple[str, bool], MonthlyIndex] = {}
        events = tables.events
        centre = events["start_earliest"] + (events["end_latest"] - events["start_earliest"]) / 2
        self.event_centres = centre.to_numpy(dtype="datetime64[ns]")
        self.event_starts = events["start_earliest"].to_numpy(dtype="datetime64[ns]")

    def members_by_faction(self, month: str) -> dict[str, list[Member]]:
        """faction_id -> members (certain first, then by name), as timeline.members_on gives them."""
        claims: dict[str, list] = {}
        for row, status in self.affiliations.on(month):
            claims.setdefault(row.faction_id, []).append((row, status))
        order = list(self.tables.factions["faction_id"])
        return {faction: strongest(claims[faction], "role", "affiliation_id", self.names, self.affiliation_sources)
                for faction in sorted(claims, key=lambda f: order.index(f) if f in order else len(order))}

    def alignments(self, month: str) -> dict[str, tuple[str, str, list[str]]]:
        """person_id -> (faction shown, status, every faction), as timeline.alignments_on gives them."""
        ranked = sorted(self.affiliations.on(month), key=lambda claim: (
            claim[0].person_id, claim[1] != timeline.CERTAIN,
            timeline.KIND_PRIORITY.get(self.kinds.get(claim[0].faction_id), 9), -claim[0].start_earliest.value))
        result: dict[str, tuple[str, str, list[str]]] = {}
        for row, status in ranked:
            if row.person_id not in result:
                result[row.person_id] = (row.faction_id, status, [])
            every = result[row.person_id][2]
            name = self.faction_names.get(row.faction_id, row.faction_id)
            if name not in every:
                every.append(name)
        return result

    def body_members(self, body: str, month: str) -> list[Member]:
        if body not in self._bodies:
            self._bodies[body] = MonthlyIndex(self.tables.bodies[self.tables.bodies["body"] == body])
        return strongest(self._bodies[body].on(month), "status", "membership_id", self.names, self.body_sources)

    def body_size(self, body: str, month: str, candidates: bool = False) -> timeline.BodySize | None:
        """As timeline.body_size_on."""
        key = (body, candidates)
        if key not in self._sizes:
            self._sizes[key] = MonthlyIndex(timeline.size_figures(body, candidates, self.tables))
        found = sorted(self._sizes[key].on(month),
                       key=lambda claim: (claim[1] != timeline.CERTAIN, -claim[0].start_earliest.value))
        return timeline.make_body_size(found[0][0]._asdict()) if found else None

    def seats(self, body: str, month: str) -> charts.Seating:
        """As charts.seats_on(body, month)."""
        aligned = self.alignments(month)
        members = [(m.name, m.person_id, m.status, m.roles) for m in self.body_members(body, month)]
        return charts.arrange_seats(body, month, members, {p: a[0] for p, a in aligned.items()},
                                    self.body_size(body, month), self.body_size(body, month, candidates=True))

    def events_near(self, month: str, count: int = 5) -> list[int]:
        """Row numbers of the events nearest a month, in date order, as timeline.events_near."""
        first, last = timeline.period(month)
        middle = (first + (last - first) / 2).to_datetime64()
        distance = np.abs(self.event_centres - middle)
        nearest = np.argsort(distance, kind="stable")[:count]
        return [int(i) for i in sorted(nearest, key=lambda i: self.event_starts[i])]


