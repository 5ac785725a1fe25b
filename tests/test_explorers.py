"""The explorers in the kernel: move every control as a student would; the picture itself (its PNG
bytes, not its alt text) must change, and the text must equal an independent query (the
succession.timeline functions called directly)."""
import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from succession import charts, explorers, timeline
from succession.style import DEFAULT_WORDS


@pytest.fixture(scope="module")
def factions(tables):
    return explorers.FactionExplorer(tables)


@pytest.fixture(scope="module")
def bodies(tables):
    return explorers.BodiesExplorer(tables)


def picture(widget) -> str:
    """A digest of the PNG bytes inside an explorer's picture (not its alt text or caption)."""
    found = re.findall(r'src="data:image/png;base64,([^"]+)"', widget.value)
    assert len(found) == 1, "one picture expected"
    return hashlib.sha256(base64.b64decode(found[0])).hexdigest()


class Shown(HTMLParser):
    """(group, status or seat, person_id) for every <span data-person> in a list, the group being
    the enclosing <li data-faction>."""

    def __init__(self, html: str):
        super().__init__()
        self.group, self.found = None, set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-faction" in attrs and tag == "li":
            self.group = attrs["data-faction"]
        if tag == "span" and "data-person" in attrs:
            self.found.add((self.group, attrs.get("data-seat") or attrs["class"].split()[1], attrs["data-person"]))


def expected_members(month, tables):
    return {(faction, row.status, row.person_id)
            for faction in tables.factions["faction_id"]
            for row in timeline.members_on(faction, month, tables).itertuples()}


def expected_seats(body, month, tables):
    frame = timeline.seats_on(body, month, tables)
    return {(None, row.seat, row.person_id) for row in frame.itertuples()}


def expected_disagreements(body, month, tables):
    claims = timeline.text_claims_on(body, month, tables)
    if claims.empty:
        return set()
    return {row.person_id for row in claims.itertuples() if row.agrees is False}


def months_that_differ(body, tables):
    """Two months whose standard Politburo differs (so the picture must differ)."""
    first = "1923-06"
    seats = expected_seats(body, first, tables)
    for month in explorers.MONTHS[explorers.MONTHS.index(first) + 1:]:
        if expected_seats(body, month, tables) != seats:
            return first, month
    pytest.fail(f"the {body} never changes in the reference layer")


# --- Faction explorer ----------------------------------------------------------------------

def test_moving_the_date_changes_picture_and_list_to_what_the_data_gives(factions, tables):
    factions.show("1923-06")
    before, png = Shown(factions.members.value).found, picture(factions.picture)
    assert before == expected_members("1923-06", tables)
    factions.show("1927-06")
    after = Shown(factions.members.value).found
    assert after == expected_members("1927-06", tables)
    assert after != before and picture(factions.picture) != png
    assert 'data-month="1927-06"' in factions.members.value and "June 1927" in factions.members.value


def test_the_issue_9_outcomes_show_in_the_list(factions, tables):
    """Trotsky in the Left Opposition in December 1923; Bukharin in the Right in January 1929;
    nobody in the troika after it broke up, nor in the United Opposition after they recanted."""
    factions.show("1923-12")
    shown = Shown(factions.members.value).found
    assert any(group == "left_opposition" and person == "trotsky" for group, _, person in shown)
    factions.show("1929-01")
    shown = Shown(factions.members.value).found
    assert any(group == "right_opposition" and person == "bukharin" for group, _, person in shown)
    factions.show("1928-06")
    shown = Shown(factions.members.value).found
    assert not any(group in ("troika", "united_opposition") for group, _, _ in shown)   # broken up, recanted


def test_statuses_are_marked_and_worded_never_certain_or_possible(factions, tables):
    for month in ("1921-03", "1923-06", "1926-10", "1929-06"):
        factions.show(month)
        text = factions.members.value + factions.events.value
        assert not re.search(r"\b(certain|possible)\b", re.sub(r"<[^>]+>", " ", text), re.I), month
        for status in {status for _, status, _ in Shown(factions.members.value).found}:
            assert DEFAULT_WORDS[status] in factions.members.value or \
                timeline.STATUS_WORDS[status].replace("'", "&#x27;") in factions.members.value


