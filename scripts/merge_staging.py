"""Merge the research and reading helpers' staging files (data/staging/) into data/.

    .venv/bin/python scripts/merge_staging.py [--staging data/staging]

Idempotent: every row this script made before (ids starting `ref-`, `sl-`, `xi-`, people with
basis reference) is removed and made again from the staging files, so it can run after each
delivery. Rows made by hand are left alone. Where references disagree, one version is the
standard (the choices are in STANDARD_* below, each with its reason) and every other version
becomes a row of discrepancies.csv. A staged file that is malformed is skipped and said so.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT))

from succession.dates import EDTFError, bounds  # noqa: E402

REPORT: list[str] = []


def say(message: str) -> None:
    REPORT.append(message)


def read(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), [dict(row) for row in reader]


def write(name: str, header: list[str], rows: list[dict]) -> None:
    with open(DATA / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in header} for row in rows)


def staged(folder: Path, name: str, columns: list[str]) -> list[dict]:
    """A staging file's rows, or [] (and a line in the report) when it is missing or malformed."""
    path = folder / name
    if not path.exists():
        say(f"{name}: not staged yet")
        return []
    try:
        header, rows = read(path)
    except (csv.Error, UnicodeDecodeError) as error:
        say(f"{name}: SKIPPED, not readable as CSV ({error})")
        return []
    missing = [column for column in columns if column not in header]
    if missing:
        say(f"{name}: SKIPPED, columns {missing} missing (header {header})")
        return []
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in rows]


def slug(text: str, length: int = 40) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:length].strip("-")


def edtf(start: str, end: str | None = None) -> str:
    """An EDTF date or interval from a staged start and end ('' end: not given)."""
    if end is None:
        return start
    if not start and not end:
        return ""
    return f"{start}/{end}"


def valid(when: str, where: str) -> bool:
    try:
        bounds(when)
        return True
    except EDTFError as error:
        say(f"{where}: SKIPPED, date {when!r}: {error}")
        return False


def cell(reference_id: str, locator: str) -> str:
    return f"{reference_id}, {locator}" if locator else reference_id


# ---- The standard version where references disagree (each choice with its reason) ---------

