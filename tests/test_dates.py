"""EDTF strings become the earliest and latest possible start and end."""
import datetime as dt

import pytest

from succession.dates import EDTFError, bounds, precision

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