def test_the_person_traced_changes_picture_and_path(tables):
    explorer = explorers.FactionExplorer(tables, start="1926-10")
    everyone = picture(explorer.picture)
    explorer.person.value = "zinoviev"
    assert picture(explorer.picture) != everyone
    path = timeline.person_path("zinoviev", tables)
    rows = re.findall(r"<tr><td>", explorer.path.value)
    assert len(rows) == len(path)
    assert charts.path_summary("zinoviev", tables) in explorer.path.value
    zinoviev = picture(explorer.picture)
    explorer.person.value = "bukharin"
    assert picture(explorer.picture) != zinoviev
    assert len(re.findall(r"<tr><td>", explorer.path.value)) == len(timeline.person_path("bukharin", tables))
    assert "<mark>" in explorer.members.value or not any(
        p == "bukharin" for _, _, p in expected_members("1926-10", tables))


def test_events_nearest_the_date_are_the_querys(factions, tables):
    for month in ("1924-01", "1927-11"):
        factions.show(month)
        shown = re.findall(r"data-event='([^']+)'", factions.events.value)
        assert shown == list(timeline.events_near(month, 5, tables)["event_id"])


def test_previous_next_play_and_pause_keep_the_students_place(tables):
    explorer = explorers.FactionExplorer(tables, start="1925-03")
    month = explorer.month
    png = picture(explorer.picture)
    month.next.click()
    assert explorer.date.value == "1925-04" and picture(explorer.picture) != png
    assert Shown(explorer.members.value).found == expected_members("1925-04", tables)
    month.previous.click()
    assert explorer.date.value == "1925-03"
    month.play_button.click()
    assert month.timer.playing and month.play_button.disabled and not month.pause_button.disabled
    png = picture(explorer.picture)
    month.timer.value += 1                       # what the browser's timer does each second
    month.timer.value += 1
    assert explorer.date.value == "1925-05" and picture(explorer.picture) != png
    assert Shown(explorer.members.value).found == expected_members("1925-05", tables)
    month.pause_button.click()
    assert not month.timer.playing and explorer.date.value == "1925-05"    # not back to January 1921
    assert not month.play_button.disabled and month.pause_button.disabled


def test_controls_are_named_in_words(factions):
    month = factions.month
    assert month.date.description == "Month" and month.date.label == explorers.controls.month_words(month.value)
    for button in (month.previous, month.next, month.play_button, month.pause_button):
        assert re.search(r"[A-Za-z]{4}", button.description), button.description   # words, not only an icon
        assert button.tooltip
    assert month.timer.layout.display == "none"        # the icon-only Play widget is never shown
    assert not any(isinstance(w, explorers.controls.widgets.SelectionSlider) for w in month.widget.children)


def test_bad_input_says_what_was_expected(factions, tables):
    with pytest.raises(ValueError, match="expected YYYY-MM from 1921-01 to 1929-12"):
        factions.show("1935-01")
    with pytest.raises(KeyError, match="unknown person 'nobody'"):
        factions.show("1925-01", person_id="nobody")
    with pytest.raises(KeyError, match="unknown body 'duma'"):
        explorers.BodiesExplorer(tables, body="duma")


# --- Bodies explorer -------------------------------------------------------------------------

def test_bodies_date_change_shows_every_seat_of_the_standard_history(bodies, tables):
    first, later = months_that_differ("politburo", tables)
    bodies.show(first, body="politburo")
    png = picture(bodies.picture)
    assert Shown(bodies.members.value).found == expected_seats("politburo", first, tables)
    bodies.show(later)
    assert Shown(bodies.members.value).found == expected_seats("politburo", later, tables)
    assert picture(bodies.picture) != png
    assert f'data-month="{later}"' in bodies.members.value


def test_every_month_lists_exactly_the_seats_of_the_query(bodies, tables):
    """Issue 9's "done when": every month from March 1921 to December 1929, seat by seat."""
    for month in explorers.MONTHS[explorers.MONTHS.index("1921-03"):]:
        bodies.show(month, body="politburo")
        assert Shown(bodies.members.value).found == expected_seats("politburo", month, tables), month
        shown = set(re.findall(r"class='disagreement' data-person='([^']+)'", bodies.members.value))
        assert shown == expected_disagreements("politburo", month, tables), month


def test_stalin_is_simply_on_the_politburo_1923_to_1929(bodies, tables):
    for month in ("1923-06", "1925-06", "1927-06", "1929-06"):
        bodies.show(month, body="politburo")
        assert (None, "full", "stalin") in Shown(bodies.members.value).found, month


def test_the_body_control_changes_picture_and_list(bodies, tables):
    bodies.show("1926-10", body="politburo")
    png = picture(bodies.picture)
    bodies.show("1926-10", body="orgburo")
    assert picture(bodies.picture) != png
    assert Shown(bodies.members.value).found == expected_seats("orgburo", "1926-10", tables)
    bodies.show("1926-10", body="politburo")