# (body, person, start) -> the reference whose row is the standard one.
STANDARD_SEAT = {
    # The Politburo changed at the plenum of 1 January 1926; RIN ends seats at the congress.
    ("politburo", "kamenev", "1924-06-02"): "rb-litfond-kpss",
    ("politburo", "kalinin", "1924-06-02"): "rb-litfond-kpss",
    # The later version of the article, and the same infobox dates his Rabkrin post from 5 Nov 1926.
    ("politburo", "ordzhonikidze", "1926-07-23"): "rb-wiki-ordzhonikidze",
    # The infobox gives dated seats; the essay counts him 'throughout' without dates.
    ("politburo", "kaganovich", "1927-12-19"): "rb-wiki-kaganovich",
    ("politburo", "rudzutak", "1930-07-13"): "rb-dewiki-rudzutak",
    ("politburo", "syrtsov", "1930-07-13"): "rb-wiki-syrtsov",
}
# Single staged seats that another, stronger reference contradicts: kept out of bodies.csv and
# recorded as a disagreement, with the reason.
LEFT_OUT_SEATS = {
    ("orgburo", "kaganovich", "1922-04-03"): (
        "rb-grani-1922, quoted plenum resolution of 3 April 1922 (Orgburo)",
        "The plenum's own resolution of 3 April 1922 names seven members of the Orgburo, without Kaganovich."),
}
# (office, person) -> the reference whose row is the standard one, where several are staged.
STANDARD_OFFICE = {
    # Starts the day Trotsky's row ends (15 January 1925), so the post is never doubly held.
    ("war_commissar", "frunze"): "rb-wiki-frunze",
    # The chair of the Russian republic's Sovnarkom, as the other rows of the same reference.
    ("sovnarkom_chair", "lenin"): "rb-arch-lenin",
    # The ECCI resolution of 25 October 1926 (Degras, a documents edition) dates the dismissal.
    ("comintern_chair", "zinoviev"): "rb-degras-1926",
    # The Comintern's own Tenth Plenum (July 1929) relieved him, as ref_events also dates it.
    ("comintern_chair", "bukharin"): "rb-militant-1929",
    # The April 1929 joint plenum freed him from Pravda (rb-knigochet-1929 agrees).
    ("pravda_editor", "bukharin"): "rb-wiki-bukharin-2",
}
# faction -> the reference of its standard span (a row with role grouping), and why.
STANDARD_SPAN = {
    "troika": ("re-caravan-trotsky-expelled", "formed after Lenin's stroke of 1922, broke up in December 1925"),
    "left_opposition": ("re-wiki-left-opposition", "a faction from 1923 to 1927"),
    "leningrad_opposition": ("re-aseer-new-opposition", "organised in October 1925, defeated in December 1925, merged into the United Opposition in April 1926"),
    "united_opposition": ("re-erh-united-opposition", "formed April 1926, destroyed December 1927"),
    "right_opposition": ("re-elleman-right-opposition", "June 1928 to November 1929"),
}
# Starts that a second reference makes more precise (faction -> (start, reference, locator)).
SPAN_START = {"left_opposition": ("1923-10", "re-wiki-left-opposition-lq", "paragraphs 2-4")}
# Ends that a second reference gives: the New Opposition, beaten in December 1925 but not
# disbanded (re-encspb: no organisational measures then), went into the United Opposition.
SPAN_END = {"leningrad_opposition": ("1926-04", "re-erh-united-opposition", "entry 'United Opposition' (formed April 1926)")}
# Recantations a reference dates (faction, person) -> (when, reference cell, note).
RECANTATIONS = {
    ("united_opposition", "zinoviev"): (
        "1927-11-14/1928-01", "re-smele-zinoviev, entry 'Zinov'ev'; re-trotsky-1933-zinkam, paragraph 2",
        "Smele: expelled on 14 November 1927 and 'like Kamenev, immediately recanted'; Trotsky (a participant, "
        "1933): they capitulated 'back in January 1928'."),
    ("united_opposition", "kamenev"): (
        "1927-12/1928-01", "re-treccani-kamenev, entry 'Kamenev'; re-trotsky-1933-zinkam, paragraph 2",
        "Treccani: expelled in December 1927 and readmitted after retracting his views; Trotsky: they "
        "capitulated in January 1928."),
    ("right_opposition", "bukharin"): ("1929-11-25", "re-wikirouge-brt-1929, statement dated Moscow 25 November 1929",
                                       "The joint statement of Bukharin, Rykov and Tomsky."),
    ("right_opposition", "rykov"): ("1929-11-25", "re-wikirouge-brt-1929, statement dated Moscow 25 November 1929",
                                    "The joint statement of Bukharin, Rykov and Tomsky."),
    ("right_opposition", "tomsky"): ("1929-11-25", "re-wikirouge-brt-1929, statement dated Moscow 25 November 1929",
                                     "The joint statement of Bukharin, Rykov and Tomsky."),
}
# Leaders' rows that a faction's own standard span cuts short (faction, person, reference) -> end.
LEADER_END = {
    ("leningrad_opposition", "zinoviev", "re-aseer-new-opposition"): "1926-04",
    ("leningrad_opposition", "kamenev", "re-encspb-new-opposition"): "1926-04",
}
# Text events and the reference event that is the same happening (title of the staged row).
SAME_AS = {
    "ev-1921-ban-on-factions": "Ban on factions: resolution 'On Party Unity'",
    "ev-1921-kronstadt-rising": "Kronstadt rising",
    "ev-1923-03-lenin-third-stroke": "Lenin's third stroke",
    "ev-1923-10-declaration-of-46": "Statement (Declaration) of the 46",
    "ev-1923-new-course": "Trotsky's 'The New Course' published in Pravda",
    "ev-1924-02-lenin-levy": "The Lenin Levy (Lenin Enrollment)",
    "ev-1924-05-thirteenth-congress": "Thirteenth Party Congress",
    "ev-1924-lessons-of-october": "Trotsky's 'The Lessons of October' published",
    "ev-1925-12-fourteenth-congress": "Fourteenth Party Congress",
    "ev-1927-10-trotsky-zinoviev-expelled-cc": "Trotsky and Zinoviev expelled from the Central Committee",
    "ev-1927-11-trotsky-expelled": "Trotsky and Zinoviev expelled from the party",
    "ev-1927-11-tenth-anniversary-demonstration": "Opposition demonstrations on the tenth anniversary of October",
    "ev-1927-12-fifteenth-congress": "Fifteenth Party Congress: the opposition expelled",
    "ev-1927-12-zinoviev-kamenev-recant": "Zinoviev and Kamenev recant",
    "ev-1928-01-trotsky-alma-ata": "Trotsky exiled to Alma-Ata",
    "ev-1929-02-trotsky-deported": "Trotsky arrives in Turkey",
    "ev-1926-opposition-platform": "Opposition 'draft platform' rejected",
    "ev-1926-10-trotsky-removed-politburo": "October 1926 joint plenum: Trotsky out of the Politburo",
    "ev-1926-10-opposition-truce": "United Opposition pledges to stop factional activity",
    "ev-1922-12-lenin-withdraws": "Lenin's second stroke",
    "ev-1924-01-lenin-death": "Death of Lenin",
    "ev-1923-04-twelfth-congress": "Twelfth Party Congress",
    "ev-1922-eleventh-congress": "Eleventh Party Congress",
    "ev-1922-stalin-general-secretary": "Stalin becomes General Secretary",
    "ev-1929-collectivisation": "Collectivisation of agriculture begins in earnest",
}
MERGED_PREFIXES = ("ref-", "sl-", "xi-")


