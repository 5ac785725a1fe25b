"""Load the evidence base in data/ into typed pandas tables.

The tables ship inside the package (see pyproject.toml), so a notebook anywhere on
disk loads them with `load()` and no paths. Their schema is data/datapackage.json.
"""
from __future__ import annotations

import csv
import functools
import importlib.resources
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .dates import NO_LATER, EDTFError, bounds

BOUND_COLUMNS = ["start_earliest", "start_latest", "end_earliest", "end_latest"]
# The bounds as the row's own text gives them, before other evidence closes them (see close_spans).
STATED_COLUMNS = ["stated_" + column for column in BOUND_COLUMNS]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in data/: where it is and what was expected."""
    file: str
    row: int | None      # the line number in the CSV file (the header is line 1)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", line {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """The data could not be loaded; lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems[:30])
        more = f"\n  ... and {len(problems) - 30} more" if len(problems) > 30 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{lines}{more}")


def data_dir() -> Path:
    """The folder holding the CSV files and datapackage.json (inside the installed package)."""
    return Path(str(importlib.resources.files("succession.data_files")))


def read_descriptor(folder: Path | None = None) -> dict:
    folder = Path(folder) if folder else data_dir()
    path = folder / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None, "missing: the schema of every table")]) from None
    except json.JSONDecodeError as error:
        raise DataError([Problem(str(path), error.lineno, None, f"not valid JSON: {error.msg}")]) from None


