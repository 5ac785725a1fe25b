"""Check every table in data/ at once and report each problem with file, line and column.

Schema checks (types, required cells, allowed values, duplicate and unknown ids) are
Frictionless's, against data/datapackage.json. The checks a schema cannot express are
here: EDTF dates, evidence for every row, quotes found in their texts, the quoting cap.
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

from .data import Problem, data_dir, read_descriptor, read_raw
from .dates import EDTFError, bounds

# How much of one text the quotes may add up to: cite, do not reproduce.
QUOTE_CAP_SHARE = 0.10
QUOTE_MAX_WORDS = 35
# Tables whose rows may rest on a named standard reference instead of a quote.
EXTERNAL_ALLOWED = {"events", "faction_relations", "affiliations", "bodies", "discrepancies"}


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
    for name, resource in resources.items():
        for line, row in enumerate(rows[name], start=2):
            if row.get("basis") != "external":
                continue
            if name not in EXTERNAL_ALLOWED:
                problems.append(Problem(resource["path"], line, "basis",
                                        f"basis external is not allowed in {name}: every row needs a quote"))
            if not row.get("reference", "").strip():
                problems.append(Problem(resource["path"], line, "reference",
                                        "basis external needs a named standard reference"))
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
    keys = {name: {record_key(resources[name], row) for row in rows[name]} for name in resources if name != "evidence"}
    cited = defaultdict(set)
    for line, row in enumerate(rows.get("evidence", []), start=2):
        table, record = row.get("table", ""), row.get("record_id", "")
        cited[table].add(record)
        if table in keys and record not in keys[table]:
            problems.append(Problem("evidence.csv", line, "record_id", f"unknown id {record!r}: no such row in {table}.csv"))
    for name, resource in resources.items():
        if name == "evidence":
            continue
        for line, row in enumerate(rows[name], start=2):
            if row.get("basis") == "external":
                continue
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
    for line, row in enumerate(rows.get("evidence", []), start=2):
        quote, seed = normalise(row.get("quote", "")), row.get("seed_file", "")
        if seed not in files_of.get(row.get("source_id"), []):
            problems.append(Problem("evidence.csv", line, "seed_file",
                                    f"{seed!r} is not a file of source {row.get('source_id')!r}"))
            continue
        if seed not in texts:
            problems.append(Problem("evidence.csv", line, "seed_file", f"{seed!r} is not in {folder}"))
            continue
        if quote not in texts[seed]:
            problems.append(Problem("evidence.csv", line, "quote",
                                    f"quote not found in {seed}: {row['quote'][:60]!r}; expected an exact passage"))
        if len(quote.split()) > QUOTE_MAX_WORDS:
            problems.append(Problem("evidence.csv", line, "quote",
                                    f"{len(quote.split())} words: expected at most about 30 ({QUOTE_MAX_WORDS})"))
    for source, (used, length) in _quoted_characters(rows, texts).items():
        if length and used > QUOTE_CAP_SHARE * length:
            problems.append(Problem("evidence.csv", None, "quote",
                                    f"quotes from {source} add up to {used} characters, {used / length:.1%} of the text: "
                                    f"expected at most {QUOTE_CAP_SHARE:.0%}"))
    return problems


def _quoted_characters(rows, texts) -> dict[str, tuple[int, int]]:
    """source_id -> (characters of its distinct quotes, characters of its text)."""
    quoted = defaultdict(set)
    for row in rows.get("evidence", []):
        quoted[row.get("source_id")].add(normalise(row.get("quote", "")))
    return {row["source_id"]: (sum(map(len, quoted[row["source_id"]])),
                               sum(len(texts.get(seed, "")) for seed in row["seed_files"].split()))
            for row in rows.get("sources", [])}


def quote_usage(folder: Path | str | None = None, seeds: Path | str | None = None) -> dict[str, float]:
    """The share of each text that the distinct quotes add up to."""
    folder = Path(folder) if folder else data_dir()
    resources = {resource["name"]: resource for resource in read_descriptor(folder)["resources"]}
    rows = {name: read_raw(folder, resources[name])[1] for name in ("sources", "evidence")}
    texts = read_seeds(Path(seeds) if seeds else seeds_dir())
    return {source: used / length if length else 0.0
            for source, (used, length) in _quoted_characters(rows, texts).items()}
