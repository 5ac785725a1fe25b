"""The charts: one idea per figure, the standard history and the texts told apart, vague dates
drawn as vague, 12 pt text, one unit per axis, and alt text on every picture."""
import csv
import inspect
import json
import re
import shutil

import nbformat
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from succession import charts, style, timeline
from succession.charts import display
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


REF = "ref-test"


@pytest.fixture
def small(tmp_path):
    """A made-up evidence base (not history): two people, two factions, a Politburo with a
    standard composition and a text's claims, a party-size series and two events."""
    return write_tables(tmp_path / "small", {
        "sources": [dict(source_id="src", author="A", title="T", year="2000", kind="thesis", seed_files="x.txt",
                         stance="x")],
        "references": [dict(reference_id=REF, author="R", title="A reference", year="2001", url="http://x.invalid")],
        "people": [dict(person_id="p1", name="Ada One", description="x"),
                   dict(person_id="p2", name="Bo Two", description="x"),
                   dict(person_id="p3", name="Cy Three", description="x")],
        "factions": [dict(faction_id="troika", name="Troika", kind="leadership_group", description="x"),
                     dict(faction_id="new_group", name="A group no style names", kind="tendency", description="x")],
        "faction_spans": [dict(span_id="s1", faction_id="new_group", when="1925-01/1927-12", basis="reference",
                               reference=REF)],
        "affiliations": [dict(affiliation_id="a1", person_id="p1", faction_id="troika", role="leader",
                              when="1923-01/1925-03", basis="text"),
                         dict(affiliation_id="a2", person_id="p2", faction_id="new_group", role="member",
                              when="1924/", basis="text"),
                         dict(affiliation_id="a3", person_id="p1", faction_id="troika", role="recanted",
                              when="1925-04", basis="text"),
                         dict(affiliation_id="a4", person_id="p1", faction_id="troika", role="leader",
                              when="1922-12-01/1925-12-31", basis="reference", reference=REF)],
        "bodies": [dict(membership_id="r1", body="politburo", person_id="p1", status="full",
                        when="1922-04-03/1926-01-01", basis="reference", reference=REF),
                   dict(membership_id="r2", body="politburo", person_id="p2", status="candidate",
                        when="1922-04-03/1926-01-01", basis="reference", reference=REF),
                   dict(membership_id="r3", body="politburo", person_id="p2", status="full",
                        when="1926-01-01/1930-12-31", basis="reference", reference=REF),
                   dict(membership_id="b1", body="politburo", person_id="p1", status="full", when="1923",
                        basis="text"),
                   dict(membership_id="b2", body="politburo", person_id="p3", status="full", when="1924",
                        basis="text"),
                   dict(membership_id="b3", body="secretariat", person_id="p1", status="secretary", when="1924",
                        basis="text")],
        "party_size": [dict(size_id=f"ps{year}", when=str(year), total=str(100000 * (year - 1915)),
                            basis="reference", reference=REF) for year in (1921, 1923, 1925, 1927)],
        "events": [dict(event_id="e1", when="1924-01-21", title="A reference event", category="lenin",
                        description="x", basis="reference", reference=REF),
                   dict(event_id="e2", when="1924", title="A text event, dated vaguely", category="lenin",
                        description="x", basis="text"),
                   dict(event_id="e3", when="1924-05", title="A text event, dated to a month", category="lenin",
                        description="x", basis="text")],
        "figures": [dict(figure_id="f1", counts="body_size", body="politburo", description="Members of the Politburo",
                         value_low="7", value_high="7", unit="members", when="1923/1925", source_id="src",
                         speaker="src"),
                    dict(figure_id="f2", counts="opposition_strength", description="signatories", value_low="13",
                         value_high="13", unit="people", when="1926", source_id="src", speaker="src"),
                    dict(figure_id="f3", counts="opposition_strength", description="members at peak",
                         value_low="5000", value_high="8000", unit="people", when="1927", source_id="src",
                         speaker="zinoviev"),
                    dict(figure_id="f4", counts="party_size", description="party members", value_low="650000",
                         value_high="650000", unit="members", when="1924", source_id="src", speaker="src"),
                    dict(figure_id="f5", counts="prices", description="price ratio", value_low="0",
                         value_high="1.25", unit="ratio", when="", source_id="src", speaker="src",
                         qualifier="not more than"),
                    dict(figure_id="f6", counts="economy", description="output before the war = 100",
                         value_low="20", value_high="20", unit="index_prewar_100", when="1921", source_id="src",
                         speaker="src"),
                    dict(figure_id="f7", counts="economy", description="bread ration", value_low="2",
                         value_high="2", unit="ounces", when="1921", source_id="src", speaker="src")],
        "evidence": [dict(evidence_id=f"e{n}", table=table, record_id=record, source_id="src", seed_file="x.txt",
                          locator="ch. 1", speaker="src", quote=f"a quote for {record}")
                     for n, (table, record) in enumerate(
                         [("affiliations", "a1"), ("affiliations", "a2"), ("affiliations", "a3"), ("bodies", "b1"),
                          ("bodies", "b2"), ("bodies", "b3"), ("events", "e2"), ("events", "e3")]
                         + [("figures", f"f{i}") for i in range(1, 8)])],
    })


