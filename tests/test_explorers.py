"""The explorers in the kernel: set a control as a student would, read what the widgets now say."""
import re
from html.parser import HTMLParser

import pytest

from succession import charts, explorers, timeline


@pytest.fixture(scope="module")
def factions(tables):
    return explorers.FactionExplorer(tables)


@pytest.fixture(scope="module")
def bodies(tables):
    return explorers.BodiesExplorer(tables)


class PeopleShown(HTMLParser):
    """Collects (faction or body, status, person_id) from the <span class="person ..."> in a list."""

    def __init__(self, html: str):
        super().__init__()
        self.group, self.found = None, set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-faction" in attrs and tag == "li":
            self.group = attrs["data-faction"]
        if tag == "span" and "data-person" in attrs:
            status = attrs["class"].split()[1]
            self.found.add((self.group, status, attrs["data-person"]))


def expected_members(month, tables):
    """What timeline.members_on says, for every faction: the reference the widget must match."""
    return {(faction, row.status, row.person_id)
            for faction in tables.factions["faction_id"]
            for row in timeline.members_on(faction, month, tables).itertuples()}


def test_moving_the_date_changes_the_members_to_those_the_data_gives(factions, tables):
    factions.date.value = "1923-06"
    before = PeopleShown(factions.members.value).found
    assert before == expected_members("1923-06", tables)
    assert ("left_opposition", "possible", "trotsky") in before
    assert not any(group == "united_opposition" for group, _, _ in before)

    factions.date.value = "1927-06"
    after = PeopleShown(factions.members.value).found
    assert after == expected_members("1927-06", tables)
    assert {person for group, _, person in after if group == "united_opposition"} >= {"trotsky", "zinoviev", "kamenev"}
    assert after != before
    assert 'data-month="1927-06"' in factions.members.value


def test_certain_and_possible_are_told_apart(factions, tables):
    factions.show("1924-06")
    shown = PeopleShown(factions.members.value).found
    assert {("troika", "certain", who) for who in ("stalin", "zinoviev", "kamenev")} <= shown
    # A month where the data leave someone only possible: marked so in words, not only by style.
    month, (faction, _, person) = next((m, entry) for m in explorers.MONTHS for entry in expected_members(m, tables)
                                       if entry[1] == "possible")
    factions.show(month)
    assert (faction, "possible", person) in PeopleShown(factions.members.value).found
    name = tables.people.set_index("person_id")["name"][person]
    assert re.search(rf'class="person possible" data-person="{person}"[^>]*>(<mark>)?{re.escape(name)}\?',
                     factions.members.value)
    assert "<i>possible:</i>" in factions.members.value


def test_the_picture_and_its_alt_text_follow_the_date(factions):
    factions.show("1925-03")
    first = factions.picture.value
    factions.show("1925-04")
    assert factions.picture.value != first
    assert re.search(r'<img [^>]*alt="[^"]*Apr 1925', factions.picture.value)


def test_events_nearest_the_date_come_with_their_sources(factions, tables):
    factions.show("1924-01")
    nearest = timeline.events_near("1924-01", 5, tables)
    for title in nearest["title"]:
        assert title.replace("'", "&#x27;") in factions.events.value or title in factions.events.value
    assert "external:" in factions.events.value or "(" in factions.events.value


def test_person_picker_traces_zinovievs_path(tables):
    explorer = explorers.FactionExplorer(tables)
    explorer.person.value = "zinoviev"
    path = explorer.path.value
    order = [path.index(word) for word in ("Triumvirate", "Leningrad", "United Opposition", "recanted")]
    assert order == sorted(order), path[:300]
    assert "<table" in path
    assert "Grigory Zinoviev" in explorer.picture.value      # the alt text names the person
    explorer.show("1927-06")
    assert "<mark>Grigory Zinoviev?</mark>" in explorer.members.value


def test_play_and_slider_cover_every_month_1921_to_1929(factions):
    assert factions.date.options[0][1] == "1921-01" and factions.date.options[-1][1] == "1929-12"
    assert factions.play.max == len(explorers.MONTHS) - 1