def test_disagreements_are_claims_not_seats(bodies, tables):
    month = next((m for m in explorers.MONTHS if expected_disagreements("politburo", m, tables)), None)
    if month is None:
        pytest.skip("no text claim disagrees with the reference layer")
    bodies.show(month, body="politburo")
    seats = {person for _, _, person in Shown(bodies.members.value).found}
    for person in expected_disagreements("politburo", month, tables):
        assert f"data-person='{person}'" in bodies.members.value
        if person not in {row.person_id for row in timeline.seats_on("politburo", month, tables).itertuples()}:
            assert person not in seats


def test_texts_that_mention_each_holder_are_beside_it(bodies, tables):
    bodies.show("1923-06", body="politburo")
    frame = timeline.seats_on("politburo", "1923-06", tables)
    for row in frame.itertuples():
        item = re.search(rf'data-person="{row.person_id}"[^>]*>.*?</li>', bodies.members.value, re.S).group(0)
        for source in row.mentioned_by:
            assert source in item


# --- Figures explorer ------------------------------------------------------------------------

def figure_rows(explorer) -> set[str]:
    return set(re.findall(r"<tr data-figure='([^']+)'", explorer.table.value))


def test_every_filter_changes_the_picture_and_the_table_equals_the_query(tables):
    explorer = explorers.FiguresExplorer(tables, counts="")
    seen = {picture(explorer.picture)}
    assert figure_rows(explorer) == set(timeline.figures_by(tables=tables)["figure_id"])
    for counts, source in (("", "cliff"), ("opposition_strength", "cliff"), ("opposition_strength", ""),
                           ("party_size", ""), ("economy", "thompson_lewis")):
        explorer.counts.value, explorer.source.value = counts, source
        expected = timeline.figures_by(counts or None, source or None, tables)
        assert figure_rows(explorer) == set(expected["figure_id"]), (counts, source)
        png = picture(explorer.picture)
        assert png not in seen, (counts, source)
        seen.add(png)


def test_figures_quote_is_the_chosen_figures(tables):
    explorer = explorers.FiguresExplorer(tables, counts="opposition_strength")
    figure_id = explorer.quote_choice.options[-1][1]
    explorer.quote_choice.value = figure_id
    quote = timeline.evidence_for("figures", figure_id, tables)["quote"].iloc[0]
    assert quote[:20].replace("'", "&#x27;") in explorer.quote.value.replace("&quot;", '"')
    assert f"data-figure='{figure_id}'" in explorer.quote.value


def test_party_size_shows_the_standard_series_with_the_texts_figures(tables):
    explorer = explorers.FiguresExplorer(tables, counts="party_size")
    assert "standard figures" in explorer.picture.value or "party's size" in explorer.picture.value


# --- Dashboard, layout, handouts -------------------------------------------------------------

def test_dashboard_combines_the_three(tables):
    board = explorers.Dashboard(tables)
    assert board.factions.widget in board.widget.children
    assert board.figures.widget in board.widget.children
    assert board.bodies.widget in board.widget.children
    assert "application/vnd.jupyter.widget-view+json" in board._repr_mimebundle_()
    headings = re.findall(r"<h([1-6])", "".join(w.value for w in board.widget.children
                                               if isinstance(w, explorers.controls.widgets.HTML)))
    assert set(headings) == {"2"}


def test_wide_tables_scroll_in_their_own_box_and_words_say_below_or_beside(tables):
    explorer = explorers.FiguresExplorer(tables, counts="")
    assert 'class="table-scroll"' in explorer.table.value and "overflow-x:auto" in explorer.table.value
    board = explorers.FactionExplorer(tables)
    assert "beside or below" in board.picture.value
    assert re.search(r"<th scope='col'>", explorer.table.value)          # no empty table headers


def test_still_picture_for_handouts(tables, monkeypatch):
    monkeypatch.setenv("SUCCESSION_STATIC", "1")
    explorer = explorers.FactionExplorer(tables, start="1924-06")
    bundle = explorer._repr_mimebundle_()
    assert "<img" in bundle["text/html"] and 'alt="' in bundle["text/html"]
    assert "<b>Month:</b> June 1924" in bundle["text/html"]


# --- The explorers look answers up in an index; it must agree with the queries ---------------

@pytest.fixture(scope="module")
def index(tables):
    return explorers.EvidenceIndex(tables)