# --- style, status words ---

def test_every_faction_has_its_own_colour_hatch_and_name(tables):
    styles = style.faction_styles(tables.factions)
    assert set(styles) == set(tables.factions["faction_id"])
    pairs = [(s.colour, s.hatch) for s in styles.values()]
    assert len(set(pairs)) == len(pairs), "two factions look the same"
    assert all(s.label for s in styles.values())
    assert 'data-faction="troika"' in styles["troika"].badge()


def test_a_faction_no_style_names_still_gets_a_distinct_look(small):
    styles = style.faction_styles(small.factions)
    assert (styles["new_group"].colour, styles["new_group"].hatch) != (styles["troika"].colour, styles["troika"].hatch)


def test_status_words_are_the_contracts_with_a_mark():
    for code in (timeline.REFERENCE, timeline.DATED, timeline.IMPRECISE):
        assert style.status_words(code) == timeline.STATUS_WORDS[code]
        tag = style.status_tag(code)
        assert style.MARKS[code] in tag and 'aria-hidden="true"' in tag
    assert style.status_words(timeline.REFERENCE) == "standard history"


def luminance(colour) -> float:
    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(a, b) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_vague_spans_reach_3_to_1_against_white(tables):
    fig = charts.affiliation_timeline(tables=tables)
    hatched = [p for p in fig.axes[0].patches if p.get_hatch() == style.IMPRECISE_HATCH]
    assert hatched, "no vague span drawn"
    for patch in hatched:
        assert contrast(patch.get_edgecolor()[:3], "white") >= 3
        assert contrast(patch.get_hatchcolor()[:3] if hasattr(patch, "get_hatchcolor") else style.INK, "white") >= 3
    for patch in fig.axes[0].patches:        # every bar has a dark outline, whatever its colour
        if isinstance(patch, Rectangle) and patch.get_linewidth() > 0 and patch.get_width() > 0:
            assert contrast(patch.get_edgecolor()[:3], "white") >= 3


# --- the affiliation timeline ---

def claims(*whens, basis="text"):
    rows = []
    for when in whens:
        found = bounds(when)
        rows.append(dict(role="member", basis=basis, **{name: pd.Timestamp(getattr(found, name)) for name in
                                                         ("start_earliest", "start_latest", "end_earliest",
                                                          "end_latest")}))
    return pd.DataFrame(rows)


def level_on(levels, day):
    return levels[(charts.DAYS == pd.Timestamp(day)).argmax()]


def test_a_dated_span_is_solid_and_a_vague_one_hatched():
    levels, _ = charts.lane_levels(claims("1923-01/1925-03"))
    assert level_on(levels, "1924-06-01") == charts.DATED_LEVEL
    assert level_on(levels, "1923-01-15") == charts.DATED_LEVEL      # dated to January 1923 (timeline.status_in)
    assert level_on(levels, "1925-05-01") == 0
    levels, ends = charts.lane_levels(claims("1923/"))
    assert level_on(levels, "1923-06-01") == charts.IMPRECISE_LEVEL   # "in 1923" allows June, does not date it
    assert level_on(levels, "1926-06-01") == charts.IMPRECISE_LEVEL   # end not given: allowed, not dated
    assert ends["end_not_given"]


def test_levels_follow_the_querys_status_month_by_month(small):
    rows = small.affiliations[small.affiliations["basis"] == "text"]
    rows = rows[~rows["role"].isin(timeline.NOT_MEMBERSHIP)]
    for person, faction in (("p1", "troika"), ("p2", "new_group")):
        lane = rows[(rows["person_id"] == person) & (rows["faction_id"] == faction)]
        levels, _ = charts.lane_levels(lane)
        for month in ("1923-06", "1924-06", "1926-06"):
            status = timeline.best_status(timeline.status_in(lane, month))
            level = level_on(levels, month + "-15")
            assert {"dated": charts.DATED_LEVEL, "imprecise": charts.IMPRECISE_LEVEL, "": 0}[status] == level


