"""The validator finds every kind of problem in a copy of the data and says where it is."""
import csv
import shutil
import subprocess
import sys

import pytest

from conftest import seeds_or_skip
from succession import validate as validation
from succession.data import DataError, data_dir, load_uncached


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "staging"))
    return folder


def rows_of(folder, table):
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def write(folder, table, header, rows):
    with open(folder / f"{table}.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)


def set_cell(folder, table, index, column, value):
    header, rows = rows_of(folder, table)
    rows[index][column] = value
    write(folder, table, header, rows)
    return index + 2  # the line in the file: the header is line 1


def first_text_row(folder, table):
    return next(i for i, row in enumerate(rows_of(folder, table)[1]) if row.get("basis", "text") == "text")


def problems_at(folder, file, line, column):
    seeds = seeds_or_skip()
    found = validation.check(folder, seeds)
    return [p for p in found if p.file == file and p.row == line and p.column == column]


def test_the_real_data_is_clean():
    seeds = seeds_or_skip()
    problems = validation.check(data_dir(), seeds, require_seeds=True)
    assert problems == [], "\n".join(map(str, problems[:20]))


def test_bad_edtf(copy):
    line = set_cell(copy, "events", 0, "when", "spring 1923")
    [problem] = problems_at(copy, "events.csv", line, "when")
    assert "is not EDTF" in problem.message


def test_interval_ending_before_it_starts(copy):
    line = set_cell(copy, "affiliations", 0, "when", "1927/1923")
    [problem] = problems_at(copy, "affiliations.csv", line, "when")
    assert "ends before it starts" in problem.message


def test_unknown_person(copy):
    line = set_cell(copy, "affiliations", 0, "person_id", "nobody")
    assert any("unknown id" in p.message and "nobody" in p.message
               for p in problems_at(copy, "affiliations.csv", line, "person_id"))


def test_row_without_evidence(copy):
    header, rows = rows_of(copy, "people")
    rows.append({"person_id": "invented", "name": "An Invented Person", "description": "nobody"})
    write(copy, "people", header, rows)
    [problem] = problems_at(copy, "people.csv", len(rows) + 1, None)
    assert "has no evidence" in problem.message


def test_quote_not_in_its_text(copy):
    line = set_cell(copy, "evidence", 0, "quote", "Stalin was a kindly gardener who loved roses")
    assert any("quote not found" in p.message for p in problems_at(copy, "evidence.csv", line, "quote"))


def test_duplicate_id(copy):
    header, rows = rows_of(copy, "events")
    rows.append(dict(rows[0]))
    write(copy, "events", header, rows)
    assert any("duplicate id" in p.message for p in problems_at(copy, "events.csv", len(rows) + 1, "event_id"))


def test_value_not_allowed(copy):
    line = set_cell(copy, "events", 0, "category", "gossip")
    [problem] = problems_at(copy, "events.csv", line, "category")
    assert "'gossip'" in problem.message and "enum" in problem.message


def test_range_upside_down(copy):
    line = set_cell(copy, "figures", 0, "value_low", "99999999")
    [problem] = problems_at(copy, "figures.csv", line, "value_high")
    assert "below value_low" in problem.message


def test_not_a_number(copy):
    line = set_cell(copy, "figures", 0, "value_high", "many")
    [problem] = problems_at(copy, "figures.csv", line, "value_high")
    assert "'many'" in problem.message and "number" in problem.message


def test_required_cell_empty(copy):
    line = set_cell(copy, "events", 0, "title", "")
    [problem] = problems_at(copy, "events.csv", line, "title")
    assert "required" in problem.message


def test_reference_row_needs_a_reference(copy):
    index = first_text_row(copy, "events")
    line = set_cell(copy, "events", index, "basis", "reference")
    [problem] = problems_at(copy, "events.csv", line, "reference")
    assert "named standard reference" in problem.message


def test_reference_must_be_a_listed_work(copy):
    index = first_text_row(copy, "events")
    set_cell(copy, "events", index, "basis", "reference")
    line = set_cell(copy, "events", index, "reference", "my-memory, p. 3")
    [problem] = problems_at(copy, "events.csv", line, "reference")
    assert "'my-memory' is not a reference_id of references.csv" in problem.message


def test_evidence_for_a_row_that_does_not_exist(copy):
    line = set_cell(copy, "evidence", 0, "record_id", "ev-1999-01-nothing")
    [problem] = problems_at(copy, "evidence.csv", line, "record_id")
    assert "no such row" in problem.message


def test_quote_from_the_wrong_file(copy):
    header, rows = rows_of(copy, "evidence")
    index = next(i for i, row in enumerate(rows) if row["source_id"] == "cliff")
    line = set_cell(copy, "evidence", index, "seed_file", "002_68bb3912ca61e3e6.txt")
    [problem] = problems_at(copy, "evidence.csv", line, "seed_file")
    assert "is not a file of source 'cliff'" in problem.message


def test_quoting_over_the_cap(copy, monkeypatch):
    monkeypatch.setattr(validation, "QUOTE_CAP_SHARE", 0.001)
    found = [p for p in validation.check(copy, seeds_or_skip()) if "expected at most 0%" in p.message]
    assert {p.file for p in found} == {"evidence.csv"} and len(found) >= 4


def test_one_sided_discrepancy(copy):
    header, rows = rows_of(copy, "discrepancies")
    rows.append({**rows[0], "version_id": "lonely-a", "discrepancy_id": "lonely"})
    write(copy, "discrepancies", header, rows)
    assert any("one version" in p.message for p in problems_at(copy, "discrepancies.csv", len(rows) + 1, "discrepancy_id"))


def test_every_problem_is_reported_at_once(copy):
    set_cell(copy, "events", 0, "when", "spring 1923")
    set_cell(copy, "figures", 0, "value_high", "many")
    set_cell(copy, "affiliations", 0, "person_id", "nobody")
    files = {p.file for p in validation.check(copy, seeds_or_skip())}
    assert {"events.csv", "figures.csv", "affiliations.csv"} <= files


def test_loader_names_file_line_and_column(copy):
    line = set_cell(copy, "events", 0, "when", "spring 1923")
    with pytest.raises(DataError) as caught:
        load_uncached(copy)
    assert f"events.csv, line {line}, column 'when'" in str(caught.value)


def test_missing_table_is_reported(copy):
    (copy / "glossary.csv").unlink()
    with pytest.raises(DataError, match="glossary.csv: missing file"):
        load_uncached(copy)


def test_command_line_exit_codes(copy):
    seeds = seeds_or_skip()
    clean = subprocess.run([sys.executable, "-m", "succession", "validate", "--data", str(copy), "--seeds", str(seeds)],
                           capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "is clean" in clean.stdout
    set_cell(copy, "events", 0, "when", "spring 1923")
    broken = subprocess.run([sys.executable, "-m", "succession", "validate", "--data", str(copy), "--seeds", str(seeds)],
                            capture_output=True, text=True)
    assert broken.returncode == 1 and "events.csv, line 2, column 'when'" in broken.stdout


# ---- The reference layer -------------------------------------------------------------------

def reference_row(folder, table, **match):
    header, rows = rows_of(folder, table)
    return next(i for i, row in enumerate(rows) if row.get("basis") == "reference"
                and all(row[k] == v for k, v in match.items()))


def test_full_and_candidate_at_once(copy):
    index = reference_row(copy, "bodies", body="politburo", person_id="molotov", status="candidate")
    line = set_cell(copy, "bodies", index, "status", "full")
    header, rows = rows_of(copy, "bodies")
    rows.append({**rows[index], "membership_id": "ref-pb-twice", "status": "candidate"})
    write(copy, "bodies", header, rows)
    found = problems_at(copy, "bodies.csv", len(rows) + 1, "status")
    assert any("a full member at the same time" in p.message for p in found), line


def test_seats_must_add_up_to_the_reference_size(copy):
    header, rows = rows_of(copy, "body_sizes")
    index = next(i for i, row in enumerate(rows) if row["full"].isdigit())
    line = set_cell(copy, "body_sizes", index, "full", str(int(rows[index]["full"]) + 1))
    [problem] = problems_at(copy, "body_sizes.csv", line, None)
    assert "expected the same count" in problem.message


def test_a_reference_needs_the_page_read(copy):
    header, rows = rows_of(copy, "references")
    index = next(i for i, row in enumerate(rows) if not row["reference_id"].startswith("legacy-"))
    line = set_cell(copy, "references", index, "url", "")
    [problem] = problems_at(copy, "references.csv", line, "url")
    assert "address (URL) of the page read" in problem.message


def test_every_month_needs_its_politburo(copy):
    header, rows = rows_of(copy, "bodies")
    kept = [row for row in rows if not (row["basis"] == "reference" and row["body"] == "politburo"
                                        and row["when"].startswith("1924-06-02"))]
    write(copy, "bodies", header, kept)
    found = [p for p in validation.check(copy, seeds_or_skip()) if "no reference Politburo member" in p.message]
    assert found and "1924-06" in found[0].message


def test_one_holder_of_an_office_at_a_time(copy):
    header, rows = rows_of(copy, "offices")
    index = next(i for i, row in enumerate(rows) if row["person_id"] == "frunze")
    line = set_cell(copy, "offices", index, "when", "1924-06/1925-10-31")
    found = problems_at(copy, "offices.csv", line, "when")
    assert any("at the same time as trotsky" in p.message for p in found)


def test_vague_plural_has_no_upper_bound(copy):
    header, rows = rows_of(copy, "figures")
    index = next(i for i, row in enumerate(rows) if row["qualifier"] == "thousands")
    line = set_cell(copy, "figures", index, "value_high", "9999")
    [problem] = problems_at(copy, "figures.csv", line, "value_high")
    assert "gives no upper bound" in problem.message


def test_party_size_needs_a_number(copy):
    header, rows = rows_of(copy, "party_size")
    for column in ("full_members", "candidates", "total"):
        rows[0][column] = ""
    write(copy, "party_size", header, rows)
    [problem] = problems_at(copy, "party_size.csv", 2, None)
    assert "no number" in problem.message


def test_extract_not_in_its_text(copy):
    line = set_cell(copy, "source_extracts", 0, "quote", "Stalin was a kindly gardener " * 10)
    assert any("quote not found" in p.message for p in problems_at(copy, "source_extracts.csv", line, "quote"))


def test_quoting_is_measured_on_the_work_once():
    """Two excerpts that repeat a passage count it once; so do two quotes that overlap."""
    repeated = "the passage that both excerpts carry"
    texts = {"a.txt": "one two three " + repeated, "b.txt": repeated + " seven eight"}
    whole = "one two three " + repeated + " seven eight"
    assert validation.work_text(["a.txt", "b.txt"], texts) == whole
    rows = {"sources": [{"source_id": "s", "seed_files": "a.txt b.txt"}],
            "evidence": [{"source_id": "s", "quote": "two three the"}, {"source_id": "s", "quote": "three the passage"},
                         {"source_id": "s", "quote": "both excerpts carry seven"}]}
    used, length = validation.quoted_characters(rows, texts)["s"]
    assert length == len(whole)
    assert used == len("two three the passage") + len("both excerpts carry seven")