def pick(versions: list[dict], wanted: str | None) -> dict:
    """The standard version: the one chosen above, else the first the research helper did not
    mark 'references disagree' (its mark for the other versions), else the first."""
    return (next((v for v in versions if wanted and v["reference_id"] == wanted), None)
            or next((v for v in versions if "references disagree" not in v.get("note", "")), None)
            or versions[0])


def merged(row_id: str) -> bool:
    return row_id.startswith(MERGED_PREFIXES)


class Tables:
    def __init__(self):
        self.header, self.rows = {}, {}
        for path in sorted(DATA.glob("*.csv")):
            self.header[path.stem], self.rows[path.stem] = read(path)

    def keep_hand_made(self, name: str, key: str) -> None:
        self.rows[name] = [row for row in self.rows[name] if not merged(row[key])]

    def save(self) -> None:
        for name in self.rows:
            write(name, self.header[name], self.rows[name])


class Discrepancies:
    """Reference-against-reference disagreements, each version a row (source_id standard)."""

    def __init__(self, tables: Tables):
        self.tables = tables

    def add(self, topic_id: str, topic: str, versions: list[tuple[str, str, str, str]]) -> None:
        """versions: (source_id, claim, basis, reference) with the standard version first."""
        if len(versions) < 2:
            return
        for number, (source, claim, basis, reference) in enumerate(versions, start=1):
            self.tables.rows["discrepancies"].append({
                "version_id": f"ref-{topic_id}-v{number}", "discrepancy_id": f"ref-{topic_id}", "topic": topic,
                "source_id": source, "claim": claim, "records": "", "basis": basis, "reference": reference,
                "note": "the standard version (used in the reference layer)" if number == 1 else ""})


def merge_references(folder: Path, tables: Tables) -> set[str]:
    have = {row["reference_id"]: row for row in tables.rows["references"]}
    for path in sorted(folder.glob("references_*.csv")):
        for row in staged(folder, path.name, ["reference_id", "author", "title", "url"]):
            if not row.get("url", "").startswith(("http://", "https://")):
                say(f"{path.name}: {row.get('reference_id')!r} SKIPPED: no URL of the page read")
                continue
            if not re.fullmatch(r"([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|n\.d\.)?", row.get("year", "")):
                row["note"] = (row.get("note", "") + f" (year as given: {row['year']})").strip()
                row["year"] = ""
            have[row["reference_id"]] = row
    tables.rows["references"] = list(have.values())
    return set(have)


def merge_people(folder: Path, tables: Tables, works: set[str], mentions: dict[str, str]) -> None:
    tables.rows["people"] = [row for row in tables.rows["people"] if row.get("basis") != "reference"]
    known = {row["person_id"] for row in tables.rows["people"]}
    for path in sorted(folder.glob("ref_people*.csv")):
        for row in staged(folder, path.name, ["person_id", "name", "description"]):
            if row["person_id"] in known:
                continue
            reference = mentions.get(row["person_id"])
            if not reference:
                say(f"{path.name}: {row['person_id']} SKIPPED: no reference row names them")
                continue
            tables.rows["people"].append({**row, "basis": "reference", "reference": reference})
            known.add(row["person_id"])


def person_mentions(folder: Path) -> dict[str, str]:
    """person_id -> the first reference cell of a staged row that names them."""
    found = {}
    for name, column in (("ref_bodies.csv", "person_id"), ("ref_factions.csv", "person_id"),
                         ("ref_offices.csv", "person_id"), ("ref_epilogue.csv", "person_id")):
        path = folder / name
        if not path.exists():
            continue
        for row in read(path)[1]:
            if row.get(column):
                found.setdefault(row[column], cell(row.get("reference_id", ""), row.get("locator", "")))
    path = folder / "ref_events.csv"
    if path.exists():
        for row in read(path)[1]:
            for part in (row.get("people") or "").split(";"):
                person = part.split(":")[0].strip()
                if person:
                    found.setdefault(person, cell(row["reference_id"], row.get("locator", "")))
    return found


