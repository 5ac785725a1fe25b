"""Lesson cards show the evidence as a student reads it: no DataFrame, real headings, dates in
words."""
import re

import pandas as pd
import pytest

from succession import cards

HEADING = r"<th scope='col'[^>]*>{}</th>"   # a real column heading


def test_evidence_card_gives_quote_speaker_text_and_place(tables):
    card = cards.evidence_card("events", "ev-1923-03-lenin-bomb", tables)
    quotes = tables.evidence.query("table == 'events' and record_id == 'ev-1923-03-lenin-bomb'")
    assert quotes.iloc[0]["quote"] in card.text
    assert "Who speaks:" in card.html and "In:" in card.html
    assert "Lidia Fotieva" in card.text or "Fotieva" in card.text  # the speaker by name, not an id
    assert "<table" not in card.html and "dataframe" not in card._repr_html_()


def test_disagreement_card_names_every_version(tables):
    card = cards.disagreement_card("troika-span", tables)
    versions = tables.discrepancies.query("discrepancy_id == 'troika-span'")
    assert card.html.count("<li>") == len(versions)
    assert "Cliff says:" in card.text and "Thompson and Lewis say:" in card.text
    assert "Standard histories say:" in card.text


def test_event_cards_use_plain_headings_and_dates_in_words(tables):
    card = cards.event_cards("1923-03", "1923-04", tables)
    assert re.search(HEADING.format("When"), card.html)
    assert re.search(HEADING.format("What happened"), card.html)
    assert "17-25 April 1923" in card.text and "6 March 1923" in card.text
    assert not re.search(r"\b\d{4}-\d{2}", card.text), "an EDTF code reached the student"


def test_plain_table_turns_when_into_words_and_rejects_unknown_columns():
    frame = pd.DataFrame({"when": ["1922-12/1923-01"], "title": ["Lenin withdraws"]})
    card = cards.plain_table(frame, {"when": "When", "title": "What"})
    assert "1922-12" not in card.html and "1923" in card.html
    assert re.search(HEADING.format("When"), card.html)
    with pytest.raises(cards.CardError, match="no column value_low"):
        cards.plain_table(frame, {"value_low": "Value"})


def test_unknown_rows_get_a_plain_error(tables):
    with pytest.raises(cards.CardError, match="no row 'ev-no-such-event'"):
        cards.evidence_card("events", "ev-no-such-event", tables)
    with pytest.raises(cards.CardError, match="no disagreement"):
        cards.disagreement_card("no-such-disagreement", tables)


def test_how_do_we_know_box_and_views_card(tables):
    box = cards.how_do_we_know("A standard history dates it.")
    assert "How do we know?" in box.html and "A standard history dates it." in box.text
    views = cards.views_card(["cl-int-002", "tl-int-007"], tables)
    assert "Cliff, quoting Leon Trotsky" in views.text and "Thompson and Lewis" in views.text


def test_text_names_are_words_not_ids(tables):
    card = cards.views_card(["thb-int-004"], tables)
    assert "thesis" in card.text and "thb-int" not in card.text


def test_evidence_card_shows_every_text_that_backs_a_row(tables):
    rows = tables.evidence.query("table == 'events' and record_id == 'ev-1923-04-twelfth-congress'")
    card = cards.evidence_card("events", "ev-1923-04-twelfth-congress", tables, limit=1)
    for source in rows["source_id"].unique():
        assert cards.work_title(source, tables) in card.text, f"the card hides {source}"


def test_seats_card_lists_the_reference_seats_and_the_texts_that_name_them(tables):
    from succession.timeline import seats_on
    seats = seats_on("politburo", "1923-01", tables)
    card = cards.seats_card("politburo", "1923-01", tables)
    assert card.html.count("<tr>") == len(seats) + 1          # a heading row and one row a seat
    assert "Joseph Stalin" in card.text and "candidate" in card.text
    assert "none of our texts" in card.text or "Cliff" in card.text
    with pytest.raises(cards.CardError, match="no politburo seats"):
        cards.seats_card("politburo", "1900-01", tables)
