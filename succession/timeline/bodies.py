"""Party bodies and offices on a date: seats_on (the standard history, seat by seat),
text_claims_on (what each text says, and whether the standard history agrees), offices_on,
compositions, and the texts' own figures for a body's size."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..data import Tables, load
from .factions import memberships, summarise
from .sources import sources_of
from .status import DATED, REFERENCE, in_force_on, period, status_in

SEAT_ORDER = {"full": 0, "candidate": 1, "member": 2}
# The texts' seat words, as the reference layer's seats: None means "any seat".
TEXT_SEAT = {"full": "full", "candidate": "candidate", "general_secretary": "member", "secretary": "member",
             "member": "member", "member_unknown_status": None}
OFFICE_NAMES = {"general_secretary": "General Secretary of the party",
                "war_commissar": "People's Commissar for War",
                "sovnarkom_chair": "Chairman of the Council of People's Commissars (Sovnarkom)",
                "comintern_chair": "Chairman of the Comintern",
                "pravda_editor": "Editor of Pravda"}


def _names(tables: Tables) -> pd.Series:
    return tables.people.set_index("person_id")["name"]


def _reference_rows(body: str, tables: Tables) -> pd.DataFrame:
    bodies = tables.bodies
    return bodies[(bodies["body"] == body) & (bodies["basis"] == "reference")]


def _text_rows(body: str, tables: Tables) -> pd.DataFrame:
    bodies = tables.bodies
    return bodies[(bodies["body"] == body) & (bodies["basis"] == "text")]


def seats_on(body: str, when, tables: Tables | None = None) -> pd.DataFrame:
    """Every seat of a body as a standard history gives it, at the end of the period asked:
    person_id, name, seat (full, candidate or member), status, reference, mentioned_by (the
    texts whose own rows put the person on that body in the period)."""
    tables = tables or load()
    columns = ["person_id", "name", "seat", "status", "reference", "mentioned_by"]
    rows = _reference_rows(body, tables)
    rows = rows[in_force_on(rows, when)]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    texts = _text_rows(body, tables)
    texts = texts.assign(status=status_in(texts, when))
    texts = texts[texts["status"] != ""]
    texts = texts.assign(sources=sources_of(texts["membership_id"], "bodies", tables))
    mentioned = texts.groupby("person_id")["sources"].agg(
        lambda s: sorted({x for v in s for x in v.split("; ") if x}))
    seats = pd.DataFrame({
        "person_id": rows["person_id"], "name": rows["person_id"].map(_names(tables)),
        "seat": rows["status"], "status": REFERENCE, "reference": rows["reference"],
        "mentioned_by": rows["person_id"].map(lambda p: mentioned.get(p, []))})
    seats = seats.assign(order=seats["seat"].map(SEAT_ORDER)).sort_values(["order", "name"])
    return seats[columns].reset_index(drop=True)


def _reference_seats_in(body: str, when, tables: Tables) -> dict[str, set[str]] | None:
    """person_id -> the seats a standard history gives them at any time in the period;
    None when the reference layer has no composition of this body then."""
    rows = _reference_rows(body, tables)
    if rows.empty:
        return None
    first, last = period(when)
    rows = rows[(rows["start_latest"] <= last) & (rows["end_latest"] > first)]
    if rows.empty:
        return None
    found: dict[str, set[str]] = {}
    for person, seat in zip(rows["person_id"], rows["status"]):
        found.setdefault(person, set()).add(seat)
    return found


def text_claims_on(body_or_faction: str, when, tables: Tables | None = None) -> pd.DataFrame:
    """What each text says about a body (or a faction) in the period, by its own dates:
    claim_id, person_id, name, seat (or role), when, status, sources, agrees, standard.

    agrees: True when the standard history has the same person in the same seat (for a
    faction: in the faction) at some time in the period, False when it does not, None when
    the reference layer says nothing about this body or faction then. standard: what the
    standard history has for that person then, in words."""
    tables = tables or load()
    if body_or_faction in set(tables.factions["faction_id"]):
        return _faction_claims(body_or_faction, when, tables)
    columns = ["claim_id", "person_id", "name", "seat", "when", "status", "sources", "agrees", "standard"]
    rows = _text_rows(body_or_faction, tables)
    rows = _stated(rows)
    rows = rows.assign(status=status_in(rows, when))
    rows = rows[rows["status"] != ""]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    reference = _reference_seats_in(body_or_faction, when, tables)

    def agrees(person, seat):
        if reference is None:
            return None
        wanted = TEXT_SEAT.get(seat, seat)
        held = reference.get(person, set())
        return bool(held) if wanted is None else wanted in held

    def standard(person):
        if reference is None:
            return "no standard list in the evidence base"
        held = reference.get(person)
        return " and ".join(sorted(held, key=SEAT_ORDER.get)) if held else "no seat"

    claims = pd.DataFrame({
        "claim_id": rows["membership_id"], "person_id": rows["person_id"],
        "name": rows["person_id"].map(_names(tables)), "seat": rows["status_seat"], "when": rows["when"],
        "status": rows["status"], "sources": sources_of(rows["membership_id"], "bodies", tables)})
    claims["agrees"] = [agrees(p, s) for p, s in zip(claims["person_id"], claims["seat"])]
    claims["standard"] = claims["person_id"].map(standard)
    return claims.sort_values(["person_id", "claim_id"])[columns].reset_index(drop=True)


def _stated(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows with their bounds as their own text gives them (before other evidence closes them)."""
    rows = rows.rename(columns={"status": "status_seat"}) if "status" in rows.columns else rows
    stated = [c for c in rows.columns if c.startswith("stated_")]
    if stated:
        rows = rows.assign(**{c.removeprefix("stated_"): rows[c] for c in stated})
    return rows