@pytest.mark.parametrize("month", explorers.MONTHS[::7])
def test_index_agrees_with_the_queries(index, tables, month):
    fast = {(faction, m.person_id, m.status, ", ".join(m.roles))
            for faction, members in index.members_by_faction(month).items() for m in members}
    slow = {(faction, row.person_id, row.status, row.roles) for faction in tables.factions["faction_id"]
            for row in timeline.members_on(faction, month, tables).itertuples()}
    assert fast == slow
    aligned = timeline.alignments_on(month, tables)
    assert {p: (f, s, "; ".join(e)) for p, (f, s, e) in index.alignments(month).items()} == {
        row.person_id: (row.faction_id, row.status, row.factions) for row in aligned.itertuples()}
    for body in ("politburo", "orgburo", "secretariat", "central_committee"):
        assert index.seats(body, month) == charts.seats_on(body, month, tables)
    assert [tables.events["event_id"].iloc[i] for i in index.events_near(month)] == list(
        timeline.events_near(month, 5, tables)["event_id"])


# --- The launcher: a button in a lesson that builds an explorer only when clicked -----------

def test_the_launcher_builds_nothing_until_clicked(tables, monkeypatch):
    from succession.explorers import faction, launcher
    built = []
    real = faction.FactionExplorer

    def counting(*args, **kwargs):
        built.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(faction, "FactionExplorer", counting)
    button = launcher.explore("factions", start="1923-12", person_id="trotsky", tables=tables)
    assert built == [] and button.explorer is None
    assert button.widget.children == (button.button,)
    assert button.button.description == ("Open the faction explorer at December 1923, "
                                         "tracing Leon Trotsky")
    assert button.button.tooltip
    bundle = button._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and built == []


@pytest.mark.parametrize("start", ["1923-04", "1926-10"])
def test_clicking_shows_the_faction_explorer_at_the_start_month(tables, start):
    button = explorers.explore("factions", start=start, tables=tables)
    button.button.click()
    shown = button.explorer
    assert button.widget.children == (shown.widget,)
    assert f'data-month="{start}"' in shown.members.value
    assert Shown(shown.members.value).found == expected_members(start, tables)
    button.button.click()                       # a second click builds nothing new
    assert button.explorer is shown


def test_clicking_shows_the_bodies_and_figures_explorers_asked_for(tables):
    bodies = explorers.explore("bodies", body="politburo", start="1923-01", tables=tables)
    assert bodies.button.description == ("Open the party-bodies explorer: "
                                         "the Politburo in January 1923")
    bodies.button.click()
    assert bodies.widget.children == (bodies.explorer.widget,)
    seats = expected_seats("politburo", "1923-01", tables)
    assert Shown(bodies.explorer.members.value).found == seats
    figures = explorers.explore("figures", counts="party_size", tables=tables)
    figures.button.click()
    assert figures.widget.children == (figures.explorer.widget,)
    shown = charts.figures_shown("party_size", None, tables)
    assert figure_rows(figures.explorer) == set(shown["figure_id"])


def test_the_launcher_in_static_mode_gives_the_still_picture(tables, monkeypatch):
    monkeypatch.setenv("SUCCESSION_STATIC", "1")
    button = explorers.explore("factions", start="1924-06", tables=tables)
    bundle = button._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert "<img" in bundle["text/html"] and 'alt="' in bundle["text/html"]
    assert "<b>Month:</b> June 1924" in bundle["text/html"]


def test_the_lesson_module_exports_explore():
    import succession.lesson as lesson
    assert "explore" in lesson.__all__ and lesson.explore is explorers.explore


@pytest.mark.parametrize("kind, options, expected", [
    ("faction", {}, "expected one of 'factions', 'bodies', 'figures'"),
    ("factions", {"start": "1923-13"}, "expected YYYY-MM from 1921-01 to 1929-12"),
    ("bodies", {"start": "June 1923"}, "expected YYYY-MM from 1921-01 to 1929-12"),
    ("factions", {"month": "1923-06"}, "has no option 'month': expected start, person_id"),
    ("factions", {"person_id": "napoleon"}, "unknown person 'napoleon'"),
    ("bodies", {"body": "cabinet"}, "unknown body 'cabinet'; expected one of"),
    ("figures", {"counts": "cows"}, "cannot show 'cows': expected one of"),
])
def test_a_bad_launcher_says_what_was_expected(tables, kind, options, expected):
    with pytest.raises((ValueError, KeyError)) as caught:
        explorers.explore(kind, tables=tables, **options)
    assert expected in str(caught.value)