def merge_bodies(folder: Path, tables: Tables, works: set[str], people: set[str], notes: Discrepancies):
    tables.keep_hand_made("bodies", "membership_id")
    rows = staged(folder, "ref_bodies.csv", ["body", "person_id", "status", "start", "end", "elected_at",
                                             "reference_id", "locator"])
    groups = defaultdict(list)
    for row in rows:
        groups[(row["body"], row["person_id"], row["start"])].append(row)
    count = defaultdict(int)
    for key, versions in groups.items():
        if len(versions) > 1:
            chosen = pick(versions, STANDARD_SEAT.get(key))
            others = [v for v in versions if v is not chosen]
            body, person, start = key
            notes.add(f"seat-{body}-{person}-{start}", f"{person}'s seat on the {body} from {start}", [
                ("standard", f"{v['status']} member from {v['start']} to {v['end'] or '(end not given)'}",
                 "reference", cell(v["reference_id"], v["locator"])) for v in [chosen] + others])
            versions = [chosen]
        row = versions[0]
        where = f"ref_bodies.csv {key}"
        if key in LEFT_OUT_SEATS:
            reference, claim = LEFT_OUT_SEATS[key]
            body, person, start = key
            notes.add(f"seat-{body}-{person}-{start}", f"{person}'s seat on the {body} from {start}", [
                ("standard", claim, "reference", reference),
                ("standard", f"{row['status']} member from {row['start']} to {row['end']}", "reference",
                 cell(row["reference_id"], row["locator"]))])
            say(f"{where}: LEFT OUT ({claim})")
            continue
        if row["reference_id"] not in works:
            say(f"{where}: SKIPPED, unknown reference {row['reference_id']!r}")
            continue
        if row["person_id"] not in people:
            say(f"{where}: SKIPPED, person {row['person_id']!r} not in people.csv nor ref_people")
            continue
        when = edtf(row["start"], row["end"])
        if not valid(when, where):
            continue
        count[row["body"]] += 1
        short = {"politburo": "pb", "orgburo": "ob", "secretariat": "sec"}.get(row["body"], row["body"][:3])
        tables.rows["bodies"].append({
            "membership_id": f"ref-{short}-{count[row['body']]:03d}", "body": row["body"],
            "person_id": row["person_id"], "status": row["status"], "when": when, "basis": "reference",
            "reference": cell(row["reference_id"], row["locator"]), "note": row.get("note", ""),
            "elected_at": row["elected_at"]})


def seats_in_force(tables: Tables, body: str, when: str) -> list[tuple[int, int]]:
    """(full, candidates) of the reference seats at each day the period `when` can name."""
    found = bounds(when)
    spans = []
    for row in tables.rows["bodies"]:
        if row["basis"] == "reference" and row["body"] == body:
            b = bounds(row["when"])
            spans.append((b.start_earliest, b.end_latest, row["status"]))
    days = {found.start_earliest} | {s for s, _, _ in spans if found.start_earliest <= s <= found.end_latest}
    result = []
    for day in sorted(days):
        held = [status for start, end, status in spans if start <= day < end]
        result.append((sum(s in ("full", "member") for s in held), sum(s == "candidate" for s in held)))
    return result


def merge_body_sizes(folder: Path, tables: Tables, works: set[str], notes: Discrepancies):
    tables.keep_hand_made("body_sizes", "size_id")
    rows = staged(folder, "ref_body_sizes.csv", ["body", "elected_at", "when", "full", "candidates",
                                                 "reference_id", "locator"])
    disagreeing = defaultdict(list)
    for number, row in enumerate(rows, start=1):
        if row["reference_id"] not in works or not valid(row["when"], f"ref_body_sizes.csv line {number + 1}"):
            continue
        counts = seats_in_force(tables, row["body"], row["when"])
        full = int(row["full"]) if row["full"].isdigit() else None
        candidates = int(row["candidates"]) if row["candidates"].isdigit() else None
        total = None
        if full is None and candidates is None:
            match = re.search(r"(\d+) (?:members|men)", row.get("note", "") + " " + row.get("locator", ""))
            match = match or re.search(r"of (\d+) men", row.get("note", ""))
            total = int(match.group(1)) if match else None
        fits = any((full is None or f == full) and (candidates is None or c == candidates)
                   and (total is None or f + c == total) for f, c in counts)
        line = {"size_id": f"ref-size-{number:03d}", "body": row["body"], "elected_at": row["elected_at"],
                "when": row["when"], "full": row["full"], "candidates": row["candidates"],
                "total": str(total) if total is not None else "", "basis": "reference",
                "reference": cell(row["reference_id"], row["locator"]), "note": row.get("note", "")}
        if fits:
            tables.rows["body_sizes"].append(line)
        else:
            disagreeing[(row["body"], row["elected_at"])].append((line, counts))
    for (body, elected_at), lines in disagreeing.items():
        standard = next((r for r in tables.rows["body_sizes"] if r["body"] == body and r["elected_at"] == elected_at),
                        None)
        if standard is None:
            elected = sorted(row["when"].split("/")[0] for row in tables.rows["bodies"]
                             if row["basis"] == "reference" and row["body"] == body and row["elected_at"] == elected_at)
            at_election = seats_in_force(tables, body, elected[0]) if elected else []
            dated_elsewhere = [(line, counts) for line, counts in lines
                               if any(line["full"] in ("", str(f)) and line["candidates"] in ("", str(c))
                                      for f, c in at_election)]
            if dated_elsewhere and at_election:
                # The size is right for the election but the reference dates it otherwise.
                f, c = at_election[0]
                notes.add(f"size-{body}-{slug(elected_at, 30)}", f"When the {body} reached its size of {elected_at}", [
                    ("standard", f"{f} full members and {c} candidates from {elected[0]}, the day of the election",
                     "reference", seat_reference(tables, body, elected_at))] + [
                    ("standard", f"{line['full'] or '?'} full members dated {line['when']}", "reference",
                     line["reference"]) for line, _ in dated_elsewhere])
                lines = [item for item in lines if item not in dated_elsewhere]
            # No reference gives the size the seats add up to: the seats are incomplete, not the
            # references at odds. A gap, said so; the size waits for the missing seats.
            for line, counts in lines:
                full, candidates = counts[-1] if counts else (0, 0)
                say(f"ref_body_sizes.csv: GAP, the {body} elected at {elected_at!r}: {line['reference']} gives "
                    f"{line['full'] or '?'} full and {line['candidates'] or '?'} candidates, the staged seats make "
                    f"{full} and {candidates}; size left out")
            continue
        versions = [("standard", f"{standard['full'] or '?'} full members and {standard['candidates'] or '?'} "
                                 f"candidates (as the seats in bodies.csv count)", "reference", standard["reference"])]
        for line, counts in lines:
            versions.append(("standard", f"{line['full'] or '?'} full members and {line['candidates'] or '?'} "
                                         f"candidates ({line['when']})", "reference", line["reference"]))
        notes.add(f"size-{body}-{slug(elected_at, 30)}", f"How many sat on the {body} elected at {elected_at}",
                  versions)