def _faction_claims(faction_id: str, when, tables: Tables) -> pd.DataFrame:
    columns = ["claim_id", "person_id", "name", "seat", "when", "status", "sources", "agrees", "standard"]
    rows = memberships(tables)
    rows = _stated(rows[(rows["faction_id"] == faction_id)])
    texts = rows[rows["basis"] == "text"]
    texts = texts.assign(status=status_in(texts, when))
    texts = texts[texts["status"] != ""]
    if texts.empty:
        return pd.DataFrame(columns=columns)
    closed = memberships(tables)
    closed = closed[(closed["faction_id"] == faction_id)]
    closed = closed.assign(status=status_in(closed, when))
    shown = closed[closed["status"] != ""]
    has_frame = (tables.faction_spans["faction_id"] == faction_id).any() or (
        (closed["basis"] == "reference").any())
    reference_people = set(shown.loc[shown["basis"] == "reference", "person_id"])
    shown_ids = set(shown["affiliation_id"])

    def agrees(claim_id, person):
        if not has_frame:
            return None
        return claim_id in shown_ids and (person in reference_people or not (closed["basis"] == "reference").any())

    claims = pd.DataFrame({
        "claim_id": texts["affiliation_id"], "person_id": texts["person_id"],
        "name": texts["person_id"].map(_names(tables)), "seat": texts["role"], "when": texts["when"],
        "status": texts["status"], "sources": sources_of(texts["affiliation_id"], "affiliations", tables)})
    claims["agrees"] = [agrees(c, p) for c, p in zip(claims["claim_id"], claims["person_id"])]
    claims["standard"] = claims["person_id"].map(
        lambda p: "in it" if p in reference_people else ("not in it" if has_frame else "no standard dating"))
    return claims.sort_values(["person_id", "claim_id"])[columns].reset_index(drop=True)


def body_members_on(body: str, when, tables: Tables | None = None) -> pd.DataFrame:
    """Every row about a body in a period, texts and references together, one line a person
    with the strongest status: person_id, name, status, roles (seats), sources, reference, claims."""
    tables = tables or load()
    rows = tables.bodies[tables.bodies["body"] == body].rename(columns={"status": "status_seat"})
    rows = rows.assign(status=status_in(rows, when))
    rows = rows[rows["status"] != ""]
    rows.attrs["table"] = "bodies"
    return summarise(rows, "membership_id", "status_seat", tables)


