"""Questions about dates and people, answered from the evidence base.

Every "on this date" query takes a day ("1926-10-15"), a month ("1926-10") or a year, and
says how the evidence places each row there (status.py): the texts date it here, a text's
vague date allows it, or a standard history dates it.

    status.py    the three statuses, their words, period, status_in
    factions.py  members_on, factions_on, alignments_on, person_path
    bodies.py    seats_on, text_claims_on, offices_on, compositions, body sizes
    events.py    events_between, events_near, figures_by, party_size
    sources.py   evidence_for, cite, the texts and references behind a row
"""
from .bodies import (OFFICE_NAMES, SEAT_ORDER, BodySize, body_members_on, body_size_on, compositions,
                     make_body_size, offices_on, seats_on, size_figures, text_claims_on)
from .events import events_between, events_near, figures_by, party_size
from .factions import (KIND_PRIORITY, NOT_MEMBERSHIP, alignments_on, factions_on, members_on,
                       person_path)
from .sources import cite, evidence_for, reference_work, sources_by_record, sources_of
from .status import (CERTAIN, DATED, IMPRECISE, POSSIBLE, REFERENCE, STATUS_ORDER, STATUS_WORDS,
                     best_status, in_force_on, period, status_in, words)

__all__ = [
    "BodySize", "CERTAIN", "DATED", "IMPRECISE", "KIND_PRIORITY", "NOT_MEMBERSHIP", "OFFICE_NAMES",
    "POSSIBLE", "REFERENCE", "SEAT_ORDER", "STATUS_ORDER", "STATUS_WORDS", "alignments_on", "best_status",
    "body_members_on", "body_size_on", "cite", "compositions", "events_between", "events_near",
    "evidence_for", "factions_on", "figures_by", "in_force_on", "make_body_size", "members_on",
    "offices_on", "party_size", "period", "person_path", "reference_work", "seats_on", "size_figures",
    "sources_by_record", "sources_of", "status_in", "text_claims_on", "words",
]
