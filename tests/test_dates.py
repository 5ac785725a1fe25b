"""EDTF strings become the earliest and latest possible start and end."""
import datetime as dt

import pytest

from succession.dates import EDTFError, bounds, in_words, precision

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("1927-11", (D(1927, 11, 1), D(1927, 11, 30), D(1927, 11, 1), D(1927, 11, 30))),
    ("1924-01-21", (D(1924, 1, 21),) * 4),
    ("1923-04-17/1923-04-25", (D(1923, 4, 17), D(1923, 4, 17), D(1923, 4, 25), D(1923, 4, 25))),
    ("1922-12/1923-01", (D(1922, 12, 1), D(1922, 12, 31), D(1923, 1, 1), D(1923, 1, 31))),
    ("1926-07~", (D(1926, 6, 1), D(1926, 8, 31), D(1926, 6, 1), D(1926, 8, 31))),
    ("1926?", (D(1925, 1, 1), D(1927, 12, 31), D(1925, 1, 1), D(1927, 12, 31))),
    ("1923-10/1927-11", (D(1923, 10, 1), D(1923, 10, 31), D(1927, 11, 1), D(1927, 11, 30))),
])
def test_bounds(text, expected):
    found = bounds(text)
    assert (found.start_earliest, found.start_latest, found.end_earliest, found.end_latest) == expected


def test_unknown_end_is_possible_later_but_never_certain():
    found = bounds("1923/")
    assert found.unknown_end and not found.open_end
    assert found.possibly_on(D(1927, 6, 1))
    assert not found.certainly_on(D(1923, 6, 1)) and not found.certainly_on(D(1927, 6, 1))


def test_open_end_goes_on_certainly():
    found = bounds("1923-10/..")
    assert found.open_end
    assert found.certainly_on(D(1929, 1, 1)) and not found.possibly_on(D(1923, 9, 30))


def test_attested_once_is_not_a_member_years_later():
    found = bounds("1923")
    assert found.possibly_on(D(1923, 6, 1))
    assert not found.possibly_on(D(1927, 6, 1))


@pytest.mark.parametrize("text, message", [
    ("1927-13", "is not EDTF"),
    ("November 1927", "is not EDTF"),
    ("", "empty"),
    ("1927/1925", "ends before it starts"),
    ("1927-02-29", "not a real calendar day"),
])
def test_bad_dates_say_what_was_expected(text, message):
    with pytest.raises(EDTFError, match=message):
        bounds(text)


@pytest.mark.parametrize("text, expected", [("1927", "year"), ("1927-11", "month"), ("1927-11-07", "day"),
                                            ("1923-04-17/1923-05", "month"), ("1926-07~", "month")])
def test_precision(text, expected):
    assert precision(text) == expected


@pytest.mark.parametrize("text, words", [
    ("1924-05-23", "23 May 1924"),
    ("1924-05", "May 1924"),
    ("1924-05-23/1924-05-31", "23-31 May 1924"),
    ("1927-11-12/1927-12-19", "12 November-19 December 1927"),
    ("[1922-12,1923-01]", "December 1922 or January 1923"),
    ("[1922-12,1923-01]/1923-09", "December 1922 or January 1923 to September 1923"),
    ("1926-07~", "about July 1926"),
    ("1926?", "perhaps 1926"),
    ("1923/", "from 1923 (end not given)"),
    ("1923/..", "from 1923 on"),
    ("/1926-10", "until October 1926 (start not given)"),
    ("1921-03/1922-04", "March 1921 to April 1922"),
])
def test_dates_in_words(text, words):
    assert in_words(text) == words


def test_in_words_rejects_what_is_not_a_date():
    with pytest.raises(EDTFError, match="is not EDTF"):
        in_words("spring 1923")


def test_one_of_a_set_is_a_single_date_between_its_choices():
    found = bounds("[1922-12,1923-01]")
    assert (found.start_earliest, found.end_latest) == (D(1922, 12, 1), D(1923, 1, 31))
    span = bounds("[1922-12,1923-01]/1923-09")
    assert (span.start_latest, span.end_earliest) == (D(1923, 1, 31), D(1923, 9, 1))


def test_an_interval_ends_no_earlier_than_it_starts():
    found = bounds("1930-07-13/1930")
    assert found.end_earliest == D(1930, 7, 13)