def test_bad_input_says_what_was_expected(factions, tables):
    with pytest.raises(ValueError, match="expected YYYY-MM from 1921-01 to 1929-12"):
        factions.show("1935-01")
    with pytest.raises(KeyError, match="unknown person 'nobody'"):
        factions.show("1925-01", person_id="nobody")
    with pytest.raises(KeyError, match="unknown body 'duma'"):
        explorers.BodiesExplorer(tables, body="duma")


def test_bodies_list_members_by_faction_and_unknown_seats(bodies, tables):
    bodies.show("1923-04", body="central_committee")
    seating = charts.seats_on("central_committee", "1923-04", tables)
    named = {row.person_id for row in timeline.body_members_on("central_committee", "1923-04", tables).itertuples()}
    assert {person for _, _, person in PeopleShown(bodies.members.value).found} == named
    unknown = seating.count("unknown", candidate=False)
    assert seating.size is not None and unknown == seating.size.low - len(named)
    assert f"{unknown} unknown seats" in bodies.members.value

    bodies.show("1927-06")
    assert "Size not given" in bodies.members.value


def test_bodies_date_change_updates_members_and_picture(bodies, tables):
    bodies.show("1923-01", body="politburo")
    january, picture = bodies.members.value, bodies.picture.value
    bodies.show("1927-06")
    assert bodies.members.value != january and bodies.picture.value != picture
    named = {row.person_id for row in timeline.body_members_on("politburo", "1927-06", tables).itertuples()}
    assert {person for _, _, person in PeopleShown(bodies.members.value).found} == named
    assert "Changes in the year to Jun 1927" in bodies.changes.value


def test_figures_filter_by_source_and_show_a_quote(tables):
    explorer = explorers.FiguresExplorer(tables, counts="")
    explorer.source.value = "cliff"
    rows = re.findall(r"<tr data-figure='([^']+)'", explorer.table.value)
    assert rows and set(rows) == set(timeline.figures_by(source_id="cliff", tables=tables)["figure_id"])
    explorer.counts.value = "opposition_strength"
    figure_id = explorer.quote_choice.options[0][1]
    explorer.quote_choice.value = figure_id
    quote = timeline.evidence_for("figures", figure_id, tables)["quote"].iloc[0]
    assert quote[:20].replace("'", "&#x27;") in explorer.quote.value.replace("&quot;", '"')
    assert "log scale" not in explorer.table.value       # the table is plain text, the picture carries the scale


def test_dashboard_combines_the_three(tables):
    board = explorers.Dashboard(tables)
    assert board.factions.widget in board.widget.children
    assert board.figures.widget in board.widget.children
    assert board.bodies.widget in board.widget.children
    assert "application/vnd.jupyter.widget-view+json" in board._repr_mimebundle_()


# The explorers look answers up in an index instead of querying; it must agree with the queries.

@pytest.fixture(scope="module")
def index(tables):
    return explorers.EvidenceIndex(tables)


@pytest.mark.parametrize("month", explorers.MONTHS[::5])
def test_index_agrees_with_the_queries(index, tables, month):
    fast = {(faction, m.person_id, m.status, ", ".join(m.roles))
            for faction, members in index.members_by_faction(month).items() for m in members}
    slow = {(faction, row.person_id, row.status, row.roles) for faction in tables.factions["faction_id"]
            for row in timeline.members_on(faction, month, tables).itertuples()}
    assert fast == slow
    aligned = timeline.alignments_on(month, tables)
    assert {p: (f, s, "; ".join(e)) for p, (f, s, e) in index.alignments(month).items()} == {
        row.person_id: (row.faction_id, row.status, row.factions) for row in aligned.itertuples()}
    for body in sorted(set(tables.bodies["body"])):
        assert index.seats(body, month) == charts.seats_on(body, month, tables)
    assert [tables.events["event_id"].iloc[i] for i in index.events_near(month)] == list(
        timeline.events_near(month, 5, tables)["event_id"])
