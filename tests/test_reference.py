"""The reference layer frames the texts: every Politburo seat in every month, the offices, the
factions' own spans, and where a text's dating differs from the frame."""
import pandas as pd
import pytest

from succession import timeline
from succession.data import load

tables = load()
MONTHS = [f"{year}-{month:02d}" for year in range(1921, 1930) for month in range(1, 13)][2:]  # 1921-03 on


def people(frame, status=None):
    if status is not None:
        frame = frame[frame["status"] == status]
    return set(frame["person_id"])


def seats(body, month, seat):
    found = timeline.seats_on(body, month)
    return set(found.loc[found["seat"] == seat, "person_id"])


@pytest.mark.parametrize("month", MONTHS)
def test_every_month_has_its_politburo_seat_by_seat(month):
    found = timeline.seats_on("politburo", month)
    assert len(found) >= 5, f"{month}: only {len(found)} seats"
    assert found["person_id"].is_unique, f"{month}: someone holds two seats"
    assert set(found["status"]) == {timeline.REFERENCE}
    works = set(tables.references["reference_id"])
    assert found["reference"].map(lambda cell: cell.split(",")[0] in works).all()
    # The same answer as the list of compositions, read at the end of the month.
    end = timeline.period(month)[1]
    composition = timeline.compositions("politburo")
    row = composition[(composition["from"] <= end)
                      & ((composition["until"].isna()) | (composition["until"] > end))].iloc[-1]
    assert seats("politburo", month, "full") == set(row["full"])
    assert seats("politburo", month, "candidate") == set(row["candidates"])


def test_stalin_sits_on_the_politburo_in_every_month_1921_to_1929():
    missing = [month for month in MONTHS if "stalin" not in seats("politburo", month, "full")]
    assert not missing, f"Stalin missing in {missing[:5]}"


def test_radek_never_sits_on_the_politburo_but_cliff_says_he_did():
    assert not any("radek" in people(timeline.seats_on("politburo", month)) for month in MONTHS)
    claims = timeline.text_claims_on("politburo", "1923-04")
    radek = claims[claims["person_id"] == "radek"]
    assert len(radek) and not radek["agrees"].any() and (radek["standard"] == "no seat").all()
    rykov = claims[claims["person_id"] == "rykov"]
    assert rykov["agrees"].all()


def test_1928_promotions_and_1926_full_members():
    assert {"bukharin", "molotov", "kalinin"} <= seats("politburo", "1928-06", "full")
    assert not {"bukharin", "molotov", "kalinin"} & seats("politburo", "1928-06", "candidate")
    october_1926 = seats("politburo", "1926-10", "full")
    assert {"stalin", "bukharin", "rykov", "tomsky"} <= october_1926
    assert not {"zinoviev", "trotsky"} & october_1926   # out in July and October 1926


def test_no_one_is_full_and_candidate_of_one_body_at_once():
    for body in ("politburo", "orgburo", "secretariat"):
        for month in MONTHS[::5]:
            found = timeline.seats_on(body, month)
            assert found["person_id"].is_unique, (body, month)


def test_open_ends_close_at_the_next_election():
    """Cliff's Central Committee of 1923 ('end not given') is not the Central Committee of 1928."""
    members = timeline.body_members_on("central_committee", "1928-06")
    assert not {"piatakov", "radek", "rakovsky"} & people(members)
    rows = tables.bodies[tables.bodies["membership_id"] == "cl-bd-015"].iloc[0]
    assert rows["closed_by"] == "the body's next election"
    assert rows["stated_end_latest"] > rows["end_latest"]   # the text's own bounds are kept


def test_offices_one_holder_each_month():
    for month in MONTHS:
        found = timeline.offices_on(month)
        assert found["office"].is_unique, month
    assert timeline.offices_on("1926-06").set_index("office").loc["general_secretary", "person_id"] == "stalin"
    war = [timeline.offices_on(m).set_index("office")["person_id"].get("war_commissar") for m in
           ("1924-12", "1925-06", "1926-06")]
    assert war == ["trotsky", "frunze", "voroshilov"]


def test_trotsky_in_the_left_opposition_in_december_1923_and_not_before_it_existed():
    assert "trotsky" in people(timeline.members_on("left_opposition", "1923-12"), timeline.DATED)
    assert timeline.members_on("left_opposition", "1923-01").empty
    aligned = timeline.alignments_on("1923-01")
    assert "trotsky" not in set(aligned.loc[aligned["faction_id"] == "left_opposition", "person_id"])


