"""Month-by-month answers, worked out once so a date change is a lookup, not a query.

Each method gives what a succession.timeline (or charts) query gives; tests/test_explorers.py
checks that they agree, month by month.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import charts, timeline
from ..data import Tables
from .controls import MONTHS, check_month


@dataclass
class Member:
    person_id: str
    name: str
    status: str          # timeline.DATED, REFERENCE or IMPRECISE: the strongest of the person's claims
    roles: list[str]
    sources: list[str]   # texts
    claims: list[str]    # row ids
    references: list[str] = field(default_factory=list)


class MonthlyIndex:
    """Every row's status (timeline.status_in: dated, reference, imprecise or '') in every month."""

    def __init__(self, frame: pd.DataFrame):
        frame = frame.reset_index(drop=True)
        self.rows = list(frame.itertuples(index=False))
        self.status = {month: timeline.status_in(frame, month).to_numpy() for month in MONTHS}

    def on(self, month: str) -> list[tuple[object, str]]:
        status = self.status[check_month(month)]
        return [(self.rows[i], status[i]) for i in np.flatnonzero(status != "")]


def _rank(status: str) -> int:
    return timeline.STATUS_ORDER.get(status, 9)


def strongest(claims, role_field: str, id_field: str, names: dict, sources: dict) -> list[Member]:
    """One Member per person from (row, status) claims, with the strongest status (as
    timeline.members_on: dated, then reference, then imprecise), ordered as it orders them."""
    found: dict[str, Member] = {}
    for row, status in claims:
        person = row.person_id
        member = found.setdefault(person, Member(person, names.get(person, person), status, [], [], []))
        if _rank(status) < _rank(member.status):
            member.status = status
        member.roles.append(getattr(row, role_field))
        member.sources += [s for s in sources.get(getattr(row, id_field), "").split("; ") if s]
        member.claims.append(getattr(row, id_field))
        reference = getattr(row, "reference", "")
        if isinstance(reference, str) and reference:
            member.references.append(reference)
    for member in found.values():
        member.roles, member.sources = sorted(set(member.roles)), sorted(set(member.sources))
        member.references = sorted(set(member.references))
    return sorted(found.values(), key=lambda m: (_rank(m.status), m.person_id))


