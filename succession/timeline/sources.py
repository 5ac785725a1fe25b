"""Which texts and which references back a row: the "according to whom" of every answer."""
from __future__ import annotations

import pandas as pd

from ..data import Tables, load


def sources_by_record(table: str, tables: Tables | None = None) -> pd.Series:
    """record_id -> the source ids whose quotes back it, '; '-joined."""
    tables = tables or load()
    evidence = tables.evidence[tables.evidence["table"] == table]
    return evidence.groupby("record_id")["source_id"].agg(lambda ids: "; ".join(sorted(set(ids))))


def sources_of(ids: pd.Series, table: str, tables: Tables) -> pd.Series:
    """For each record id, the source ids whose quotes back it ('' where none do)."""
    found = sources_by_record(table, tables).to_dict()
    return ids.map(lambda record_id: found.get(record_id, ""))


def reference_work(reference: str, tables: Tables | None = None) -> str:
    """'Carr, The Interregnum (1954), ch. 3' for a reference cell '<reference_id>, <locator>'."""
    tables = tables or load()
    reference_id, _, locator = (reference or "").partition(",")
    works = tables.references.set_index("reference_id")
    if reference_id.strip() not in works.index:
        return reference or ""
    work = works.loc[reference_id.strip()]
    text = f"{work['author']}, {work['title']} ({work['year']})"
    return text + (f", {locator.strip()}" if locator.strip() else "")


def primary_key(table: str, tables: Tables) -> str:
    """The id column of a table (the first column of its primary key)."""
    resource = next(r for r in tables.descriptor["resources"] if r["name"] == table)
    return resource["schema"]["primaryKey"][0]


def evidence_for(table: str, record_id: str, tables: Tables | None = None) -> pd.DataFrame:
    """The quotes that back one row: source, locator, speaker, quote."""
    tables = tables or load()
    evidence = tables.evidence
    found = evidence[(evidence["table"] == table) & (evidence["record_id"] == record_id)]
    return found[["source_id", "seed_file", "locator", "speaker", "quote"]].reset_index(drop=True)


def cite(table: str, record_id: str, tables: Tables | None = None) -> str:
    """A short citation for a row, e.g. 'cliff (ch. 16): "the quote"', or its reference."""
    tables = tables or load()
    rows = evidence_for(table, record_id, tables)
    if rows.empty:
        frame = tables[table]
        reference = ""
        if "reference" in frame.columns:
            match = frame[frame[primary_key(table, tables)] == record_id]
            reference = match["reference"].iloc[0] if len(match) else ""
        return f"standard history: {reference_work(reference, tables)}" if reference else "(no text and no reference)"
    return "; ".join(f'{r.source_id} ({r.locator}), {r.speaker}: "{r.quote}"' for r in rows.itertuples())
