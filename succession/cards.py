"""Readable cards for the lessons: evidence, disagreements, events and plain tables.

A student never reads a DataFrame. Each function here returns a Card: an object that a
notebook displays as plain HTML (real <th> headings, dates in words, who speaks and in which
text) and that prints as plain text (for tests and screen readers).

    evidence_card("events", "ev-1923-04-twelfth-congress")
    disagreement_card("troika-span")
    event_cards("1923-01", "1923-12")
    plain_table(frame, {"when": "When", "title": "What happened"})
    how_do_we_know("Standard histories date ...")
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

from . import dates
from .data import Tables, load

# How the lessons name the four texts (and the standard histories) in a sentence.
TEXT_NAMES = {
    "cliff": "Cliff",
    "thompson_lewis": "Thompson and Lewis",
    "thesis": "the thesis",
    "roberts": "Roberts",
    "standard": "standard histories",
}

# Speakers who are not people in people.csv: the authors, documents and historians quoted.
SPEAKER_NAMES = {
    "cliff": "Tony Cliff (the author)",
    "thompson_lewis": "Thompson and Lewis (the authors)",
    "thesis": "the thesis's author",
    "roberts": "Geoffrey Roberts (the author)",
    "fifteenth_congress": "the Fifteenth Congress (a resolution)",
    "party_resolution": "a party resolution",
    "declaration_of_thirteen": "the Declaration of the Thirteen",
}

STYLE = """<style>
.sc-card{border:1px solid #57606a;border-radius:6px;padding:0.6em 0.9em;margin:0.6em 0;
 max-width:52em;background:#ffffff;color:#1f2328;font-size:1em;line-height:1.45}
.sc-card h3{margin:0 0 0.4em 0;font-size:1.05em}
.sc-card blockquote{margin:0.4em 0 0.2em 0;padding-left:0.8em;border-left:4px solid #0969da}
.sc-card .sc-who{margin:0 0 0.6em 0;color:#3b434b}
.sc-card table{border-collapse:collapse;margin:0.3em 0;table-layout:auto}
.sc-card table th,.sc-card table td{border:1px solid #8c959f !important;
 padding:0.3em 0.5em !important;text-align:left !important;vertical-align:top !important;
 color:#1f2328 !important;max-width:none !important}
.sc-card table th{background:#eaeef2 !important}
.sc-card table tbody tr,.sc-card table tbody tr:hover{background:#ffffff !important}
.sc-card caption{text-align:left;font-weight:bold;padding-bottom:0.3em}
.sc-how{border-left:6px solid #9a6700;background:#fff8c5}
.sc-disagree{border-left:6px solid #8250df}
</style>"""


class CardError(LookupError):
    """A card asked for a row that the evidence base does not hold."""


@dataclass
class Card:
    """Something a notebook shows: HTML for the screen, plain text for print and tests."""
    html: str
    text: str
    kind: str = "card"

    def _repr_html_(self) -> str:
        return STYLE + self.html

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def _esc(value) -> str:
    missing = value is None or (isinstance(value, float) and pd.isna(value))
    return html.escape("" if missing else str(value))


def _card(kind: str, parts: list[str], lines: list[str]) -> Card:
    body = "".join(parts)
    return Card(f"<div class='sc-card sc-{kind}'>{body}</div>", "\n".join(lines), kind)


def _tables(tables: Tables | None) -> Tables:
    return tables if tables is not None else load()


# --- dates in words ---------------------------------------------------------------------------

def in_words(edtf) -> str:
    """An EDTF date as a student reads it ('December 1922 or January 1923')."""
    text = "" if edtf is None or (isinstance(edtf, float) and pd.isna(edtf)) else str(edtf)
    return dates.in_words(text)


# --- names ------------------------------------------------------------------------------------

def text_name(source_id: str) -> str:
    return TEXT_NAMES.get(source_id, source_id.replace("_", " "))


def speaker_name(speaker: str, tables: Tables) -> str:
    if speaker in SPEAKER_NAMES:
        return SPEAKER_NAMES[speaker]
    people = tables.people.set_index("person_id")["name"]
    if speaker in people.index:
        return people[speaker]
    return f"{speaker.replace('_', ' ').title()} (a historian or witness the text quotes)"


def work_title(source_id: str, tables: Tables) -> str:
    sources = tables.sources.set_index("source_id")
    if source_id not in sources.index:
        return text_name(source_id)
    row = sources.loc[source_id]
    year = "" if str(row["year"]) == "unknown" else f" ({row['year']})"
    author = "" if str(row["author"]) == "unknown" else f"{row['author']}, "
    return f"{author}{row['title'].split(' (')[0].split(',')[0]}{year}"


# --- cards ------------------------------------------------------------------------------------

def _record_heading(table: str, record_id: str, tables: Tables) -> tuple[str, str]:
    """A short heading for a row and the row's own words (a description or a view)."""
    frame = tables[table]
    key = {"events": "event_id", "interpretations": "interpretation_id", "figures": "figure_id",
           "affiliations": "affiliation_id"}.get(table, frame.columns[0])
    rows = frame[frame[key] == record_id]
    if rows.empty:
        raise CardError(f"{table}.csv has no row {record_id!r}: check the id in the lesson cell")
    row = rows.iloc[0]
    if table == "events":
        return f"{row['title']} ({in_words(row['when'])})", row["description"]
    if table == "interpretations":
        return f"{text_name(row['source_id']).capitalize()}'s view", row["answer"]
    if table == "figures":
        return row["description"], ""
    return record_id, ""


def evidence_card(table: str, record_id: str, tables: Tables | None = None,
                  limit: int = 3) -> Card:
    """The quotes behind one row: the words, who speaks, in which text, and where."""
    tables = _tables(tables)
    heading, summary = _record_heading(table, record_id, tables)
    evidence = tables.evidence
    rows = evidence[(evidence["table"] == table) & (evidence["record_id"] == record_id)]
    # one quote from each text first, so that a card never hides a text behind another's quotes
    first = ~rows["source_id"].duplicated()
    rows = pd.concat([rows[first], rows[~first]]).head(max(limit, int(first.sum())))
    basis_rows = tables[table][tables[table].iloc[:, 0] == record_id]
    if rows.empty and "basis" in basis_rows and (basis_rows["basis"] != "text").all():
        source = reference_words(basis_rows.iloc[0].get("reference"), tables)
        return _card("evidence",
                     [f"<h3>{_esc(heading)}</h3><p>{_esc(summary)}</p>",
                      f"<p class='sc-who'><b>Standard history:</b> {_esc(source)}.</p>"],
                     [heading, summary, f"Standard history: {source}."])
    if rows.empty:
        raise CardError(f"evidence.csv has no quote for {table} {record_id!r}")
    parts = [f"<h3>{_esc(heading)}</h3>"]
    lines = [heading]
    if summary:
        parts.append(f"<p>{_esc(summary)}</p>")
        lines.append(summary)
    for row in rows.itertuples():
        who = speaker_name(row.speaker, tables)
        where = f"{work_title(row.source_id, tables)}, {row.locator}"
        parts.append(f"<blockquote>\u201c{_esc(row.quote)}\u201d</blockquote>"
                     f"<p class='sc-who'><b>Who speaks:</b> {_esc(who)}. "
                     f"<b>In:</b> {_esc(where)}.</p>")
        lines.append(f'"{row.quote}" - who speaks: {who}; in: {where}.')
    return _card("evidence", parts, lines)


def _says(source_id: str) -> str:
    name = text_name(source_id)
    name = name[0].upper() + name[1:]
    return f"{name} say" if source_id in ("thompson_lewis", "standard") else f"{name} says"


def disagreement_card(discrepancy_id: str, tables: Tables | None = None) -> Card:
    """Every version of a disputed fact: 'Cliff says ... / standard histories say ...'."""
    tables = _tables(tables)
    frame = tables.discrepancies
    rows = frame[frame["discrepancy_id"] == discrepancy_id]
    if rows.empty:
        raise CardError(f"discrepancies.csv has no disagreement {discrepancy_id!r}")
    topic = rows.iloc[0]["topic"]
    parts = [f"<h3>The texts disagree: {_esc(topic)}</h3><ul>"]
    lines = [f"The texts disagree: {topic}"]
    for row in rows.itertuples():
        reference = row.reference if isinstance(row.reference, str) and row.reference else ""
        reference = reference_words(reference, tables, short=True) if reference else ""
        cite = f" <i>({_esc(reference)})</i>" if reference else ""
        parts.append(f"<li><b>{_esc(_says(row.source_id))}:</b> {_esc(row.claim)}{cite}</li>")
        lines.append(f"{_says(row.source_id)}: {row.claim}" + (f" ({reference})" * bool(reference)))
    parts.append("</ul>")
    return _card("disagree", parts, lines)


def _short_work(row) -> str:
    author = str(row["author"]).replace("Wikipedia contributors", "Wikipedia").split(" (")[0]
    title = re.split(r" \(|: |, chapter|, section", str(row["title"]))[0]
    return f"{author}, {title}"


def reference_words(reference, tables: Tables, short: bool = False) -> str:
    """'re-figes-peoples-tragedy, chapter on 1921' -> 'Orlando Figes, A People's Tragedy ...
    (2017), chapter on 1921'; short=True gives only the author and a short title."""
    if not isinstance(reference, str) or not reference.strip():
        return "a standard history"
    works = tables.references.set_index("reference_id") if "references" in tables.names else None
    named = []
    for part in reference.split(";"):
        work_id, _, locator = part.strip().partition(",")
        work_id, locator = work_id.strip(), locator.strip()
        if works is not None and work_id in works.index and short:
            named.append(_short_work(works.loc[work_id]))
        elif works is not None and work_id in works.index:
            row = works.loc[work_id]
            year = row["year"]
            year = f" ({int(float(year))})" if str(year) not in ("", "nan") else ""
            where = f", {locator}" if locator else ""
            named.append(f"{row['author']}, {row['title']}{year}{where}")
        else:
            named.append(part.strip())
    return "; ".join(named)


def _who_dates(event_id: str, basis: str, reference, tables: Tables) -> str:
    if basis != "text":
        return "standard history: " + reference_words(reference, tables, short=True)
    evidence = tables.evidence
    rows = evidence[(evidence["table"] == "events") & (evidence["record_id"] == event_id)]
    sources = rows["source_id"]
    return ", ".join(text_name(s) for s in dict.fromkeys(sources)) or "no text named"


def event_rows(first, last, tables: Tables | None = None,
               ids: list[str] | None = None) -> pd.DataFrame:
    """The events a lesson tells, in order, with plain dates and who dates each one."""
    from .timeline import events_between
    tables = _tables(tables)
    if ids is not None:
        found = tables.events.set_index("event_id").loc[ids].reset_index()
    else:
        found = events_between(first, last, tables)
        if "event_id" not in found.columns:
            found = found.reset_index()
    found = found.copy()
    found["date_words"] = found["when"].map(in_words)
    found["who_dates"] = [_who_dates(r.event_id, r.basis, r.reference, tables)
                          for r in found.itertuples()]
    if "same_as" in found.columns:   # a text event the standard histories date more exactly
        events = tables.events.set_index("event_id")
        for index, row in found.iterrows():
            twin = row["same_as"]
            if row["basis"] == "text" and isinstance(twin, str) and twin in events.index:
                dated = events.loc[twin]
                if dated["when"] != row["when"]:
                    texts = in_words(row["when"])
                    dated_words = in_words(dated["when"])
                    found.loc[index, "date_words"] = f"{dated_words} (the texts: {texts})"
                dater = reference_words(dated["reference"], tables, short=True)
                found.loc[index, "who_dates"] += "; date: " + dater
                for column in ("start_earliest", "start_latest"):
                    if column in found.columns:
                        found.loc[index, column] = dated[column]
    if "start_earliest" in found.columns:   # order by the middle of the span a start may fall in
        middle = found["start_earliest"] + (found["start_latest"] - found["start_earliest"]) / 2
        found = found.assign(_middle=middle).sort_values("_middle", kind="stable")
        found = found.drop(columns="_middle")
    return found


def event_cards(first, last, tables: Tables | None = None, ids: list[str] | None = None) -> Card:
    """A lesson's events as a dated list: when (in words), what happened, who tells it."""
    rows = event_rows(first, last, tables, ids)
    if rows.empty:
        raise CardError(f"no events between {first} and {last}")
    shown = rows[["date_words", "title", "description", "who_dates"]]
    return plain_table(shown, {"date_words": "When", "title": "What happened",
                               "description": "In more detail", "who_dates": "Who tells it"},
                       caption=f"What happened, {in_words(str(first))} to {in_words(str(last))}")


DATE_COLUMNS = {"when", "start", "end"}
# Inline as well as in STYLE: JupyterLab's own table rules (right-aligned cells) would win.
CELL_STYLE = "text-align:left;vertical-align:top;border:1px solid #8c959f;padding:0.3em 0.5em"


def plain_table(frame: pd.DataFrame, columns: dict[str, str] | list[str],
                caption: str = "") -> Card:
    """A small table with plain headings (<th>) and dates in words; never a raw DataFrame."""
    if isinstance(columns, list):
        columns = {name: name.replace("_", " ").capitalize() for name in columns}
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise CardError(f"plain_table: no column {', '.join(missing)}; "
                        f"the table has {', '.join(frame.columns)}")
    head = "".join(f"<th scope='col' style='{CELL_STYLE};background:#eaeef2'>{_esc(label)}</th>"
                   for label in columns.values())
    body, lines = [], [caption] if caption else []
    for _, row in frame.iterrows():
        cells = []
        for name in columns:
            value = row[name]
            if name in DATE_COLUMNS and isinstance(value, str):
                value = in_words(value)
            if isinstance(value, (list, tuple)):
                value = ", ".join(map(str, value))
            cells.append(_esc(value))
        tds = "".join(f"<td style='{CELL_STYLE}'>{cell}</td>" for cell in cells)
        body.append(f"<tr>{tds}</tr>")
        lines.append(" | ".join(cells))
    cap = f"<caption style='text-align:left'>{_esc(caption)}</caption>" if caption else ""
    table = f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    return Card(f"<div class='sc-card sc-table'>{table}</div>", html.unescape("\n".join(lines)),
                "table")


def how_do_we_know(text: str, title: str = "How do we know?") -> Card:
    """An optional box for what the four texts leave out and where the fact comes from."""
    return Card(f"<div class='sc-card sc-how'><h3>{_esc(title)}</h3><p>{_esc(text)}</p></div>",
                f"{title} {text}", "how")


def views_card(ids: list[str], tables: Tables | None = None,
               title: str = "What the texts say") -> Card:
    """Several texts' views side by side, each said in the module's own words, with its speaker."""
    tables = _tables(tables)
    frame = tables.interpretations.set_index("interpretation_id")
    unknown = [i for i in ids if i not in frame.index]
    if unknown:
        raise CardError(f"interpretations.csv has no row {', '.join(unknown)}")
    parts, lines = [f"<h3>{_esc(title)}</h3><ul>"], [title]
    for record in ids:
        row = frame.loc[record]
        voice = text_name(row["source_id"])
        voice = voice[0].upper() + voice[1:]
        if row["speaker"] != row["source_id"]:
            voice += f", quoting {speaker_name(row['speaker'], tables).split(' (')[0]}"
        parts.append(f"<li><b>{_esc(voice)}:</b> {_esc(row['answer'])}</li>")
        lines.append(f"{voice}: {row['answer']}")
    parts.append("</ul>")
    return _card("views", parts, lines)


def source_extract(extract_id: str, tables: Tables | None = None) -> Card:
    """A source task's extract (60-150 words) with its provenance, from source_extracts.csv."""
    tables = _tables(tables)
    if "source_extracts" not in tables.names:
        raise CardError("the evidence base has no source_extracts table yet")
    frame = tables.source_extracts
    rows = frame[frame["extract_id"] == extract_id]
    if rows.empty:
        raise CardError(f"source_extracts.csv has no extract {extract_id!r}")
    row = rows.iloc[0]
    who = speaker_name(row["speaker"], tables)
    where = f"{work_title(row['source_id'], tables)}, {row['locator']}"
    return _card("extract",
                 [f"<h3>Source</h3><p><i>{_esc(row['provenance'])}</i></p>",
                  f"<blockquote>{_esc(row['quote'])}</blockquote>",
                  f"<p class='sc-who'><b>Who speaks:</b> {_esc(who)}. "
                  f"<b>Quoted in:</b> {_esc(where)}.</p>"],
                 [f"Source. {row['provenance']}", row["quote"],
                  f"Who speaks: {who}; quoted in: {where}."])


UNIT_WORDS = {
    "index_1913_100": "(1913 = 100)",
    "index_normal_output_100": "(normal output = 100)",
    "index_prewar_100": "(before the war = 100)",
    "percent": "per cent",
    "percent_of_former_population": "per cent of the former population",
    "ratio": "times the prewar price",
}


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() or value >= 100 else f"{value:g}"


def figure_words(row) -> str:
    """'less than 10 (normal output = 100)', '5,000 to 8,000 people', 'at least 2.2 times ...'."""
    low, high = row["value_low"], row["value_high"]
    unit = UNIT_WORDS.get(row["unit"], str(row["unit"]).replace("_", " "))
    if pd.isna(high):
        number = f"at least {_number(low)}"
    elif low == high:
        number = _number(low)
    elif low == 0:
        number = f"up to {_number(high)}"
    else:
        number = f"{_number(low)} to {_number(high)}"
    qualifier = row.get("qualifier")
    said = f" (the text says '{qualifier}')" if isinstance(qualifier, str) and qualifier else ""
    return f"{number} {unit}{said}"


def figures_card(tables: Tables | None = None, ids: list[str] | None = None,
                 counts: str | None = None, source_id: str | None = None,
                 speaker: str | None = None, caption: str = "") -> Card:
    """Figures the texts give, in words: what is counted, how many, when, who says it, where."""
    tables = _tables(tables)
    frame = tables.figures
    if ids is not None:
        unknown = sorted(set(ids) - set(frame["figure_id"]))
        if unknown:
            raise CardError(f"figures.csv has no row {', '.join(unknown)}")
        frame = frame.set_index("figure_id").loc[ids].reset_index()
    for column, wanted in (("counts", counts), ("source_id", source_id), ("speaker", speaker)):
        if wanted is not None:
            frame = frame[frame[column] == wanted]
    if frame.empty:
        raise CardError("no figures match the lesson's choice")
    who = [f"{speaker_name(r.speaker, tables).split(' (')[0]}, in {text_name(r.source_id)}"
           for r in frame.itertuples()]
    shown = frame.assign(amount=[figure_words(row) for _, row in frame.iterrows()], who=who)
    return plain_table(shown, {"description": "What is counted", "amount": "How many",
                               "when": "When", "who": "Who says it"}, caption=caption)


def glossary_card(term_ids: list[str], tables: Tables | None = None) -> Card:
    """The lesson's key words and their meanings."""
    tables = _tables(tables)
    frame = tables.glossary.set_index("term_id")
    unknown = [term for term in term_ids if term not in frame.index]
    if unknown:
        raise CardError(f"glossary.csv has no term {', '.join(unknown)}")
    return plain_table(frame.loc[term_ids].reset_index(),
                       {"term": "Word", "definition": "What it means"}, caption="Key words")


def sources_card(tables: Tables | None = None) -> Card:
    """The four works: who wrote each, when, what kind of writing, and from which standpoint."""
    tables = _tables(tables)
    frame = tables.sources.replace({"year": {"unknown": "not given in our copy"},
                                    "author": {"unknown": "not given in our copy"}})
    return plain_table(frame, {"author": "Author", "title": "Work", "year": "Year",
                               "kind": "Kind of writing",
                               "stance": "Standpoint (in the module's words)"},
                       caption="The four works")


def epilogue_card(person_ids: list[str], tables: Tables | None = None) -> Card:
    """What became of each rival after 1929, person by person, each line with its reference."""
    tables = _tables(tables)
    if "epilogue" not in tables.names:
        raise CardError("the evidence base has no epilogue table yet")
    frame = tables.epilogue
    people = tables.people.set_index("person_id")["name"]
    parts, lines = ["<h3>What became of them</h3>"], ["What became of them"]
    for person in person_ids:
        rows = frame[frame["person_id"] == person].sort_values("when", kind="stable")
        if rows.empty:
            raise CardError(f"epilogue.csv has nothing on {person!r}")
        name = people.get(person, person)
        parts.append(f"<p><b>{_esc(name)}</b></p><ul>")
        lines.append(name)
        for row in rows.itertuples():
            source = reference_words(row.reference, tables, short=True)
            parts.append(f"<li>{_esc(in_words(row.when))}: {_esc(row.what)} "
                         f"<i>({_esc(source)})</i></li>")
            lines.append(f"{in_words(row.when)}: {row.what} ({source})")
        parts.append("</ul>")
    return _card("epilogue", parts, lines)


def factions_card(when: str, faction_ids: list[str], tables: Tables | None = None) -> Card:
    """Who stood in which faction in one month: the person, how sure the date is, who says so."""
    from .timeline import STATUS_WORDS, members_on
    tables = _tables(tables)
    names = tables.factions.set_index("faction_id")["name"]
    rows = []
    for faction in faction_ids:
        if faction not in names.index:
            raise CardError(f"factions.csv has no faction {faction!r}")
        members = members_on(faction, when, tables)
        for member in members.itertuples():
            sources = member.sources
            if not isinstance(sources, str):
                sources = ", ".join(sources or [])
            said = ", ".join(text_name(s.strip()) for s in re.split(r"[;,]", sources) if s.strip())
            rows.append({"faction": names[faction], "name": member.name,
                         "status": STATUS_WORDS.get(member.status, member.status),
                         "said": said or "standard history"})
    frame = pd.DataFrame(rows, columns=["faction", "name", "status", "said"])
    if frame.empty:
        raise CardError(f"no faction members recorded for {when}")
    return plain_table(frame, {"faction": "Group", "name": "Who", "status": "How sure the date is",
                               "said": "Who says so"}, caption=f"Who stood where, {in_words(when)}")


def seats_card(body: str, when: str, tables: Tables | None = None) -> Card:
    """A party body's seats in one month from the standard histories, and which texts name each."""
    from .timeline import seats_on
    tables = _tables(tables)
    seats = seats_on(body, when, tables)
    if seats.empty:
        raise CardError(f"no {body} seats recorded for {when}")
    named = [", ".join(text_name(s) for s in texts) or "none of our texts"
             for texts in seats["mentioned_by"]]
    shown = seats.assign(named=named, seat=seats["seat"].replace({"full": "full member",
                                                                  "candidate": "candidate"}))
    title = body.replace("_", " ").capitalize()
    return plain_table(shown, {"name": "Who", "seat": "Seat", "named": "Which texts name them"},
                       caption=f"The {title}, {in_words(when)} (standard histories)")