class EvidenceIndex:
    """The month-by-month answers the explorers need, from the tables, precomputed for speed."""

    def __init__(self, tables: Tables):
        self.tables = tables
        self.names = dict(zip(tables.people["person_id"], tables.people["name"]))
        self.kinds = dict(zip(tables.factions["faction_id"], tables.factions["kind"]))
        self.faction_names = dict(zip(tables.factions["faction_id"], tables.factions["name"]))
        memberships = tables.affiliations[~tables.affiliations["role"].isin(timeline.NOT_MEMBERSHIP)]
        self.affiliations = MonthlyIndex(memberships)
        self.affiliation_sources = timeline.sources_by_record("affiliations", tables).to_dict()
        self._seats: dict[tuple[str, str], charts.Seating] = {}
        self._bodies: dict[str, BodyMonths] = {}
        events = tables.events
        centre = events["start_earliest"] + (events["end_latest"] - events["start_earliest"]) / 2
        self.event_centres = centre.to_numpy(dtype="datetime64[ns]")
        self.event_starts = events["start_earliest"].to_numpy(dtype="datetime64[ns]")

    def members_by_faction(self, month: str) -> dict[str, list[Member]]:
        """faction_id -> members, as timeline.members_on gives them."""
        claims: dict[str, list] = {}
        for row, status in self.affiliations.on(month):
            claims.setdefault(row.faction_id, []).append((row, status))
        order = list(self.tables.factions["faction_id"])
        return {faction: strongest(claims[faction], "role", "affiliation_id", self.names, self.affiliation_sources)
                for faction in sorted(claims, key=lambda f: order.index(f) if f in order else len(order))}

    def alignments(self, month: str) -> dict[str, tuple[str, str, list[str]]]:
        """person_id -> (faction shown, status, every faction), as timeline.alignments_on gives them."""
        ranked = sorted(self.affiliations.on(month), key=lambda claim: (
            claim[0].person_id, _rank(claim[1]),
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

    def seats(self, body: str, month: str) -> charts.Seating:
        """As charts.seats_on(body, month): looked up in BodyMonths, then remembered."""
        key = (body, check_month(month))
        if key not in self._seats:
            if body not in self._bodies:
                self._bodies[body] = BodyMonths(body, self.tables)
            frame, claims = self._bodies[body].on(month)
            aligned = {p: a[0] for p, a in self.alignments(month).items()}
            self._seats[key] = charts.arrange_seats(
                body, month, frame, claims, aligned,
                lambda candidates: timeline.body_size_on(body, month, candidates, self.tables))
        return self._seats[key]

    def events_near(self, month: str, count: int = 5) -> list[int]:
        """Row numbers of the events nearest a month, in date order, as timeline.events_near."""
        first, last = timeline.period(month)
        middle = (first + (last - first) / 2).to_datetime64()
        distance = np.abs(self.event_centres - middle)
        nearest = np.argsort(distance, kind="stable")[:count]
        return [int(i) for i in sorted(nearest, key=lambda i: self.event_starts[i])]


FAR = pd.Timestamp("2100-01-01")          # an end no reference gives (dates.py's "no bound")
SEAT_COLUMNS = ["person_id", "name", "seat", "status", "reference", "mentioned_by"]
CLAIM_COLUMNS = ["claim_id", "person_id", "name", "seat", "when", "status", "sources", "agrees", "standard"]


class BodyMonths:
    """timeline.seats_on and timeline.text_claims_on for one body, every month, from arrays
    worked out once (the same rules; tests/test_explorers.py checks they agree)."""

    def __init__(self, body: str, tables: Tables):
        bodies = tables.bodies[tables.bodies["body"] == body]
        names = dict(zip(tables.people["person_id"], tables.people["name"]))
        sources = timeline.sources_by_record("bodies", tables).to_dict()
        reference = bodies[bodies["basis"] == "reference"].reset_index(drop=True)
        texts = bodies[bodies["basis"] == "text"].reset_index(drop=True)
        self.reference = reference.assign(name=reference["person_id"].map(names))
        self.ref_bounds = {c: reference[c].to_numpy(dtype="datetime64[ns]")
                           for c in ("start_latest", "end_earliest", "end_latest")}
        self.mentions = MonthlyIndex(texts)             # seats_on: the texts' rows, bounds as closed
        stated = texts.assign(**{c.removeprefix("stated_"): texts[c] for c in texts.columns
                                 if c.startswith("stated_")})
        self.claims = MonthlyIndex(stated)              # text_claims_on: each text's own bounds
        self.sources = {row.membership_id: sources.get(row.membership_id, "") for row in texts.itertuples()}
        self.names = names

    def on(self, month: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        first, last = timeline.period(month)
        first64, last64, far = first.to_datetime64(), last.to_datetime64(), FAR.to_datetime64()
        sl, ee, el = self.ref_bounds["start_latest"], self.ref_bounds["end_earliest"], self.ref_bounds["end_latest"]
        in_force = (sl <= last64) & ((ee > last64) | (el >= far))
        if not in_force.any():
            frame = pd.DataFrame(columns=SEAT_COLUMNS)
        else:
            mentioned: dict[str, set] = {}
            for row, _ in self.mentions.on(month):
                mentioned.setdefault(row.person_id, set()).update(
                    part for part in self.sources[row.membership_id].split("; ") if part)
            rows = self.reference[in_force]
            frame = pd.DataFrame({"person_id": rows["person_id"], "name": rows["name"], "seat": rows["status"],
                                  "status": timeline.REFERENCE, "reference": rows["reference"],
                                  "mentioned_by": [sorted(mentioned.get(p, ())) for p in rows["person_id"]]})
            frame = frame.assign(order=frame["seat"].map(timeline.SEAT_ORDER)).sort_values(["order", "name"])
            frame = frame[SEAT_COLUMNS].reset_index(drop=True)
        return frame, self._claims(month, first64, last64, far)

    def _claims(self, month, first64, last64, far) -> pd.DataFrame:
        found = self.claims.on(month)
        if not found:
            return pd.DataFrame(columns=CLAIM_COLUMNS)
        sl, ee, el = self.ref_bounds["start_latest"], self.ref_bounds["end_earliest"], self.ref_bounds["end_latest"]
        in_period = (sl <= last64) & ((ee > first64) | (el >= far))
        held: dict[str, set] | None = None
        if in_period.any():
            held = {}
            for person, seat in zip(self.reference.loc[in_period, "person_id"], self.reference.loc[in_period, "status"]):
                held.setdefault(person, set()).add(seat)

        def agrees(person, seat):
            if held is None:
                return None
            wanted = timeline.bodies.TEXT_SEAT.get(seat, seat)
            has = held.get(person, set())
            return bool(has) if wanted is None else wanted in has

        def standard(person):
            if held is None:
                return "no standard list in the evidence base"
            has = held.get(person)
            return " and ".join(sorted(has, key=timeline.SEAT_ORDER.get)) if has else "no seat"

        rows = [(row.membership_id, row.person_id, self.names.get(row.person_id), row.status, row.when, status,
                 self.sources[row.membership_id], agrees(row.person_id, row.status), standard(row.person_id))
                for row, status in found]
        claims = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
        return claims.sort_values(["person_id", "claim_id"]).reset_index(drop=True)
