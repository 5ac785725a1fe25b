"""EDTF date strings to the earliest and latest possible start and end of a row.

The texts give dates at many precisions ("1927-11", "about July 1926", "from 1923,
end unknown"). We keep what they say in EDTF and derive four bounds from it:

    start_earliest <= start_latest      when the thing began
    end_earliest   <= end_latest        when it ended

Rules (the `edtf` package does the parsing):
- A single date (`1923`, `1927-11`) means "at some point within it": start and end
  both lie inside it.
- `A/B` is an interval: the start lies within A, the end within B.
- `A/` has an unknown end: it ended no earlier than it began, and possibly never
  within our period. `A/..` is open: it went on past what the texts cover.
- `[A,B]` is one of a set ("December 1922 or January 1923"): a single date, somewhere in
  the earliest to the latest of them.
- `~` (approximate), `?` (uncertain) and `%` (both) widen the bounds: by a year for
  a year, a month for a month, a week for a day, so "about July 1926" reads as
  June to August 1926 and never looks falsely exact.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

import edtf

# Most dates in the data are plain ISO dates; these skip the (slow) full EDTF parser.
PLAIN_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# Stand-ins for "no bound": far outside any date the texts discuss.
NO_EARLIER = dt.date(1800, 1, 1)
NO_LATER = dt.date(2100, 12, 31)


class EDTFError(ValueError):
    """A string that is not a date the module understands, with the reason."""


@dataclass(frozen=True)
class Bounds:
    start_earliest: dt.date
    start_latest: dt.date
    end_earliest: dt.date
    end_latest: dt.date
    open_end: bool = False      # `A/..`: went on past the texts' period
    unknown_end: bool = False   # `A/`: the texts do not say when it ended

    def certainly_on(self, day: dt.date) -> bool:
        return self.start_latest <= day <= self.end_earliest

    def possibly_on(self, day: dt.date) -> bool:
        return self.start_earliest <= day <= self.end_latest


def _to_date(struct) -> dt.date:
    year, month, day = struct.tm_year, struct.tm_mon, struct.tm_mday
    # edtf can hand back day 31 of a 30-day month at the edges of fuzzy bounds.
    day = min(day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# How far "about" or "perhaps" widens a date, by its precision (in months; days for a day).
HEDGE_PADDING = {"year": 12, "month": 1, "day": 0}
HEDGE_PADDING_DAYS = 7


def _plain_bounds(piece: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a plain YYYY, YYYY-MM or YYYY-MM-DD, without the slow EDTF parser."""
    match = PLAIN_DATE.fullmatch(piece)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not 1 <= month <= 12:
        return None  # let the EDTF parser explain the problem
    if day is None:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    try:
        day_date = dt.date(year, month, day)
    except ValueError:
        raise EDTFError(f"{piece!r} is not a real calendar day") from None
    return day_date, day_date