def seat_reference(tables: Tables, body: str, elected_at: str) -> str:
    cells = sorted({row["reference"].split(",")[0] for row in tables.rows["bodies"]
                    if row["basis"] == "reference" and row["body"] == body and row["elected_at"] == elected_at})
    return "; ".join(cells[:3])


def merge_offices(folder: Path, tables: Tables, works: set[str], people: set[str], notes: Discrepancies):
    tables.keep_hand_made("offices", "office_id")
    rows = staged(folder, "ref_offices.csv", ["office", "person_id", "start", "end", "reference_id", "locator"])
    groups = defaultdict(list)
    for row in rows:
        groups[(row["office"], row["person_id"])].append(row)
    chosen_rows = []
    for (office, person), versions in groups.items():
        chosen = pick(versions, STANDARD_OFFICE.get((office, person)))
        chosen_rows.append(chosen)
        if len(versions) > 1:
            notes.add(f"office-{office}-{person}", f"When {person} held the office of {office.replace('_', ' ')}", [
                ("standard", f"from {v['start']} to {v['end'] or '(not given)'}: {v.get('note', '')[:200]}",
                 "reference", cell(v["reference_id"], v["locator"]))
                for v in [chosen] + [x for x in versions if x is not chosen]])
    for number, row in enumerate(chosen_rows, start=1):
        where = f"ref_offices.csv line {number + 1}"
        when = edtf(row["start"], row["end"])
        if row["reference_id"] not in works or row["person_id"] not in people or not valid(when, where):
            say(f"{where}: SKIPPED ({row['reference_id']}, {row['person_id']})")
            continue
        tables.rows["offices"].append({
            "office_id": f"ref-off-{number:03d}", "office": row["office"], "person_id": row["person_id"],
            "when": when, "basis": "reference", "reference": cell(row["reference_id"], row["locator"]),
            "note": row.get("note", "")})


def merge_events(folder: Path, tables: Tables, works: set[str], people: set[str], notes: Discrepancies):
    # An event keeps the id it was given the first time (lessons cite ids), even if its date changes.
    known_ids = {row["title"]: row["event_id"] for row in tables.rows["events"] if merged(row["event_id"])}
    tables.keep_hand_made("events", "event_id")
    tables.rows["event_people"] = [row for row in tables.rows["event_people"] if not merged(row["event_id"])]
    columns = ["when", "title", "category", "description", "reference_id", "locator"]
    rows = staged(folder, "ref_meetings.csv", columns[:4] + columns[4:]) + staged(folder, "ref_events.csv", columns)
    categories = set(next(f for f in descriptor_fields("events") if f["name"] == "category")["constraints"]["enum"])
    by_title = defaultdict(list)
    for row in rows:
        by_title[row["title"]].append(row)
    ids_by_title = {}
    used = {row["event_id"] for row in tables.rows["events"]}
    for title, versions in by_title.items():
        versions = [v for v in versions if v["reference_id"] in works and valid(v["when"], f"ref_events {title!r}")]
        if not versions:
            continue
        first = versions[0]
        same_date = [v for v in versions if v["when"] == first["when"]]
        category = first["category"] if first["category"] in categories else "background"
        if first["category"] not in categories:
            say(f"ref_events {title!r}: category {first['category']!r} not allowed; 'background' used")
        start = first["when"].split("/")[0].rstrip("~?%")
        event_id = known_ids.get(title) or f"ref-ev-{start[:7]}-{slug(title, 36)}"
        while event_id in used:
            event_id += "-2"
        used.add(event_id)
        ids_by_title[title] = event_id
        tables.rows["events"].append({
            "event_id": event_id, "when": first["when"], "title": title, "category": category,
            "description": first["description"], "basis": "reference",
            "reference": "; ".join(dict.fromkeys(cell(v["reference_id"], v["locator"]) for v in same_date)),
            "same_as": ""})
        for part in first.get("people", "").split(";"):
            person, _, role = part.partition(":")
            person = person.strip()
            if not person:
                continue
            if person not in people:
                say(f"ref_events {title!r}: person {person!r} unknown, left out of event_people")
                continue
            tables.rows["event_people"].append({"event_id": event_id, "person_id": person,
                                                "role": role.strip() or "named"})
        others = [v for v in versions if v["when"] != first["when"]]
        if others:
            notes.add(f"date-{slug(title, 40)}", f"When it happened: {title}", [
                ("standard", f"{v['description']} (dated {v['when']})", "reference",
                 cell(v["reference_id"], v["locator"])) for v in [first] + others])
    for row in tables.rows["events"]:
        if row["basis"] == "text" or not merged(row["event_id"]):
            row["same_as"] = ids_by_title.get(SAME_AS.get(row["event_id"], ""), row.get("same_as", ""))
    return ids_by_title