def read_raw(folder: Path, resource: dict) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file as its header and its rows of strings, exactly as written."""
    path = folder / resource["path"]
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


class Tables:
    """All tables as pandas DataFrames, one attribute per table (tables.events, ...)."""

    def __init__(self, frames: dict[str, pd.DataFrame], descriptor: dict, folder: Path):
        self._frames = frames
        self.descriptor = descriptor
        self.folder = folder
        self.version = descriptor.get("version", "unknown")

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self._frames[name]
        except KeyError:
            raise AttributeError(f"no table {name!r}; the tables are {', '.join(self._frames)}") from None

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.__getattr__(name)

    @property
    def names(self) -> list[str]:
        return list(self._frames)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name} ({len(frame)})" for name, frame in self._frames.items())
        return f"<evidence base v{self.version}: {sizes}>"


def _typed_frame(folder: Path, resource: dict, problems: list[Problem]) -> pd.DataFrame:
    name = resource["path"]
    fields = resource["schema"]["fields"]
    try:
        header, rows = read_raw(folder, resource)
    except FileNotFoundError:
        problems.append(Problem(name, None, None, "missing file: datapackage.json lists this table"))
        return pd.DataFrame(columns=[field["name"] for field in fields])
    wanted = [field["name"] for field in fields]
    if header != wanted:
        problems.append(Problem(name, 1, None, f"header is {header}; expected {wanted}"))
    frame = pd.DataFrame(rows, columns=wanted, dtype="string").fillna("")
    for field in fields:
        column = field["name"]
        if field["type"] in ("number", "integer"):
            numbers = pd.to_numeric(frame[column], errors="coerce")
            for index in frame.index[numbers.isna() & (frame[column] != "")]:
                problems.append(Problem(name, index + 2, column, f"{frame.at[index, column]!r} is not a number"))
            frame[column] = numbers.astype("Int64") if field["type"] == "integer" else numbers
    if "when" in frame.columns:
        _add_bounds(frame, name, problems)
    return frame


def _add_bounds(frame: pd.DataFrame, name: str, problems: list[Problem]) -> None:
    """Four date columns from `when`; empty where the texts give no date."""
    values = {column: [] for column in BOUND_COLUMNS}
    for index, text in frame["when"].items():
        found = None
        if text:
            try:
                found = bounds(text)
            except EDTFError as error:
                problems.append(Problem(name, index + 2, "when", str(error)))
        for column in BOUND_COLUMNS:
            values[column].append(getattr(found, column) if found else None)
    for column in BOUND_COLUMNS:
        frame[column] = pd.to_datetime(pd.Series(values[column], index=frame.index, dtype="object"))


def load_uncached(folder: Path | str | None = None) -> Tables:
    folder = Path(folder) if folder else data_dir()
    descriptor = read_descriptor(folder)
    problems: list[Problem] = []
    frames = {resource["name"]: _typed_frame(folder, resource, problems) for resource in descriptor["resources"]}
    if problems:
        raise DataError(problems)
    close_spans(frames)
    return Tables(frames, descriptor, folder)


# ---- Memberships end where the evidence ends them ---------------------------------------
#
# A text that names someone in a faction or a body rarely says when that stopped. The bounds
# of such a row are closed by the next contrary fact the evidence base holds:
# - a faction's own span (faction_spans.csv): no one is in a grouping before it formed or after
#   it ended (this closes reference rows too);
# - the person's recantation (a `recanted` row of the same faction, in any layer);
# - for a party body, its next election (the next reference composition, or for the Central
#   Committee the next congress).
# The text's own bounds stay in the stated_* columns, so a query can still show each text's
# dating where it differs.

def close_spans(frames: dict[str, pd.DataFrame]) -> None:
    for name in ("affiliations", "bodies"):
        frame = frames.get(name)
        if frame is None or "start_earliest" not in frame:
            continue
        for column in BOUND_COLUMNS:
            frame["stated_" + column] = frame[column]
        frame["closed_by"] = ""
    if "affiliations" in frames:
        _close_affiliations(frames["affiliations"], frames.get("faction_spans"))
    if "bodies" in frames:
        _close_bodies(frames["bodies"], frames.get("events"))


def _cap(frame: pd.DataFrame, index, until: pd.Timestamp, why: str) -> None:
    """End a row no later than `until`."""
    if pd.isna(until) or not frame.at[index, "end_latest"] > until:
        return
    frame.at[index, "end_latest"] = until
    frame.at[index, "end_earliest"] = min(frame.at[index, "end_earliest"], until)
    frame.at[index, "closed_by"] = why


def _floor(frame: pd.DataFrame, index, since: pd.Timestamp, why: str) -> None:
    """Start a row no earlier than `since`."""
    if pd.isna(since) or not frame.at[index, "start_earliest"] < since:
        return
    frame.at[index, "start_earliest"] = since
    frame.at[index, "start_latest"] = max(frame.at[index, "start_latest"], since)
    frame.at[index, "closed_by"] = (frame.at[index, "closed_by"] + "; " + why).strip("; ")


def _never(frame: pd.DataFrame, index) -> None:
    for column in BOUND_COLUMNS:
        frame.at[index, column] = pd.NaT


def _close_affiliations(rows: pd.DataFrame, spans: pd.DataFrame | None) -> None:
    far_end = pd.Timestamp(NO_LATER)
    recantations = rows[rows["role"] == "recanted"]
    # Text rows and reference rows alike: a reference that names a leader without saying when
    # they left is closed by the grouping's own end too.
    for index, row in rows[rows["role"] != "recanted"].iterrows():
        if pd.isna(row["start_earliest"]):
            continue
        if spans is not None and len(spans):
            span = spans[spans["faction_id"] == row["faction_id"]].dropna(subset=["start_earliest"])
            if len(span):
                _floor(rows, index, span["start_earliest"].min(), "before the faction formed")
                _cap(rows, index, span["end_latest"].max(), "the faction's end")
        left = recantations[(recantations["person_id"] == row["person_id"])
                            & (recantations["faction_id"] == row["faction_id"])
                            & (recantations["start_earliest"] >= row["start_earliest"])
                            & (recantations["end_latest"] < far_end)]
        if len(left):
            first = left.sort_values("end_latest").iloc[0]
            _cap(rows, index, first["end_latest"], f"recanted ({first['affiliation_id']})")
        if rows.at[index, "end_latest"] < rows.at[index, "start_earliest"]:
            _never(rows, index)


def _close_bodies(rows: pd.DataFrame, events: pd.DataFrame | None) -> None:
    far_end = pd.Timestamp(NO_LATER)
    congresses = []
    if events is not None and len(events):
        chosen = events[events["category"] == "congress"]
        congresses = sorted(chosen["start_earliest"].dropna())
    reference = rows[rows["basis"] == "reference"]
    for index, row in rows[(rows["basis"] == "text") & (rows["end_latest"] >= far_end)].iterrows():
        elections = sorted(reference.loc[reference["body"] == row["body"], "start_earliest"].dropna())
        if not elections and row["body"] == "central_committee":
            elections = congresses
        later = [day for day in elections if day > row["start_latest"]]
        if later:
            _cap(rows, index, later[0] - pd.Timedelta(days=1), "the body's next election")


@functools.lru_cache(maxsize=4)
def _load_cached(folder: str) -> Tables:
    return load_uncached(folder)


def load(folder: Path | str | None = None) -> Tables:
    """Every table of the evidence base, typed, with date bounds. Cached: treat as read-only."""
    return _load_cached(str(Path(folder) if folder else data_dir()))