def test_no_faction_is_drawn_before_it_existed(small):
    start = charts.timeline.faction_start(small, "new_group")
    assert start == pd.Timestamp("1925-01-01")
    rows = small.affiliations[small.affiliations["faction_id"] == "new_group"]
    levels, _ = charts.lane_levels(rows, start)
    assert level_on(levels, "1924-06-01") == 0 and level_on(levels, "1925-06-01") > 0
    fig = charts.affiliation_timeline(tables=small)
    lanes = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    y = lanes.index("Bo Two")
    first = min(p.get_x() for p in fig.axes[0].patches if isinstance(p, Rectangle) and abs(p.get_y() - y) < 1)
    assert first >= charts.mdates.date2num(pd.Timestamp("1925-01-01"))


def test_the_reference_layer_is_the_upper_bar_and_the_texts_the_strip_below(small):
    fig = charts.affiliation_timeline("p1", tables=small)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    upper = [p for p in bars if p.get_y() < -0.2]
    lower = [p for p in bars if p.get_y() > 0]
    assert upper and lower
    assert min(p.get_x() for p in upper) == pytest.approx(charts.mdates.date2num(pd.Timestamp("1922-12-01")))
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("standard history" in t for t in legend) and any("the texts date it here" in t for t in legend)


def test_timeline_title_states_the_path_and_has_a_source_line(tables):
    fig = charts.affiliation_timeline("zinoviev", cursor="1926-10", tables=tables)
    title = fig._suptitle.get_text().replace("\n", " ")
    assert title.startswith("Grigory Zinoviev's path: ")
    assert "United Opposition" in title
    assert any(text.startswith("Source: affiliations.csv") for text in texts(fig))
    assert "Oct 1926" in texts(fig)


def test_cursor_moves_without_redrawing(tables):
    fig = charts.affiliation_timeline(tables=tables)
    cursor = charts.add_cursor(fig.axes[0], "1923-06")
    patches = len(fig.axes[0].patches)
    cursor.move("1927-06")
    assert cursor.label.get_text() == "Jun 1927" and len(fig.axes[0].patches) == patches


# --- figures ---

def test_figures_are_points_and_ranges_never_a_series(tables):
    fig = charts.figures_chart(tables=tables)
    for line in fig.findobj(Line2D):
        if line.get_linestyle() not in ("None", "", " ") and len(line.get_xdata()) > 2:
            pytest.fail(f"a line joins {len(line.get_xdata())} points")
    labels = [t for ax in fig.axes for t in (label.get_text() for label in ax.get_yticklabels())]
    assert len(labels) == len(tables.figures)


def test_no_axis_carries_two_units(tables):
    fig = charts.figures_chart(tables=tables)
    shown = charts.figures_shown(tables=tables)
    for ax in fig.axes:
        title = ax.get_title(loc="left")
        assert "units differ" not in title
    assert len(fig.axes) == shown.groupby(["counts", "axis"]).ngroups


def test_indices_are_bars_against_the_prewar_line(small):
    fig = charts.figures_chart("economy", tables=small)
    index_ax = next(ax for ax in fig.axes if "before the war = 100" in ax.get_title(loc="left"))
    assert any(line.get_xdata()[0] == 100 for line in index_ax.get_lines())
    assert any(isinstance(p, Rectangle) and p.get_width() == 20 for p in index_ax.patches)
    assert len(fig.axes) == 2                     # the ounces have their own axis


def test_not_more_than_is_open_ended_not_a_bar_from_zero(small):
    fig = charts.figures_chart("prices", tables=small)
    ax = fig.axes[0]
    for line in ax.get_lines():
        assert 0 not in list(line.get_xdata()), "a bar from 0"
    assert not [p for p in ax.patches if isinstance(p, Rectangle) and p.get_x() == 0 and p.get_width() > 0]
    assert ax.texts or [c for c in ax.get_children() if type(c).__name__ == "Annotation"]
    assert any("not more than 1.25" in t for t in texts(fig))


def test_each_figure_is_labelled_with_its_text_and_speaker(small):
    fig = charts.figures_chart("opposition_strength", tables=small)
    labels = " ".join(t.get_text() for ax in fig.axes for t in ax.get_yticklabels())
    assert "src (zinoviev)" in labels and "5,000–8,000" in labels


def test_log_scale_where_magnitudes_differ(small):
    assert charts.figures_chart("opposition_strength", tables=small).axes[0].get_xscale() == "log"
    assert charts.needs_log_scale([3, 8000]) and not charts.needs_log_scale([23000, 700000])