def descriptor_fields(name: str) -> list[dict]:
    import json
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in descriptor["resources"] if r["name"] == name)["schema"]["fields"]


def merge_factions(folder: Path, tables: Tables, works: set[str], people: set[str], notes: Discrepancies):
    tables.keep_hand_made("faction_spans", "span_id")
    tables.keep_hand_made("affiliations", "affiliation_id")
    rows = staged(folder, "ref_factions.csv", ["faction_id", "person_id", "role", "start", "end",
                                               "reference_id", "locator"])
    rows = [row for row in rows if row["reference_id"] in works]
    factions = {row["faction_id"] for row in tables.rows["factions"]}
    spans = defaultdict(list)
    members = defaultdict(list)
    for row in rows:
        if row["faction_id"] not in factions:
            say(f"ref_factions.csv: faction {row['faction_id']!r} unknown, row SKIPPED")
            continue
        (spans if row["role"] == "grouping" else members)[row["faction_id"] if row["role"] == "grouping"
                                                          else (row["faction_id"], row["person_id"])].append(row)
    for faction, versions in spans.items():
        wanted, why = STANDARD_SPAN.get(faction, (versions[0]["reference_id"], "the first row staged"))
        chosen = pick(versions, wanted)
        start, reference = chosen["start"], cell(chosen["reference_id"], chosen["locator"])
        end = chosen["end"]
        if faction in SPAN_START:
            start, other, locator = SPAN_START[faction]
            reference += f"; {cell(other, locator)}"
        if faction in SPAN_END:
            end, other, locator = SPAN_END[faction]
            reference += f"; {cell(other, locator)}"
        when = edtf(start or "..", end or "..")
        if valid(when, f"ref_factions {faction}"):
            tables.rows["faction_spans"].append({
                "span_id": f"ref-span-{faction}", "faction_id": faction, "when": when, "basis": "reference",
                "reference": reference, "note": f"Standard span: {why}. {chosen.get('note', '')}".strip()})
        if len(versions) > 1:
            notes.add(f"span-{faction}", f"When the {faction.replace('_', ' ')} formed and ended", [
                ("standard", f"from {v['start'] or '(not given)'} to {v['end'] or '(not given)'}: {v.get('note', '')}",
                 "reference", cell(v["reference_id"], v["locator"])) for v in [chosen] + [x for x in versions
                                                                                        if x is not chosen]])
    number = 0
    for (faction, person), versions in members.items():
        if person not in people:
            say(f"ref_factions.csv: person {person!r} unknown, row SKIPPED")
            continue
        chosen = pick(versions, STANDARD_SPAN.get(faction, ("",))[0])
        end = LEADER_END.get((faction, person, chosen["reference_id"]), chosen["end"])
        when = edtf(chosen["start"] or "..", end)
        if not valid(when, f"ref_factions {faction} {person}"):
            continue
        number += 1
        note = chosen.get("note", "")
        if end != chosen["end"]:
            note += f" End set to {end}, when the grouping went into the next one (see faction_spans.csv)."
        tables.rows["affiliations"].append({
            "affiliation_id": f"ref-af-{number:03d}", "person_id": person, "faction_id": faction,
            "role": chosen["role"] if chosen["role"] in ("leader", "member") else "member", "when": when,
            "basis": "reference", "reference": cell(chosen["reference_id"], chosen["locator"]), "note": note})
        differ = [v for v in versions if (v["start"], v["end"]) != (chosen["start"], chosen["end"])]
        if differ:
            notes.add(f"member-{faction}-{person}", f"When {person} was in the {faction.replace('_', ' ')}", [
                ("standard", f"from {v['start'] or '(not given)'} to {v['end'] or '(not given)'}: {v.get('note', '')}",
                 "reference", cell(v["reference_id"], v["locator"])) for v in [chosen] + differ])
    for (faction, person), (when, reference, note) in RECANTATIONS.items():
        if all(part.split(",")[0].strip() in works for part in reference.split(";")):
            number += 1
            tables.rows["affiliations"].append({
                "affiliation_id": f"ref-af-{number:03d}", "person_id": person, "faction_id": faction,
                "role": "recanted", "when": when, "basis": "reference", "reference": reference, "note": note})