def offices_on(when, tables: Tables | None = None) -> pd.DataFrame:
    """Who held each top office at the end of the period: office, title, person_id, name, reference."""
    tables = tables or load()
    rows = tables.offices[tables.offices["basis"] == "reference"]
    rows = rows[in_force_on(rows, when)]
    order = list(OFFICE_NAMES)
    result = pd.DataFrame({"office": rows["office"], "title": rows["office"].map(OFFICE_NAMES),
                           "person_id": rows["person_id"],
                           "name": rows["person_id"].map(_names(tables)), "reference": rows["reference"]})
    result = result.assign(order=result["office"].map(order.index)).sort_values(["order", "name"])
    return result[["office", "title", "person_id", "name", "reference"]].reset_index(drop=True)


def compositions(body: str, tables: Tables | None = None) -> pd.DataFrame:
    """Each composition of a body in turn (the standard history): from, until, full, candidates,
    members (lists of person ids), reference. A new composition starts at each change."""
    tables = tables or load()
    rows = _reference_rows(body, tables).dropna(subset=["start_latest"])
    columns = ["from", "until", "full", "candidates", "members", "reference"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    far = pd.Timestamp("2100-01-01")
    changes = sorted(set(rows["start_latest"]) | set(rows.loc[rows["end_latest"] < far, "end_latest"]))
    result = []
    for begin, end in zip(changes, changes[1:] + [None]):
        held = rows[(rows["start_latest"] <= begin) & (rows["end_latest"] > begin)]
        if held.empty:
            continue
        seats = {seat: sorted(held.loc[held["status"] == seat, "person_id"]) for seat in SEAT_ORDER}
        line = {"from": begin, "until": end, "full": seats["full"], "candidates": seats["candidate"],
                "members": seats["member"], "reference": "; ".join(sorted(set(held["reference"])))}
        if result and all(result[-1][k] == line[k] for k in ("full", "candidates", "members")):
            result[-1]["until"] = end
            result[-1]["reference"] = "; ".join(sorted(set((result[-1]["reference"] + "; " + line["reference"])
                                                            .split("; ")) - {""}))
        else:
            result.append(line)
    return pd.DataFrame(result, columns=columns)


# ---- The texts' own figures for the size of a body (figures.csv, counts=body_size) ------

@dataclass(frozen=True)
class BodySize:
    low: int
    high: int | None     # None: "at least low"
    figure_id: str
    when: str
    source_id: str
    speaker: str

    def text(self) -> str:
        if self.high is None:
            return f"at least {self.low}"
        return f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"


def size_figures(body: str, candidates: bool = False, tables: Tables | None = None) -> pd.DataFrame:
    """The body_size figures for this body: of its members, or of its candidate members."""
    tables = tables if tables is not None else load()
    figures = tables.figures[tables.figures["counts"] == "body_size"]
    of_candidates = figures["description"].str.lower().str.contains("candidate")
    return figures[(figures["body"] == body) & (of_candidates == candidates)]


def body_size_on(body: str, when, candidates: bool = False, tables: Tables | None = None) -> BodySize | None:
    """The size figures.csv gives for a body in a period (counts=body_size), or None.
    Dated before imprecise; among equals, the one that starts latest."""
    figures = size_figures(body, candidates, tables)
    figures = figures.assign(status=status_in(figures, when))
    figures = figures[figures["status"] != ""]
    if figures.empty:
        return None
    best = figures.assign(rank=(figures["status"] != DATED).astype(int)).sort_values(
        ["rank", "start_earliest"], ascending=[True, False], kind="stable").iloc[0]
    return make_body_size(best)


def make_body_size(row) -> BodySize:
    low = row["value_low"]
    high = row["value_high"]
    return BodySize(int(low), int(high) if pd.notna(high) else int(low), row["figure_id"], row["when"],
                    row["source_id"], row["speaker"])
