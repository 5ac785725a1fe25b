"""Queries answer "who was where, when" as far as the texts settle it, and no further."""
import pandas as pd
import pytest

from succession import timeline
from succession.data import load

tables = load()


def people(frame, status):
    return set(frame.loc[frame["status"] == status, "person_id"])


def test_troika_in_june_1923_is_dated_by_the_texts():
    members = timeline.members_on("troika", "1923-06")
    assert people(members, timeline.DATED) == {"stalin", "zinoviev", "kamenev"}
    assert people(members, timeline.IMPRECISE) == set()


def test_zinoviev_in_autumn_1926_is_in_the_united_opposition():
    members = timeline.members_on("united_opposition", "1926-10")
    assert {"zinoviev", "trotsky", "kamenev"} <= people(members, timeline.DATED)
    assert "zinoviev" not in people(timeline.members_on("troika", "1926-10"), timeline.DATED)


def test_trotsky_leads_the_left_opposition_from_december_1923():
    """'From 1923 to 1928' dates him there in December 1923, not only allows it."""
    assert "trotsky" in people(timeline.members_on("left_opposition", "1923-12"), timeline.DATED)
    assert "trotsky" in people(timeline.members_on("left_opposition", "1927-06"), timeline.DATED)


def test_zinoviev_path_runs_troika_leningrad_united_recantation():
    path = timeline.person_path("zinoviev")
    order = list(dict.fromkeys(path["faction_id"] + ":" + path["role"].where(path["role"] == "recanted", "in")))
    firsts = [step.split(":")[0] for step in order]
    assert firsts.index("troika") < firsts.index("leningrad_opposition") < firsts.index("united_opposition")
    assert order[-1] == "united_opposition:recanted"


def test_recantation_is_not_membership():
    recanted = tables.affiliations[tables.affiliations["role"] == "recanted"]
    assert len(recanted)
    row = recanted.iloc[0]
    day = row["start_latest"].strftime("%Y-%m-%d")
    members = timeline.members_on(row["faction_id"], day)
    claims = ", ".join(members["claims"])
    assert row["affiliation_id"] not in claims


def test_unknown_end_is_possible_never_certain():
    rows = tables.affiliations[tables.affiliations["when"].str.endswith("/")]
    assert len(rows)
    later = rows.assign(status=timeline.status_in(rows, "1929-06"))
    assert (later["status"] != timeline.DATED).all()


def test_a_claim_is_silent_outside_its_possible_span():
    """A membership attested only in one year says nothing about five years later."""
    rows = tables.affiliations.dropna(subset=["end_latest"])
    bounded = rows[rows["end_latest"] < pd.Timestamp("1925-01-01")]
    assert len(bounded)
    assert (timeline.status_in(bounded, "1930-01") == "").all()


def test_period_accepts_days_months_years_and_rejects_the_rest():
    assert timeline.period("1926-10") == (pd.Timestamp("1926-10-01"), pd.Timestamp("1926-10-31"))
    assert timeline.period("1926") == (pd.Timestamp("1926-01-01"), pd.Timestamp("1926-12-31"))
    with pytest.raises(ValueError, match="expected YYYY, YYYY-MM or YYYY-MM-DD"):
        timeline.period("autumn 1926")


def test_unknown_faction_says_which_exist():
    with pytest.raises(KeyError, match="troika"):
        timeline.members_on("the_cheka", "1926-10")


def test_every_membership_answer_names_its_sources():
    members = timeline.members_on("troika", "1923-06")
    assert (members["sources"].str.len() > 0).all()
    assert set("; ".join(members["sources"]).split("; ")) <= set(tables.sources["source_id"])


def test_events_near_a_date_are_the_closest():
    near = timeline.events_near("1923-04", count=3)
    assert "ev-1923-04-twelfth-congress" in set(near["event_id"])
    assert near["event_id"].is_unique and len(near) == 3


def test_figures_by_what_they_count():
    party = timeline.figures_by("party_size")
    assert len(party) and (party["counts"] == "party_size").all()
    assert (party["value_low"] <= party["value_high"].fillna(float("inf"))).all()


def test_evidence_for_a_row_and_its_citation():
    quotes = timeline.evidence_for("events", "ev-1923-04-twelfth-congress")
    assert len(quotes) and set(quotes.columns) == {"source_id", "seed_file", "locator", "speaker", "quote"}
    assert quotes.iloc[0]["quote"] in timeline.cite("events", "ev-1923-04-twelfth-congress")


def test_body_members_come_with_their_seat():
    members = timeline.body_members_on("politburo", "1923-06")
    assert "rykov" in set(members["person_id"])
    assert set(members["status"]) <= set(timeline.STATUS_WORDS)