def merge_party_size(folder: Path, tables: Tables, works: set[str], notes: Discrepancies):
    tables.keep_hand_made("party_size", "size_id")
    rows = staged(folder, "ref_party_size.csv", ["when", "full_members", "candidates", "total",
                                                 "reference_id", "locator"])
    for number, row in enumerate(rows, start=1):
        numbers = {c: re.sub(r"[ ,]", "", row[c]) for c in ("full_members", "candidates", "total")}
        if row["reference_id"] not in works or not valid(row["when"], f"ref_party_size line {number + 1}"):
            continue
        if not any(numbers.values()) or not all(v.isdigit() for v in numbers.values() if v):
            say(f"ref_party_size.csv line {number + 1}: SKIPPED, numbers {numbers}")
            continue
        note = row.get("note", "")
        if numbers["full_members"] and not numbers["candidates"] and not numbers["total"] \
                and "candidate" not in note.lower():
            # "Party members" without a split: candidates are probably inside (the fact check's caution).
            numbers = {"full_members": "", "candidates": "", "total": numbers["full_members"]}
            note += " The page does not split members and candidates, so the number is given as the total."
        tables.rows["party_size"].append({"size_id": f"ref-party-{number:03d}", "when": row["when"], **numbers,
                                          "basis": "reference", "reference": cell(row["reference_id"], row["locator"]),
                                          "note": note.strip()})


def merge_epilogue(folder: Path, tables: Tables, works: set[str], people: set[str]):
    tables.keep_hand_made("epilogue", "epilogue_id")
    rows = staged(folder, "ref_epilogue.csv", ["person_id", "when", "what", "reference_id", "locator"])
    for number, row in enumerate(rows, start=1):
        if row["reference_id"] not in works or row["person_id"] not in people \
                or not valid(row["when"], f"ref_epilogue line {number + 1}"):
            say(f"ref_epilogue.csv line {number + 1}: SKIPPED ({row['person_id']}, {row['reference_id']})")
            continue
        tables.rows["epilogue"].append({
            "epilogue_id": f"ref-epi-{number:03d}", "person_id": row["person_id"], "when": row["when"],
            "what": row["what"], "basis": "reference", "reference": cell(row["reference_id"], row["locator"]),
            "note": row.get("note", "")})


def merge_slips(folder: Path, tables: Tables, works: set[str]):
    """The texts' own slips: a text version (with its quote) and the standard version."""
    tables.rows["discrepancies"] = [row for row in tables.rows["discrepancies"] if not merged(row["version_id"])]
    tables.rows["evidence"] = [row for row in tables.rows["evidence"] if not merged(row["evidence_id"])]
    rows = staged(folder, "slips.csv", ["discrepancy_id", "topic", "source_id", "claim", "quote", "seed_file",
                                        "locator", "speaker", "standard", "reference_note"])
    sources = {row["source_id"] for row in tables.rows["sources"]}
    groups = defaultdict(list)
    for row in rows:
        groups[row["discrepancy_id"]].append(row)
    for topic_id, versions in groups.items():
        made = []
        for row in versions:
            if row["source_id"] not in sources or not row["quote"]:
                say(f"slips.csv {topic_id}: SKIPPED a version (source {row['source_id']!r}, quote given: "
                    f"{bool(row['quote'])})")
                continue
            version = f"sl-{topic_id}-v{len(made) + 1}"
            made.append({"version_id": version, "discrepancy_id": f"sl-{topic_id}", "topic": row["topic"],
                         "source_id": row["source_id"], "claim": row["claim"], "records": "", "basis": "text",
                         "reference": "", "note": "a slip in the text"})
            tables.rows["evidence"].append({
                "evidence_id": f"sl-q-{topic_id}-{len(made)}", "table": "discrepancies", "record_id": version,
                "source_id": row["source_id"], "seed_file": row["seed_file"], "locator": row["locator"],
                "speaker": row["speaker"] or row["source_id"], "quote": row["quote"]})
        standard = next((row for row in versions if row["standard"]), None)
        if standard:
            reference_id = slip_reference(topic_id, standard["reference_note"], tables, works)
            if reference_id:
                made.append({"version_id": f"sl-{topic_id}-v{len(made) + 1}", "discrepancy_id": f"sl-{topic_id}",
                             "topic": standard["topic"], "source_id": "standard", "claim": standard["standard"],
                             "records": "", "basis": "reference", "reference": reference_id,
                             "note": standard["reference_note"][:400]})
            else:
                say(f"slips.csv {topic_id}: standard version SKIPPED: no URL in reference_note")
        if len(made) >= 2:
            tables.rows["discrepancies"] += made
        else:
            tables.rows["evidence"] = [e for e in tables.rows["evidence"]
                                       if not e["evidence_id"].startswith(f"sl-q-{topic_id}-")]
            say(f"slips.csv {topic_id}: SKIPPED, fewer than two versions")


