"""The evidence base loads into typed tables whose rows keep the rules in data/README.md."""
import pandas as pd
import pytest

from conftest import seeds_or_skip
from succession.data import BOUND_COLUMNS, load
from succession.validate import normalise, read_seeds

tables = load()


def test_every_table_loads_with_rows():
    empty = [name for name in tables.names if name != "discrepancies" and tables[name].empty]
    assert not empty, f"empty tables: {empty}"


def test_numbers_and_dates_are_typed():
    assert pd.api.types.is_float_dtype(tables.figures["value_low"])
    for column in BOUND_COLUMNS:
        assert pd.api.types.is_datetime64_any_dtype(tables.events[column])


def test_bounds_are_ordered():
    for name in ("events", "affiliations", "bodies", "faction_relations"):
        frame = tables[name].dropna(subset=BOUND_COLUMNS)
        assert (frame["start_earliest"] <= frame["start_latest"]).all(), name
        assert (frame["end_earliest"] <= frame["end_latest"]).all(), name
        assert (frame["start_earliest"] <= frame["end_latest"]).all(), name


def test_every_event_is_dated():
    assert tables.events["start_earliest"].notna().all()


def test_no_figure_is_external():
    assert "basis" not in tables.figures.columns
    assert tables.figures["source_id"].isin(tables.sources["source_id"]).all()


def test_unknown_author_and_year_are_written_as_unknown():
    thesis = tables.sources.set_index("source_id").loc["thesis"]
    assert thesis["author"] == "unknown" and thesis["year"] == "unknown"


def test_reference_rows_name_a_reference():
    for name in ("events", "affiliations", "bodies", "faction_relations", "discrepancies"):
        external = tables[name][tables[name]["basis"] == "reference"]
        assert (external["reference"].str.strip() != "").all(), name


@pytest.mark.parametrize("raw, text, found", [
    ("the party is always right", "the party\nis  always right", True),          # white space
    ("the bureaucracy won", "the bureau-\n  cracy won", True),                   # hyphen at a line break
    ("\u2018held a moderate\u2019 stand", "'held a moderate' stand", True),      # curly vs straight
    ("The Bureaucracy Won", "the bureaucracy won", False),                      # case is not folded
    ("the bureaucracy won.", "the bureaucracy won", False),                     # nor punctuation
])
def test_quote_matching_folds_only_what_it_should(raw, text, found):
    assert (normalise(raw) in normalise(text)) is found


def test_every_quote_is_in_its_text():
    texts = read_seeds(seeds_or_skip())
    missing = [f"{row.evidence_id}: {row.quote[:60]!r}" for row in tables.evidence.itertuples()
               if normalise(row.quote) not in texts.get(row.seed_file, "")]
    assert not missing, f"{len(missing)} quotes not found, e.g. {missing[:5]}"


def test_counts_of_the_reference_layer_are_whole_numbers():
    for name, columns in (("party_size", ["full_members", "candidates", "total"]),
                          ("body_sizes", ["full", "candidates", "total"])):
        for column in columns:
            assert pd.api.types.is_integer_dtype(tables[name][column]), (name, column)


def test_closed_rows_keep_the_bounds_their_text_gives():
    rows = tables.affiliations[tables.affiliations["closed_by"] != ""].dropna(subset=["end_latest"])
    assert len(rows)
    assert (rows["end_latest"] <= rows["stated_end_latest"]).all()
    assert (rows["start_earliest"] >= rows["stated_start_earliest"]).all()
    assert (rows["when"] != "").all()   # the text's own date is never rewritten


def test_basis_is_text_or_reference_everywhere():
    for name in tables.names:
        if "basis" in tables[name].columns:
            assert set(tables[name]["basis"]) <= {"text", "reference"}, name
