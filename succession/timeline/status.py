"""How sure the evidence is that a row holds in a month, in words a student reads.

Three statuses, for any row on a date ("1926-10-15") or in a month ("1926-10") or year:

- DATED: the texts date it here. The row's own dates put it in this period: at some point
  of the month the text says it held (its latest possible start is not after the month, its
  earliest possible end not before). "Stalin, Zinoviev and Kamenev, April 1923".
- IMPRECISE: a text's vague date allows it, but does not date it to this month ("in 1923"
  allows June 1923; "from 1923, end not given" allows 1924 until the next contrary fact).
- REFERENCE: a standard history dates it (rows with basis reference).

A text row is DATED before it is merely IMPRECISE; where a text and a standard history both
put a person somewhere, the text's dating is shown first: the texts are the evidence, the
reference layer is the frame.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

REFERENCE, DATED, IMPRECISE = "reference", "dated", "imprecise"
STATUS_WORDS = {
    DATED: "the texts date it here",
    REFERENCE: "standard history",
    IMPRECISE: "a text's vague date allows it",
}
# Strongest first, for choosing one status when several rows speak of one person.
STATUS_ORDER = {DATED: 0, REFERENCE: 1, IMPRECISE: 2}
# The names of v0.3 ("certain", "possible"), kept so older code runs: certain meant dated.
CERTAIN, POSSIBLE = DATED, IMPRECISE


def period(when: str | dt.date | pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a day, a month ("1926-10") or a year ("1926")."""
    if isinstance(when, (dt.date, pd.Timestamp)):
        day = pd.Timestamp(when)
        return day, day
    text = str(when).strip()
    try:
        parts = [int(part) for part in text.split("-")]
        if len(parts) == 1:
            return pd.Timestamp(parts[0], 1, 1), pd.Timestamp(parts[0], 12, 31)
        if len(parts) == 2:
            first = pd.Timestamp(parts[0], parts[1], 1)
            return first, first + pd.offsets.MonthEnd(0)
        if len(parts) == 3:
            day = pd.Timestamp(*parts)
            return day, day
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD, e.g. 1926-10")


def status_in(frame: pd.DataFrame, when) -> pd.Series:
    """For each row: DATED, IMPRECISE, REFERENCE, or '' (not in the period)."""
    first, last = period(when)
    dated = (frame["start_latest"] <= last) & (frame["end_earliest"] >= first)
    allowed = (frame["start_earliest"] <= last) & (frame["end_latest"] >= first)
    reference = (frame["basis"] == "reference") if "basis" in frame.columns else pd.Series(False, frame.index)
    status = pd.Series("", index=frame.index, dtype="object")
    status[allowed] = IMPRECISE
    status[dated] = DATED
    status[reference & allowed] = REFERENCE
    return status


def in_force_on(frame: pd.DataFrame, when) -> pd.Series:
    """Reference rows in force on the last day of the period: started by then, not yet ended.

    A composition's end is the day the next one was elected, so on that day the new one holds.
    An end given only as a month or a year holds to the last day it allows.
    """
    _, last = period(when)
    return (frame["start_latest"] <= last) & (frame["end_latest"] > last)


def best_status(statuses) -> str:
    """The strongest of several statuses (DATED, then REFERENCE, then IMPRECISE)."""
    found = [status for status in statuses if status]
    return min(found, key=STATUS_ORDER.get) if found else ""


def words(status: str) -> str:
    """The plain phrase for a status code ('' for none)."""
    return STATUS_WORDS.get(status, "")