def slip_reference(topic_id: str, note: str, tables: Tables, works: set[str]) -> str:
    """A references.csv row for the page a slip's standard version names (its first URL)."""
    urls = re.findall(r"https?://\S+?(?=[\s;)]|$)", note)
    if not urls:
        return ""
    url = urls[0].rstrip(".,")
    existing = next((row["reference_id"] for row in tables.rows["references"] if row["url"] == url), None)
    if existing:
        return existing
    author = note.split(",")[0].strip() or "unknown"
    title = re.search(r"'([^']+)'", note)
    reference_id = f"rs-{slug(topic_id, 40)}"
    tables.rows["references"].append({
        "reference_id": reference_id, "author": author, "title": title.group(1) if title else author,
        "year": "", "publisher": "", "url": url, "note": "read for the text's slip: " + note[:300]})
    works.add(reference_id)
    return reference_id


# Extracts left out because their work would go over the quoting limit (the team lead's order).
EXTRACTS_LEFT_OUT = {
    "ex-1921-serge-kronstadt": "Thompson & Lewis would reach 11.2% of their text (limit 10%)",
    "ex-1923-lenin-testament": "Cliff would reach 10.8% of his text (limit 10%)",
}


def merge_extracts(folder: Path, tables: Tables):
    columns = ["extract_id", "lesson", "source_id", "seed_file", "locator", "speaker", "provenance", "quote"]
    rows = staged(folder, "source_extracts.csv", columns)
    have = {row["extract_id"]: row for row in tables.rows["source_extracts"]
            if row["extract_id"] not in EXTRACTS_LEFT_OUT}
    for row in rows:
        if row["extract_id"] in EXTRACTS_LEFT_OUT:
            say(f"source_extracts.csv {row['extract_id']}: LEFT OUT: {EXTRACTS_LEFT_OUT[row['extract_id']]}")
            continue
        have[row["extract_id"]] = row
    tables.rows["source_extracts"] = list(have.values())


def merge_interpretations(folder: Path, tables: Tables):
    tables.keep_hand_made("interpretations", "interpretation_id")
    columns = ["interpretation_id", "source_id", "question", "answer", "speaker", "seed_file", "locator", "quote"]
    rows = staged(folder, "interpretations.csv", columns)
    known = {row["interpretation_id"] for row in tables.rows["interpretations"]}
    for number, row in enumerate(rows, start=1):
        row_id = row["interpretation_id"] if merged(row["interpretation_id"]) else f"xi-{row['interpretation_id']}"
        if row_id in known:
            continue
        tables.rows["interpretations"].append({**row, "interpretation_id": row_id})
        tables.rows["evidence"].append({
            "evidence_id": f"xi-q-{number:03d}", "table": "interpretations", "record_id": row_id,
            "source_id": row["source_id"], "seed_file": row["seed_file"], "locator": row["locator"],
            "speaker": row["speaker"], "quote": row["quote"]})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staging", default=str(DATA / "staging"))
    folder = Path(parser.parse_args().staging)
    tables = Tables()
    notes = Discrepancies(tables)
    tables.rows["evidence"] = [row for row in tables.rows["evidence"] if not merged(row["evidence_id"])]
    works = merge_references(folder, tables)
    merge_people(folder, tables, works, person_mentions(folder))
    people = {row["person_id"] for row in tables.rows["people"]}
    merge_slips(folder, tables, works)   # first: it clears the merged discrepancies
    merge_bodies(folder, tables, works, people, notes)
    merge_body_sizes(folder, tables, works, notes)
    merge_offices(folder, tables, works, people, notes)
    merge_events(folder, tables, works, people, notes)
    merge_factions(folder, tables, works, people, notes)
    merge_party_size(folder, tables, works, notes)
    merge_epilogue(folder, tables, works, people)
    merge_extracts(folder, tables)
    merge_interpretations(folder, tables)
    tables.save()
    for line in REPORT:
        print(line)
    for name in ("references", "people", "bodies", "body_sizes", "offices", "events", "event_people",
                 "faction_spans", "affiliations", "party_size", "epilogue", "discrepancies", "source_extracts",
                 "interpretations", "evidence"):
        print(f"{name}: {len(tables.rows[name])} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