# --- party size ---

def test_party_size_is_the_standard_line_with_each_texts_figure_on_it(small):
    fig = charts.party_size_chart(small)
    ax = fig.axes[0]
    series = timeline.party_size(small)
    lines = [line for line in ax.get_lines() if line.get_linestyle() == "-" and len(line.get_xdata()) > 2]
    assert len(lines) == 1 and list(lines[0].get_ydata()) == list(series["total"].astype(float))
    texts_figures = timeline.figures_by("party_size", tables=small)
    points = [line for line in ax.get_lines() if line.get_markerfacecolor() == "white" and len(line.get_xdata())]
    assert len(points) == len(texts_figures)
    assert any(t.startswith("src: 650,000") for t in texts(fig))
    assert "src (1924): 650,000" in fig.alt_text


# --- events timeline ---

def test_events_timeline_tells_reference_and_texts_apart_with_dates_in_words(small):
    fig = charts.events_timeline("1924-01", "1924-12", small)
    words = texts(fig)
    assert any(t.startswith("21 January 1924: A reference event") for t in words)
    assert any(t.startswith("May 1924: A text event") for t in words)
    squares = [line for line in fig.axes[0].get_lines() if line.get_marker() == "s" and len(line.get_xdata())]
    dots = [line for line in fig.axes[0].get_lines() if line.get_marker() == "o" and len(line.get_xdata())]
    hatched = [c for c in fig.axes[0].collections if c.get_hatch() == style.IMPRECISE_HATCH]
    assert len(squares) == 1 and len(dots) == 1 and len(hatched) == 1
    assert "standard history" in fig.alt_text and "21 January 1924" in fig.alt_text


def test_events_text_lists_the_same_events(small):
    shown = charts.lesson_events("1924-01", "1924-12", small)
    text = charts.events_text("1924-01", "1924-12", small)
    assert str(text).count("\n- ") == len(shown) == 3
    html_text = text._repr_html_()
    assert html_text.count("<li") == 3 and "standard history" in html_text
    with pytest.raises(ValueError, match="must come before"):
        charts.events_timeline("1925-01", "1924-01", small)


# --- party bodies ---

def test_seats_are_the_standard_historys_with_the_disagreements_apart(small):
    seating = charts.seats_on("politburo", "1924-06", small)
    held = {(s.person_id, s.seat) for s in seating.held()}
    assert held == {(r.person_id, r.seat) for r in timeline.seats_on("politburo", "1924-06", small).itertuples()}
    assert held == {("p1", "full"), ("p2", "candidate")}
    assert [s.person_id for s in seating.disagreements()] == ["p3"]     # a text puts p3 there; the frame does not
    assert "1 text claim disagrees" in seating.title()
    later = charts.seats_on("politburo", "1926-06", small)
    assert {(s.person_id, s.seat) for s in later.held()} == {("p2", "full")}


def test_the_bodies_picture_changes_with_the_composition_and_the_month(small):
    chart = charts.SeatChart("politburo", small)
    first, same, later = (charts.seats_on("politburo", m, small) for m in ("1924-06", "1924-07", "1926-06"))
    a, b, c = chart.png(first), chart.png(same), chart.png(later)
    assert len({a, b, c}) == 3           # the month is in the title; the tiles change with the composition


def test_the_picture_redrawn_in_place_equals_a_full_draw(tables):
    """Months with one layout share a figure; only the changed tiles are redrawn. Whatever the
    order of months, each picture must equal that month's picture drawn from scratch."""
    chart = charts.SeatChart("politburo", tables, key=False)
    months = ["1923-01", "1923-06", "1924-06", "1923-02", "1926-10", "1927-12", "1923-03"]
    layouts = set()
    for month in months:
        seating = charts.seats_on("politburo", month, tables)
        layouts.add(charts.seats.layout_key(seating))
        quick = chart.png(seating)
        fig, title = charts.draw_seating(seating, tables, key=False)
        title.set_text(seating.heading())
        assert quick == display.figure_png(fig), month
    assert len(layouts) < len(months)            # some months did share a layout


def test_without_a_standard_list_the_texts_claims_are_the_seats(small):
    seating = charts.seats_on("secretariat", "1924-06", small)
    assert not seating.framed and [s.person_id for s in seating.held()] == ["p1"]
    assert "no standard list" in seating.title()


# --- readable at 1366 px, alt text everywhere ---

