"""Check every table in data/ at once and report each problem with file, line and column.

Schema checks (types, required cells, allowed values, duplicate and unknown ids) are
Frictionless's, against data/datapackage.json. The checks a schema cannot express are
here: EDTF dates, evidence for every row, quotes found in their texts, the quoting cap
(measured on each work's own text), and the reference layer (reference_checks.py).
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections import defaultdict
from pathlib import Path

from .data import Problem, data_dir, read_descriptor, read_raw
from .dates import EDTFError, bounds

# How much of one text the quotes may add up to: cite, do not reproduce.
QUOTE_CAP_SHARE = 0.10
QUOTE_MAX_WORDS = 35
# A source extract (source_extracts.csv) is a longer passage a lesson reads closely.
EXTRACT_WORDS = (40, 160)
# Tables whose rows may rest on a named standard reference instead of a quote.
REFERENCE_ALLOWED = {"events", "faction_relations", "affiliations", "bodies", "discrepancies", "people",
                     "offices", "party_size", "body_sizes", "faction_spans", "epilogue"}
EXTERNAL_ALLOWED = REFERENCE_ALLOWED  # the v0.3 name
# Tables that need no rows in evidence.csv: the works themselves, and extracts that carry their quote.
NO_EVIDENCE = {"evidence", "references", "source_extracts"}


def seeds_dir() -> Path:
    """Where the source texts are: $SEEDS_DIR, else ../shared/seeds beside the repository."""
    if os.environ.get("SEEDS_DIR"):
        return Path(os.environ["SEEDS_DIR"])
    return Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def normalise(text: str) -> str:
    """Fold what differs between a quote and its text but not its words: white space,
    hyphenation at a line break, and curly against straight quotation marks."""
    text = (text or "").replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"-[ \t]*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def read_seeds(folder: Path) -> dict[str, str]:
    return {path.name: normalise(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))}


def record_key(resource: dict, row: dict[str, str]) -> str:
    """The id a row is cited by in evidence.csv (two-column keys joined with |)."""
    return "|".join(row[field] for field in resource["schema"]["primaryKey"])


def schema_problems(folder: Path, descriptor: dict) -> list[Problem]:
    from frictionless import validate  # imported here: it is slow to import and only this needs it

    keys = {resource["path"]: "|".join(resource["schema"]["primaryKey"]) for resource in descriptor["resources"]}
    report = validate(str(folder / "datapackage.json"))
    problems = []
    for error in report.errors:  # errors in the descriptor itself
        problems.append(Problem("datapackage.json", None, None, error.message))
    for task in report.tasks:
        for error in task.errors:
            column = getattr(error, "field_name", None)
            file = Path(task.place).name
            if error.type == "primary-key":
                column, message = keys.get(file), f"duplicate id: {error.note}"
            elif error.type == "foreign-key":
                match = re.search(r'for "([^"]+)"', error.note)
                column, message = (match.group(1) if match else column), f"unknown id: {error.note}"
            else:
                cell = getattr(error, "cell", None)
                message = f"{cell!r} breaks the rule {error.note}" if cell is not None else error.note
            problems.append(Problem(file, getattr(error, "row_number", None), column, message))
    return problems


def check(folder: Path | str | None = None, seeds: Path | str | None = None,
          require_seeds: bool = False) -> list[Problem]:
    """Every problem in the data, [] when it is clean."""
    folder = Path(folder) if folder else data_dir()
    descriptor = read_descriptor(folder)
    problems = schema_problems(folder, descriptor)
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    rows = {}
    for name, resource in resources.items():
        try:
            rows[name] = read_raw(folder, resource)[1]
        except FileNotFoundError:
            rows[name] = []  # Frictionless has reported the missing file
    problems += _date_problems(resources, rows)
    problems += _basis_problems(resources, rows)
    problems += _figure_problems(rows)
    problems += _discrepancy_problems(rows)
    problems += _evidence_problems(resources, rows)
    problems += _quote_problems(rows, seeds, require_seeds)
    problems += reference_problems(rows)
    return problems


def _date_problems(resources, rows) -> list[Problem]:
    problems = []
    for name, resource in resources.items():
        for line, row in enumerate(rows[name], start=2):
            if row.get("when"):
                try:
                    bounds(row["when"])
                except EDTFError as error:
                    problems.append(Problem(resource["path"], line, "when", str(error)))
    return problems


def _basis_problems(resources, rows) -> list[Problem]:
    problems = []
    works = {row["reference_id"] for row in rows.get("references", [])}
    for name, resource in resources.items():
        for line, row in enumerate(rows[name], start=2):
            if row.get("basis") != "reference":
                continue
            if name not in REFERENCE_ALLOWED:
                problems.append(Problem(resource["path"], line, "basis",
                                        f"basis reference is not allowed in {name}: every row needs a quote"))
            reference = row.get("reference", "").strip()
            if not reference:
                problems.append(Problem(resource["path"], line, "reference",
                                        "basis reference needs a named standard reference: "
                                        "'<reference_id>' or '<reference_id>, <locator>'"))
                continue
            for number, part in enumerate(reference.split(";")):
                reference_id = part.split(",")[0].strip()
                # After the first, a part is another work only if it starts with an id (no spaces):
                # a locator may itself hold a semicolon.
                if number and " " in reference_id:
                    continue
                if reference_id not in works:
                    problems.append(Problem(resource["path"], line, "reference",
                                            f"{reference_id!r} is not a reference_id of references.csv"))
    return problems


def _figure_problems(rows) -> list[Problem]:
    problems = []
    for line, row in enumerate(rows.get("figures", []), start=2):
        try:
            low, high = float(row["value_low"]), float(row["value_high"])
        except (KeyError, ValueError):
            continue  # Frictionless reports a cell that is not a number
        if low > high:
            problems.append(Problem("figures.csv", line, "value_high",
                                    f"{row['value_high']} is below value_low {row['value_low']}: expected low <= high"))
    return problems


def _discrepancy_problems(rows) -> list[Problem]:
    problems = []
    sources = {row["source_id"] for row in rows.get("sources", [])} | {"standard"}
    versions = defaultdict(list)
    for line, row in enumerate(rows.get("discrepancies", []), start=2):
        versions[row["discrepancy_id"]].append(line)
        if row["source_id"] not in sources:
            problems.append(Problem("discrepancies.csv", line, "source_id",
                                    f"unknown source {row['source_id']!r}: expected a source_id or standard"))
    for discrepancy, lines in versions.items():
        if len(lines) < 2:
            problems.append(Problem("discrepancies.csv", lines[0], "discrepancy_id",
                                    f"{discrepancy!r} has one version: a disagreement needs at least two"))
    return problems


def _evidence_problems(resources, rows) -> list[Problem]:
    problems = []
    keys = {name: {record_key(resources[name], row) for row in rows[name]} for name in resources
            if name not in NO_EVIDENCE}
    cited = defaultdict(set)
    for line, row in enumerate(rows.get("evidence", []), start=2):
        table, record = row.get("table", ""), row.get("record_id", "")
        cited[table].add(record)
        if table in keys and record not in keys[table]:
            problems.append(Problem("evidence.csv", line, "record_id", f"unknown id {record!r}: no such row in {table}.csv"))
    reference_events = {row["event_id"] for row in rows.get("events", []) if row.get("basis") == "reference"}
    for name, resource in resources.items():
        if name in NO_EVIDENCE:
            continue
        for line, row in enumerate(rows[name], start=2):
            if row.get("basis") == "reference":
                continue
            if name == "event_people" and row.get("event_id") in reference_events:
                continue  # the people of a reference event rest on the event's reference
            if record_key(resource, row) not in cited[name]:
                problems.append(Problem(resource["path"], line, None,
                                        f"row {record_key(resource, row)!r} has no evidence: expected a row in evidence.csv"))
    return problems


def _quote_problems(rows, seeds, require_seeds) -> list[Problem]:
    folder = Path(seeds) if seeds else seeds_dir()
    if not folder.is_dir():
        if require_seeds:
            return [Problem(str(folder), None, None, "the source texts are missing: set SEEDS_DIR")]
        return []
    texts = read_seeds(folder)
    files_of = {row["source_id"]: row["seed_files"].split() for row in rows.get("sources", [])}
    problems = []
    for table, words in (("evidence", (1, QUOTE_MAX_WORDS)), ("source_extracts", EXTRACT_WORDS)):
        for line, row in enumerate(rows.get(table, []), start=2):
            problems += _one_quote(f"{table}.csv", line, row, texts, files_of, folder, words)
    for source, (used, length) in quoted_characters(rows, texts).items():
        if length and used > QUOTE_CAP_SHARE * length:
            problems.append(Problem("evidence.csv", None, "quote",
                                    f"quotes from {source} cover {used} characters, {used / length:.1%} of its text "
                                    f"(evidence and source extracts together): expected at most {QUOTE_CAP_SHARE:.0%}"))
    return problems


def _one_quote(file, line, row, texts, files_of, folder, words) -> list[Problem]:
    quote, seed = normalise(row.get("quote", "")), row.get("seed_file", "")
    if seed not in files_of.get(row.get("source_id"), []):
        return [Problem(file, line, "seed_file", f"{seed!r} is not a file of source {row.get('source_id')!r}")]
    if seed not in texts:
        return [Problem(file, line, "seed_file", f"{seed!r} is not in {folder}")]
    problems = []
    if quote not in texts[seed]:
        problems.append(Problem(file, line, "quote",
                                f"quote not found in {seed}: {row['quote'][:60]!r}; expected an exact passage"))
    count = len(quote.split())
    if not words[0] <= count <= words[1]:
        problems.append(Problem(file, line, "quote", f"{count} words: expected {words[0]} to {words[1]}"))
    return problems


def work_text(files: list[str], texts: dict[str, str]) -> str:
    """A work's own text: its files in order, a passage that one excerpt repeats from the end
    of the one before counted once (Roberts's two excerpts overlap by about 1,100 characters)."""
    whole = ""
    for name in files:
        text = texts.get(name, "")
        overlap = next((k for k in range(min(len(whole), len(text)), 20, -1) if whole.endswith(text[:k])), 0)
        if not whole:
            whole = text
        else:  # a repeated passage continues the text seamlessly; separate files get a space
            whole = whole + text[overlap:] if overlap else whole + " " + text
    return whole


def quoted_characters(rows, texts) -> dict[str, tuple[int, int]]:
    """source_id -> (characters of its text that quotes cover, characters of its text).

    Each character counts once however many quotes cover it, on the work's own text."""
    quotes = defaultdict(set)
    for table in ("evidence", "source_extracts"):
        for row in rows.get(table, []):
            quotes[row.get("source_id")].add(normalise(row.get("quote", "")))
    result = {}
    for row in rows.get("sources", []):
        whole = work_text(row["seed_files"].split(), texts)
        covered = bytearray(len(whole))
        for quote in quotes[row["source_id"]]:
            start = whole.find(quote) if quote else -1
            if start >= 0:
                covered[start:start + len(quote)] = b"\x01" * len(quote)
        result[row["source_id"]] = (sum(covered), len(whole))
    return result


_quoted_characters = quoted_characters  # the v0.3 name


def quote_usage(folder: Path | str | None = None, seeds: Path | str | None = None) -> dict[str, float]:
    """The share of each work's own text that its quotes cover."""
    folder = Path(folder) if folder else data_dir()
    resources = {resource["name"]: resource for resource in read_descriptor(folder)["resources"]}
    rows = {name: read_raw(folder, resources[name])[1] for name in ("sources", "evidence", "source_extracts")
            if name in resources}
    texts = read_seeds(Path(seeds) if seeds else seeds_dir())
    return {source: used / length if length else 0.0
            for source, (used, length) in quoted_characters(rows, texts).items()}


# ---- The reference layer -------------------------------------------------------------------

# Vague plurals give a floor, never a ceiling: "thousands" is at least 2,000, not "up to 9,999".
VAGUE_PLURALS = {"thousands", "thousands more", "tens of thousands", "hundreds", "a few hundred", "millions",
                 "hundreds of thousands", "many thousands", "several thousand", "dozens"}
# The months in which every seat of the Politburo must show.
POLITBURO_MONTHS = ("1921-03", "1929-12")
FAR = dt.date(2099, 1, 1)


def reference_problems(rows) -> list[Problem]:
    """Checks of the reference layer that a schema cannot express."""
    return (_work_problems(rows) + _seat_problems(rows) + _size_problems(rows) + _coverage_problems(rows) + _office_problems(rows)
            + _vague_problems(rows) + _party_size_problems(rows))


def _work_problems(rows) -> list[Problem]:
    """Every work names the page read; only the legacy rows of v0.3 may lack one."""
    problems = []
    for line, row in enumerate(rows.get("references", []), start=2):
        if not row.get("url", "").strip() and not row.get("reference_id", "").startswith("legacy-"):
            problems.append(Problem("references.csv", line, "url",
                                    "empty: expected the address (URL) of the page read"))
    return problems


def _span(row) -> tuple[dt.date, dt.date] | None:
    """[start, end) of a reference row: the day it began and the day the next one did."""
    try:
        found = bounds(row.get("when", ""))
    except EDTFError:
        return None  # reported by _date_problems
    end = found.end_latest if found.end_latest < FAR else dt.date(2100, 12, 31)
    return found.start_earliest, (end if end > found.start_earliest else found.end_latest)


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _seat_problems(rows) -> list[Problem]:
    """No one holds a full and a candidate seat of one body at once."""
    problems = []
    seats = defaultdict(list)
    for line, row in enumerate(rows.get("bodies", []), start=2):
        if row.get("basis") == "reference" and row.get("status") in ("full", "candidate"):
            span = _span(row)
            if span:
                seats[(row["body"], row["person_id"])].append((line, row["status"], span))
    for (body, person), held in seats.items():
        for line, status, span in held:
            if status != "candidate":
                continue
            for other_line, other, other_span in held:
                if other == "full" and _overlaps(span, other_span):
                    problems.append(Problem("bodies.csv", line, "status",
                                            f"{person} is a candidate of the {body} here and a full member at the "
                                            f"same time (line {other_line}): expected one seat at a time"))
    return problems


def _size_problems(rows) -> list[Problem]:
    """The seats the reference layer lists one by one add up to the sizes a reference gives:
    on the day given, or (for a month or a year) on some day of it."""
    spans = defaultdict(list)
    for row in rows.get("bodies", []):
        span = _span(row) if row.get("basis") == "reference" else None
        if span:
            spans[row["body"]].append((span, row["status"]))
    problems = []
    for line, row in enumerate(rows.get("body_sizes", []), start=2):
        try:
            period = bounds(row["when"])
        except EDTFError:
            continue  # reported by _date_problems
        wanted = {column: int(row[column]) for column in ("full", "candidates", "total")
                  if row.get(column, "").strip().isdigit()}
        held = spans.get(row["body"], [])
        days = {period.start_earliest} | {start for (start, _), _ in held
                                          if period.start_earliest <= start <= period.end_latest}
        counted = []
        for day in sorted(days):
            seats = [status for (start, end), status in held if start <= day < end]
            full, candidates = sum(s in ("full", "member") for s in seats), seats.count("candidate")
            counted.append({"full": full, "candidates": candidates, "total": full + candidates})
        if not any(all(count[c] == n for c, n in wanted.items()) for count in counted):
            have = "; ".join(f"{c['full']} full and {c['candidates']} candidates" for c in counted[:3])
            problems.append(Problem("body_sizes.csv", line, None,
                                    f"the reference gives {wanted} seats of the {row['body']} on {row['when']}, "
                                    f"but the seats in bodies.csv are {have or 'none'}: expected the same count"))
    return problems


def _month_ends(first: str, last: str):
    year, month = map(int, first.split("-"))
    while f"{year}-{month:02d}" <= last:
        yield f"{year}-{month:02d}", dt.date(year, month, calendar.monthrange(year, month)[1])
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _coverage_problems(rows) -> list[Problem]:
    """Once the reference layer has Politburo rows, every month shows its full members."""
    spans = [_span(row) for row in rows.get("bodies", [])
             if row.get("basis") == "reference" and row.get("body") == "politburo" and row.get("status") == "full"]
    spans = [span for span in spans if span]
    if not spans:
        return []
    empty = [label for label, day in _month_ends(*POLITBURO_MONTHS)
             if not any(start <= day < end for start, end in spans)]
    if not empty:
        return []
    return [Problem("bodies.csv", None, "when",
                    f"no reference Politburo member is in force at the end of {len(empty)} month(s) "
                    f"({', '.join(empty[:6])}{' ...' if len(empty) > 6 else ''}): expected every seat in every month "
                    f"{POLITBURO_MONTHS[0]} to {POLITBURO_MONTHS[1]}")]


def _office_problems(rows) -> list[Problem]:
    """One holder of an office at a time."""
    held = defaultdict(list)
    problems = []
    for line, row in enumerate(rows.get("offices", []), start=2):
        span = _span(row) if row.get("basis") == "reference" else None
        if not span:
            continue
        for other_line, person, other in held[row["office"]]:
            if _overlaps(span, other) and person != row["person_id"]:
                problems.append(Problem("offices.csv", line, "when",
                                        f"{row['person_id']} holds {row['office']} at the same time as {person} "
                                        f"(line {other_line}): expected one holder at a time"))
        held[row["office"]].append((line, row["person_id"], span))
    return problems


def _vague_problems(rows) -> list[Problem]:
    problems = []
    for line, row in enumerate(rows.get("figures", []), start=2):
        if row.get("qualifier", "").strip().lower() in VAGUE_PLURALS and row.get("value_high", "").strip():
            problems.append(Problem("figures.csv", line, "value_high",
                                    f"{row['qualifier']!r} gives no upper bound: expected value_high empty "
                                    f"(empty means 'at least value_low')"))
    return problems


def _party_size_problems(rows) -> list[Problem]:
    problems = []
    for line, row in enumerate(rows.get("party_size", []), start=2):
        numbers = {column: row.get(column, "").strip() for column in ("full_members", "candidates", "total")}
        if not any(numbers.values()):
            problems.append(Problem("party_size.csv", line, None,
                                    "no number: expected full_members, candidates or total as the reference states"))
        elif all(value.isdigit() for value in numbers.values()):
            full, candidates, total = (int(numbers[c]) for c in ("full_members", "candidates", "total"))
            if abs(full + candidates - total) > 0.01 * total:
                problems.append(Problem("party_size.csv", line, "total",
                                        f"{full} members and {candidates} candidates make {full + candidates}, "
                                        f"not {total}: check the reference"))
    return problems
