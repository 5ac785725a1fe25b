"""The charts: one idea per figure, uncertainty drawn as uncertainty, never colour alone."""
import csv
import json
import shutil

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from succession import charts, style
from succession.data import data_dir, load_uncached
from succession.dates import bounds


def texts(fig: Figure) -> list[str]:
    return [text.get_text() for text in fig.findobj(lambda artist: hasattr(artist, "get_text"))]


def write_tables(folder, rows: dict[str, list[dict]]):
    """A small evidence base in folder: the real schema, only the rows given (others empty)."""
    folder.mkdir(exist_ok=True)
    shutil.copy(data_dir() / "datapackage.json", folder / "datapackage.json")
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        fields = [field["name"] for field in resource["schema"]["fields"]]
        with open(folder / resource["path"], "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            for row in rows.get(resource["name"], []):
                writer.writerow({field: row.get(field, "") for field in fields})
    return load_uncached(folder)


@pytest.fixture
def small(tmp_path):
    """Two people, one faction, a Politburo whose size a text gives and a Secretariat whose size none does."""
    return write_tables(tmp_path / "small", {
        "sources": [dict(source_id="src", author="A", title="T", year="2000", kind="thesis", seed_files="x.txt",
                         stance="x")],
        "people": [dict(person_id="p1", name="Ada One", description="x"),
                   dict(person_id="p2", name="Bo Two", description="x")],
        "factions": [dict(faction_id="troika", name="Troika", kind="leadership_group", description="x"),
                     dict(faction_id="new_group", name="A group no style names", kind="tendency", description="x")],
        "affiliations": [dict(affiliation_id="a1", person_id="p1", faction_id="troika", role="leader",
                              when="1923-01/1925-03", basis="text"),
                         dict(affiliation_id="a2", person_id="p2", faction_id="new_group", role="member",
                              when="1924/", basis="text"),
                         dict(affiliation_id="a3", person_id="p1", faction_id="troika", role="recanted",
                              when="1925-04", basis="text")],
        "bodies": [dict(membership_id="b1", body="politburo", person_id="p1", status="full", when="1922/1926",
                        basis="text"),
                   dict(membership_id="b2", body="politburo", person_id="p2", status="candidate", when="1924",
                        basis="text"),
                   dict(membership_id="b3", body="secretariat", person_id="p1", status="secretary", when="1924",
                        basis="text")],
        "figures": [dict(figure_id="f1", counts="body_size", body="politburo", description="Members of the Politburo", value_low="7",
                         value_high="7", unit="members", when="1923/1925", source_id="src", speaker="src"),
                    dict(figure_id="f2", counts="opposition_strength", description="signatories", value_low="13",
                         value_high="13", unit="people", when="1926", source_id="src", speaker="src"),
                    dict(figure_id="f3", counts="opposition_strength", description="members at peak",
                         value_low="5000", value_high="8000", unit="people", when="1927", source_id="src",
                         speaker="zinoviev")],
        "evidence": [dict(evidence_id=f"e{n}", table=table, record_id=record, source_id="src", seed_file="x.txt",
                          locator="ch. 1", speaker="src", quote=f"a quote for {record}")
                     for n, (table, record) in enumerate([("affiliations", "a1"), ("affiliations", "a2"),
                                                          ("affiliations", "a3"), ("bodies", "b1"), ("bodies", "b2"),
                                                          ("bodies", "b3"), ("figures", "f1"), ("figures", "f2"),
                                                          ("figures", "f3")])],
    })


# --- style ---

def test_every_faction_has_its_own_colour_hatch_and_name(tables):
    styles = style.faction_styles(tables.factions)
    assert set(styles) == set(tables.factions["faction_id"])
    pairs = [(s.colour, s.hatch) for s in styles.values()]
    assert len(set(pairs)) == len(pairs), "two factions look the same"
    assert all(s.colour in style.OKABE_ITO.values() for s in styles.values())
    assert all(s.label for s in styles.values())
    assert 'data-faction="troika"' in styles["troika"].badge() and "Triumvirate" in styles["troika"].badge()


def test_a_faction_no_style_names_still_gets_a_distinct_look(small):
    styles = style.faction_styles(small.factions)
    assert (styles["new_group"].colour, styles["new_group"].hatch) != (styles["troika"].colour, styles["troika"].hatch)


# --- the affiliation timeline ---

def claims(*whens):
    rows = []
    for when in whens:
        found = bounds(when)
        rows.append(dict(role="member", **{name: pd.Timestamp(getattr(found, name)) for name in
                                           ("start_earliest", "start_latest", "end_earliest", "end_latest")}))
    return pd.DataFrame(rows)


def level_on(levels, day):
    return levels[(charts.DAYS == pd.Timestamp(day)).argmax()]


def test_certain_span_is_solid_and_possible_spans_are_faded():
    levels, _ = charts.lane_levels(claims("1923-01/1925-03"))
    assert level_on(levels, "1924-06-01") == charts.CERTAIN_LEVEL
    assert level_on(levels, "1923-01-15") == charts.FADED_ALPHA       # started some time in January 1923
    assert level_on(levels, "1925-03-15") == charts.FADED_ALPHA
    assert level_on(levels, "1925-05-01") == 0


def test_an_end_no_text_gives_fades_out_and_is_never_certain():
    levels, ends = charts.lane_levels(claims("1923/"))
    assert level_on(levels, "1923-06-01") == charts.FADED_ALPHA
    tail = [level_on(levels, day) for day in ("1924-06-01", "1926-06-01", "1929-06-01")]
    assert 0 < tail[2] < tail[1] < tail[0] < charts.FADED_ALPHA
    assert not ends["open_end"]


def test_an_open_end_runs_on_certain_to_the_edge():
    levels, ends = charts.lane_levels(claims("1923-10/.."))
    assert level_on(levels, "1929-12-31") == charts.CERTAIN_LEVEL and ends["open_end"]


def test_claims_from_several_texts_merge_day_by_day():
    levels, _ = charts.lane_levels(claims("1923", "1923/1926"))
    assert level_on(levels, "1923-06-01") == charts.FADED_ALPHA
    assert level_on(levels, "1925-01-01") == charts.CERTAIN_LEVEL


def test_timeline_title_states_the_path_and_has_a_source_line(tables):
    fig = charts.affiliation_timeline("zinoviev", cursor="1926-10", tables=tables)
    title = fig._suptitle.get_text().replace("\n", " ")
    assert title.startswith("Grigory Zinoviev's path: Triumvirate (troika) → Leningrad (New) Opposition → "
                            "United Opposition")
    assert title.endswith("recanted")
    assert any(text.startswith("Source: affiliations.csv") for text in texts(fig))
    assert "Oct 1926" in texts(fig)


def test_every_faction_is_named_in_words_not_only_colour(tables):
    fig = charts.affiliation_timeline(tables=tables)
    legend = [text.get_text() for text in fig.legends[0].get_texts()]
    drawn = set(tables.affiliations.dropna(subset=["start_earliest"])["faction_id"])
    names = tables.factions.set_index("faction_id")["name"]
    assert {names[f] for f in drawn} <= set(legend)
    hatched = {patch.get_hatch() for patch in fig.legends[0].get_patches()}
    assert len(hatched) > 3


def test_cursor_moves_without_redrawing(tables):
    fig = charts.affiliation_timeline(tables=tables)
    cursor = charts.add_cursor(fig.axes[0], "1923-06")
    patches = len(fig.axes[0].patches)
    cursor.move("1927-06")
    assert cursor.label.get_text() == "Jun 1927" and len(fig.axes[0].patches) == patches
    assert cursor.band.get_x() == pytest.approx(charts.mdates.date2num(pd.Timestamp("1927-06-01")))


def test_timeline_small_data_draws_recantation_and_unknown_end(small, tmp_path):
    fig = charts.affiliation_timeline(tables=small)
    assert "recanted" in texts(fig) and "end not given" in texts(fig)
    fig.savefig(tmp_path / "timeline.png")


# --- figures ---

def test_figures_are_points_and_ranges_never_a_series(tables):
    fig = charts.figures_chart(tables=tables)
    for line in fig.findobj(Line2D):
        if line.get_linestyle() not in ("None", "", " ") and len(line.get_xdata()) > 2:
            pytest.fail(f"a line joins {len(line.get_xdata())} points")
    for collection in fig.findobj(LineCollection):
        for segment in collection.get_segments():
            assert len(segment) == 2 and segment[0][1] == segment[1][1], "a range bar must be horizontal: one figure"
    labels = [t for ax in fig.axes for t in (label.get_text() for label in ax.get_yticklabels())]
    assert len(labels) == len(tables.figures)


def test_each_figure_is_labelled_with_its_text_and_speaker(small):
    fig = charts.figures_chart("opposition_strength", tables=small)
    assert any(text.startswith("src (zinoviev): 5,000–8,000") for text in texts(fig))
    assert any(text.startswith("src (author): 13") for text in texts(fig))


def test_log_scale_where_magnitudes_differ(small, tables):
    assert charts.figures_chart("opposition_strength", tables=small).axes[0].get_xscale() == "log"
    assert charts.figures_chart("body_size", tables=small).axes[0].get_xscale() == "linear"
    assert charts.needs_log_scale([3, 8000]) and not charts.needs_log_scale([23000, 700000])


def test_filter_by_source(tables):
    fig = charts.figures_chart(source_id="cliff", tables=tables)
    labels = [label.get_text() for ax in fig.axes for label in ax.get_yticklabels()]
    assert len(labels) == (tables.figures["source_id"] == "cliff").sum()
    assert "(only cliff)" in fig._suptitle.get_text()


# --- party bodies ---

def test_unknown_seats_fill_the_size_a_text_gives(small):
    seating = charts.seats_on("politburo", "1924-06", small)
    assert [seat.label for seat in seating.seats if seat.kind == "named"] == ["Ada One"]
    assert seating.count("unknown", candidate=False) == 6          # 7 seats, one named
    assert [seat.label for seat in seating.seats if seat.candidate] == ["Bo Two"]
    assert seating.seats[0].faction_id == "troika"                   # coloured by alignment on that date
    assert "of 7 seats (6 unknown)" in seating.title()


def test_without_a_size_the_chart_says_so(small):
    seating = charts.seats_on("secretariat", "1924-06", small)
    assert seating.count("unknown") == 0 and "size not given" in seating.title()
    fig = charts.body_seats("secretariat", "1924-06", small)
    assert any("give no size" in text for text in texts(fig))


def test_body_seats_real_data(tables, tmp_path):
    fig = charts.body_seats("central_committee", "1923-04", tables)
    seating = charts.seats_on("central_committee", "1923-04", tables)
    shown = [tile for tile in fig.axes[0].patches if isinstance(tile, Rectangle) and tile.get_visible()]
    assert len(shown) == len(seating.seats)
    assert seating.size is not None and seating.count("unknown") == seating.size.low - seating.count("possible") \
        - seating.count("named")
    fig.savefig(tmp_path / "cc.png")


def test_seat_chart_redrawn_in_place_matches_a_full_draw(tables):
    months = ["1923-01", "1923-04", "1926-10", "1923-06", "1929-12"]
    seatings = [charts.seats_on("politburo", month, tables) for month in months]
    moving = charts.SeatChart("politburo", tables, seatings=seatings)
    for month, seating in zip(months, seatings):
        quick = np.asarray(moving.show(month, seating).render().buffer_rgba()).copy()
        moving.canvas.draw()                                        # everything, from scratch
        assert (quick == np.asarray(moving.canvas.buffer_rgba())).all(), month


# --- bad input ---

@pytest.mark.parametrize("call, message", [
    (lambda t: charts.affiliation_timeline("nobody", tables=t), "unknown person 'nobody'; expected one of"),
    (lambda t: charts.affiliation_timeline(cursor="1931-01", tables=t), "expected a date from 1921-01 to 1929-12"),
    (lambda t: charts.affiliation_timeline(cursor="June 1926", tables=t), "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    (lambda t: charts.figures_chart("apples", tables=t), "unknown counts 'apples'; expected one of: party_size"),
    (lambda t: charts.figures_chart(source_id="nobody", tables=t), "unknown source 'nobody'"),
    (lambda t: charts.body_seats("duma", "1923-01", t), "unknown body 'duma'"),
])
def test_bad_input_says_what_was_expected(tables, call, message):
    with pytest.raises((KeyError, ValueError), match=message.replace("(", r"\(").replace(")", r"\)")):
        call(tables)


def test_every_chart_has_a_title_and_a_source_line(tables):
    for fig in (charts.affiliation_timeline(tables=tables), charts.figures_chart("party_size", tables=tables),
                charts.body_seats("politburo", "1923-01", tables)):
        assert isinstance(fig, Figure)
        title = fig._suptitle.get_text() if fig._suptitle else ""
        assert title or any("Politburo, Jan 1923" in text for text in texts(fig))
        assert any(text.startswith("Source:") for text in texts(fig))