def every_chart(tables):
    """Every public chart function, called once."""
    return {
        "affiliation_timeline": charts.affiliation_timeline(tables=tables),
        "affiliation_timeline (one person)": charts.affiliation_timeline("p1", cursor="1924-06", tables=tables),
        "figures_chart": charts.figures_chart(tables=tables),
        "body_seats": charts.body_seats("politburo", "1924-06", tables),
        "events_timeline": charts.events_timeline("1924-01", "1924-12", tables),
        "party_size_chart": charts.party_size_chart(tables),
    }


def test_every_public_chart_function_is_checked():
    """A new chart function must be added to every_chart (and so to the alt-text and size checks)."""
    source = inspect.getsource(every_chart)
    for name in dir(charts):
        member = getattr(charts, name)
        if inspect.isfunction(member) and inspect.signature(member).return_annotation in ("ChartFigure", "Figure"):
            assert f"charts.{name}(" in source, f"charts.{name} is not in every_chart"


def test_every_chart_sets_alt_text_and_a_caption(small):
    for name, fig in every_chart(small).items():
        assert isinstance(fig, charts.ChartFigure), name
        assert len(fig.alt_text) > 40, name
        assert fig.caption.startswith(("The ", "Each ", "No ")), name


def test_chart_text_is_at_least_12_pt_at_its_own_size(small):
    for name, fig in every_chart(small).items():
        assert fig.dpi == style.DPI == 96, name
        assert fig.get_figwidth() * fig.dpi <= 816, name          # shown at its own size beside a list at 1366 px
        fig.canvas.draw() if hasattr(fig.canvas, "draw") else None
        for text in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text")):
            if text.get_text().strip() and text.get_visible():
                assert text.get_fontsize() >= style.MIN_POINTS, (name, text.get_text(), text.get_fontsize())


def test_display_puts_the_alt_text_in_the_metadata_and_the_html(small):
    fig = charts.body_seats("politburo", "1924-06", small)
    data, metadata = fig._repr_mimebundle_()
    assert metadata["image/png"]["alt"] == fig.alt_text
    assert re.search(r'<img [^>]*alt="Politburo, June 1924', data["text/html"])
    assert "<figcaption" in data["text/html"] and data["text/plain"] == fig.alt_text
    with pytest.raises(ValueError, match="no alt text"):
        display.mimebundle(charts.ChartFigure())


def test_an_exported_handout_keeps_the_alt_text(small):
    """nbconvert's HTML exporter (the handouts) shows text/html first, so the <img alt> survives;
    its lab template would otherwise write 'No description has been provided for this image'."""
    from nbconvert import HTMLExporter

    fig = charts.events_timeline("1924-01", "1924-12", small)
    data, metadata = fig._repr_mimebundle_()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "charts.events_timeline(...)", outputs=[nbformat.v4.new_output("display_data", data=data, metadata=metadata)])])
    body, _ = HTMLExporter(exclude_input=True).from_notebook_node(notebook)
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', body)
    assert alts and all(alt.startswith("Timeline of 3 events") for alt in alts)
    assert "No description has been provided" not in body


# --- bad input ---

@pytest.mark.parametrize("call, message", [
    (lambda t: charts.affiliation_timeline("nobody", tables=t), "unknown person 'nobody'; expected one of"),
    (lambda t: charts.affiliation_timeline(cursor="1931-01", tables=t), "expected a date from 1921-01 to 1929-12"),
    (lambda t: charts.affiliation_timeline(cursor="June 1926", tables=t), "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    (lambda t: charts.figures_chart("apples", tables=t), "unknown counts 'apples'; expected one of: party_size"),
    (lambda t: charts.figures_chart(source_id="nobody", tables=t), "unknown source 'nobody'"),
    (lambda t: charts.body_seats("duma", "1923-01", t), "unknown body 'duma'"),
    (lambda t: charts.events_timeline("1923", "whenever", t), "is not a date"),
])
def test_bad_input_says_what_was_expected(tables, call, message):
    with pytest.raises((KeyError, ValueError), match=message.replace("(", r"\(").replace(")", r"\)")):
        call(tables)


def test_every_chart_has_a_title_and_a_source_line(tables):
    for fig in (charts.affiliation_timeline(tables=tables), charts.figures_chart("party_size", tables=tables),
                charts.body_seats("politburo", "1923-01", tables), charts.party_size_chart(tables),
                charts.events_timeline("1923-01", "1923-12", tables)):
        assert any(text.startswith("Source:") for text in texts(fig))
        assert (fig._suptitle and fig._suptitle.get_text()) or any("Politburo, January 1923" in t for t in texts(fig))