def _single(piece: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest day of one EDTF date, widened when hedged with ~, ? or %."""
    plain_bounds = _plain_bounds(piece)
    if plain_bounds:
        return plain_bounds
    node = parse(piece)
    plain = piece.rstrip("~?%")
    if precision(plain) == "day":
        try:
            dt.date.fromisoformat(plain)
        except ValueError:
            raise EDTFError(f"{piece!r} is not a real calendar day") from None
    low, high = _to_date(node.lower_strict()), _to_date(node.upper_strict())
    if any(mark in piece for mark in "~?%"):
        months = HEDGE_PADDING[precision(piece)]
        if months:
            low, high = _shift_months(low, -months), _shift_months(high, months)
        else:
            pad = dt.timedelta(days=HEDGE_PADDING_DAYS)
            low, high = low - pad, high + pad
    return low, high


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> edtf.EDTFObject:
    text = (text or "").strip()
    if not text:
        raise EDTFError("empty: expected an EDTF date such as 1927-11 or 1923-10/1927-11")
    try:
        return edtf.parse_edtf(text)
    except Exception as error:  # the edtf package raises its own EDTFParseException
        raise EDTFError(f"{text!r} is not EDTF ({error}); expected e.g. 1927-11, 1926-07~, 1923/1927, 1923/..") from None


@functools.lru_cache(maxsize=4096)  # parsing EDTF is slow (pyparsing); the same strings recur
def bounds(text: str) -> Bounds:
    """The four bounds of an EDTF date or interval (see the module docstring)."""
    stripped = text.strip()
    if "[" in stripped:
        return _bounds_with_sets(stripped)
    if not all(PLAIN_DATE.fullmatch(part) for part in stripped.split("/")):
        parse(text)  # anything beyond plain dates must be valid EDTF as a whole
    if "/" not in stripped:
        low, high = _single(stripped)
        return Bounds(low, high, low, high)

    start_text, _, end_text = stripped.partition("/")
    start, end = start_text.strip(), end_text.strip()
    if start == "" and end == "":
        raise EDTFError(f"{text!r}: an interval needs at least one known end")

    if start in ("", ".."):
        start_earliest = NO_EARLIER
        start_latest = NO_EARLIER if start == ".." else None  # set below from the end
    else:
        start_earliest, start_latest = _single(start)

    if end == "..":
        end_earliest, end_latest = NO_LATER, NO_LATER
    elif end == "":
        end_earliest, end_latest = start_earliest, NO_LATER
    else:
        end_earliest, end_latest = _single(end)

    if start_latest is None:   # `/B`: began at an unknown time, no later than it ended
        start_latest = end_latest
    # An interval ends no earlier than it starts: "1930-07-13/1930" ends in July-December 1930.
    end_earliest = max(end_earliest, start_earliest)
    start_latest = min(start_latest, end_latest)
    result = Bounds(start_earliest, start_latest, end_earliest, end_latest,
                    open_end=end == "..", unknown_end=end == "")
    if result.end_latest < result.start_earliest:
        raise EDTFError(f"{text!r}: the interval ends before it starts")
    return result


def _one_of(piece: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest day of '[1922-12,1923-01]' (one of these dates) or of a plain date."""
    if not (piece.startswith("[") and piece.endswith("]")):
        return _single(piece)
    choices = [_single(part.strip()) for part in piece[1:-1].split(",") if part.strip()]
    if not choices or ".." in piece:
        raise EDTFError(f"{piece!r}: expected a list of dates such as [1922-12,1923-01]")
    return min(c[0] for c in choices), max(c[1] for c in choices)


def _bounds_with_sets(text: str) -> Bounds:
    """A date or an interval whose start or end is 'one of a set': [1922-12,1923-01]/1923-09.

    (EDTF allows a set only as a whole date; the texts' "December 1922 or January 1923" is also
    the start of spans, so the module reads a set as either end of an interval too.)"""
    start, slash, end = text.partition("/")
    if not slash:
        low, high = _one_of(start.strip())
        return Bounds(low, high, low, high)
    start, end = start.strip(), end.strip()
    if start in ("", "..") or end in ("", ".."):
        raise EDTFError(f"{text!r}: a span with a set of dates needs both ends, e.g. [1922-12,1923-01]/1923-09")
    start_earliest, start_latest = _one_of(start)
    end_earliest, end_latest = _one_of(end)
    if end_latest < start_earliest:
        raise EDTFError(f"{text!r}: the interval ends before it starts")
    return Bounds(start_earliest, min(start_latest, end_latest), max(end_earliest, start_earliest), end_latest)


def precision(text: str) -> str:
    """'day', 'month' or 'year': the coarsest precision in the string."""
    plain = re.sub(r"[~?%\[\]]", "", text).replace(",", "/")
    digits = [piece for piece in plain.split("/") if piece and piece != ".."]
    if not digits:
        return "unknown"
    parts = min(len(piece.split("-")) for piece in digits)
    return {1: "year", 2: "month"}.get(parts, "day")


# ---- Dates in words, for students -------------------------------------------------------

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
HEDGE_WORDS = {"~": "about", "?": "perhaps", "%": "perhaps about"}


def _piece_words(piece: str) -> tuple[str, str, str, str]:
    """(hedge word, day, month name, year) of one EDTF date; empty strings where not given."""
    mark = piece[-1] if piece and piece[-1] in HEDGE_WORDS else ""
    plain = piece.rstrip("~?%")
    match = PLAIN_DATE.fullmatch(plain)
    if not match:
        raise EDTFError(f"{piece!r} is not a date the module can put in words; expected e.g. 1927-11")
    year, month, day = match.groups()
    month_name = MONTH_NAMES[int(month) - 1] if month and 1 <= int(month) <= 12 else ""
    return HEDGE_WORDS.get(mark, ""), str(int(day)) if day else "", month_name, year


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _single_words(piece: str) -> str:
    hedge, day, month, year = _piece_words(piece)
    return _join(hedge, day, month, year)


def _range_words(start: str, end: str) -> str:
    """'23-31 May 1924', '12 November-19 December 1927', 'March 1921 to May 1922'."""
    (h1, d1, m1, y1), (h2, d2, m2, y2) = _piece_words(start), _piece_words(end)
    if not h1 and not h2 and y1 == y2 and bool(d1) == bool(d2) and bool(m1) == bool(m2):
        if m1 and m1 == m2 and d1:
            return f"{d1}-{d2} {m1} {y1}"
        if m1 and d1:
            return f"{d1} {m1}-{d2} {m2} {y1}"
        if m1:
            return f"{m1} to {m2} {y1}" if m1 != m2 else f"{m1} {y1}"
    return f"{_single_words(start)} to {_single_words(end)}"


def _set_words(piece: str) -> str:
    """'December 1922 or January 1923' for [1922-12,1923-01]; a plain date as usual."""
    if not piece.startswith("["):
        return _single_words(piece)
    return " or ".join(_single_words(part.strip()) for part in piece[1:-1].split(",") if part.strip())


def in_words(text: str) -> str:
    """An EDTF date as a student reads it: '23-31 May 1924', 'about July 1926',
    'December 1922 or January 1923', 'from 1923 (end not given)'."""
    stripped = (text or "").strip()
    if not stripped:
        return "date not given"
    bounds(stripped)  # a bad date fails here, in plain words
    if "[" in stripped:
        start, slash, end = stripped.partition("/")
        return _set_words(start.strip()) + (f" to {_set_words(end.strip())}" if slash else "")
    if "/" not in stripped:
        return _single_words(stripped)
    start, _, end = (part.strip() for part in stripped.partition("/"))
    if end == "..":
        return f"from {_single_words(start)} on"
    if end == "":
        return f"from {_single_words(start)} (end not given)"
    if start == "..":
        return f"until {_single_words(end)}"
    if start == "":
        return f"until {_single_words(end)} (start not given)"
    return _range_words(start, end)