def test_bukharin_in_the_right_opposition_in_january_1929_with_its_leaders():
    members = timeline.members_on("right_opposition", "1929-01")
    assert "bukharin" in people(members, timeline.DATED)
    assert {"rykov", "tomsky"} <= people(members)
    assert timeline.members_on("right_opposition", "1926-10").empty   # then a wing of the majority
    assert "bukharin" in people(timeline.members_on("right_wing", "1926-10"))


@pytest.mark.parametrize("month", ["1926-01", "1926-06", "1927-06", "1929-06", "1934-01"])
def test_nobody_in_the_troika_after_it_broke_up(month):
    assert timeline.members_on("troika", month).empty


@pytest.mark.parametrize("month", ["1928-02", "1928-06", "1929-06"])
def test_nobody_in_the_united_opposition_after_they_recanted(month):
    assert timeline.members_on("united_opposition", month).empty


def test_signatories_of_the_46_are_not_members_in_1935():
    assert timeline.members_on("left_opposition", "1935").empty


def test_each_text_keeps_its_own_dating_where_it_differs():
    """Thompson & Lewis keep the triumvirate until 1926: shown as a claim the frame does not share."""
    claims = timeline.text_claims_on("troika", "1926-03")
    thompson = claims[claims["claim_id"].str.startswith("tl-")]
    assert {"stalin", "zinoviev", "kamenev"} <= set(thompson["person_id"])
    assert not thompson["agrees"].any()
    assert set(claims["status"]) <= {timeline.DATED, timeline.IMPRECISE}


def test_status_words_are_plain_and_cover_every_code():
    assert set(timeline.STATUS_WORDS) == {timeline.DATED, timeline.IMPRECISE, timeline.REFERENCE}
    assert timeline.words(timeline.REFERENCE) == "standard history"
    found = {timeline.members_on(faction, month)["status"].iloc[0]
             for faction, month in [("troika", "1923-06"), ("left_opposition", "1925-06"),
                                    ("right_opposition", "1929-06")]}
    assert found <= set(timeline.STATUS_WORDS)


def test_party_size_is_what_references_state():
    sizes = timeline.party_size()
    assert len(sizes) >= 10 and sizes["date"].is_monotonic_increasing
    numbers = sizes[["full_members", "candidates", "total"]]
    assert numbers.notna().any(axis=1).all()
    assert (sizes["reference"].str.len() > 0).all()


def test_events_between_tell_the_layers_apart():
    both = timeline.events_between("1927-11", "1927-12")
    assert {"text", "reference"} <= set(both["basis"])
    only = timeline.events_between("1927-11", "1927-12", basis="reference")
    assert (only["basis"] == "reference").all() and (only["reference"].str.len() > 0).all()
    with pytest.raises(ValueError, match="expected 'text' or 'reference'"):
        timeline.events_between("1927-11", "1927-12", basis="external")


def test_text_events_point_to_their_standard_date():
    linked = tables.events[tables.events["same_as"] != ""]
    assert len(linked) >= 10
    reference_ids = set(tables.events.loc[tables.events["basis"] == "reference", "event_id"])
    assert set(linked["same_as"]) <= reference_ids
    deported = tables.events.set_index("event_id").loc["ev-1929-02-trotsky-deported"]
    standard = tables.events.set_index("event_id").loc[deported["same_as"]]
    assert standard["when"] == "1929-02-12"


def test_vague_plurals_are_lower_bounds():
    vague = tables.figures[tables.figures["qualifier"].isin(["thousands", "thousands more", "tens of thousands",
                                                             "millions", "a few hundred"])]
    assert len(vague) >= 4 and vague["value_high"].isna().all()


def test_every_reference_row_names_a_work_with_the_page_read():
    works = tables.references.set_index("reference_id")
    for name in ("bodies", "offices", "events", "affiliations", "faction_spans", "party_size", "epilogue"):
        frame = tables[name]
        rows = frame[frame["basis"] == "reference"]
        ids = rows["reference"].str.split(",").str[0].str.strip()
        assert ids.isin(works.index).all(), name
    checked = works[~works.index.str.startswith("legacy-")]
    assert checked["url"].str.match(r"https?://").all()


def test_epilogue_tells_what_became_of_each_rival():
    fates = tables.epilogue
    assert {"trotsky", "zinoviev", "kamenev", "bukharin", "rykov", "tomsky"} <= set(fates["person_id"])
    trotsky = fates[fates["person_id"] == "trotsky"].sort_values("start_earliest")
    assert trotsky["start_earliest"].iloc[-1] >= pd.Timestamp("1940-08-20")
