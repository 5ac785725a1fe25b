"""The seats of a party body on a date, and the in-place redraw the bodies explorer uses."""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from .. import timeline
from ..data import Tables
from ..style import INK, MUTED, UNKNOWN_COLOUR, add_source_line, faction_styles, figure_context
from .common import BODY_NAMES, _tables, check_in_period, check_known, month_label
from .timeline import faction_key

# --- Party bodies -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Seat:
    label: str                 # the name, or "" for an unknown seat
    faction_id: str | None     # alignment on the date, None if no faction recorded
    kind: str                  # "named", "possible", "unknown" or "maybe" (a seat only if the range's top holds)
    candidate: bool = False    # a candidate (non-voting) seat


@dataclass
class Seating:
    """A body's seats on a date, and the sizes (of members, of candidates) the texts give."""
    body: str
    month: str
    seats: list[Seat]
    size: timeline.BodySize | None
    candidate_size: timeline.BodySize | None

    def count(self, kind: str, candidate: bool | None = None) -> int:
        return sum(seat.kind == kind and (candidate is None or seat.candidate == candidate) for seat in self.seats)

    def title(self) -> str:
        """'Politburo, Jun 1923: 6 members named of 6 seats (0 unknown); 4 candidates named ...'"""
        head = f"{BODY_NAMES.get(self.body, self.body)}, {month_label(self.month)}: "
        return head + "; ".join(part for part in (self._part(False), self._part(True)) if part)

    def _part(self, candidate: bool) -> str:
        named = self.count("named", candidate) + self.count("possible", candidate)
        size = self.candidate_size if candidate else self.size
        if candidate and not named and size is None:
            return ""
        word = "candidate" if candidate else "member"
        text = f"{named} {word}{'s' * (named != 1)} named"
        possible = self.count("possible", candidate)
        if possible:
            text += f" ({possible} only possibly)"
        if size is None:
            return text + ", size not given"
        unknown, maybe = self.count("unknown", candidate), self.count("maybe", candidate)
        unknown_text = f"{unknown}" if not maybe else f"{unknown}-{unknown + maybe}"
        return text + f" of {size.text()} seats ({unknown_text} unknown)"


def seats_on(body: str, when, tables: Tables | None = None) -> Seating:
    """The seats to draw: named members (by alignment, then name), then unknown seats."""
    tables = _tables(tables)
    check_known("body", body, sorted(set(tables.bodies["body"]) | set(BODY_NAMES)))
    check_in_period(when)
    members = timeline.body_members_on(body, when, tables)
    aligned = timeline.alignments_on(when, tables)
    return arrange_seats(body, when,
                         [(row.name, row.person_id, row.status, row.roles.split(", ")) for row in members.itertuples()],
                         dict(zip(aligned["person_id"], aligned["faction_id"])),
                         timeline.body_size_on(body, when, False, tables), timeline.body_size_on(body, when, True, tables))


def arrange_seats(body: str, month: str, members, alignment: dict[str, str],
                  size: timeline.BodySize | None, candidate_size: timeline.BodySize | None) -> Seating:
    """Seats from (name, person_id, status, seat roles) and person_id -> faction_id.

    Members fill the size the texts give for members, candidates the size for candidates;
    the seats left over are unknown: no text names who held them.
    """
    seats = []
    for name, person_id, status, roles in members:
        kind = "possible" if status == timeline.POSSIBLE else "named"
        seats.append(Seat(name, alignment.get(person_id), kind, candidate=set(roles) == {"candidate"}))
    seats.sort(key=lambda s: (s.candidate, s.kind != "named", s.faction_id or "~", s.label))
    for candidate, given in ((False, size), (True, candidate_size)):
        if given is None:
            continue
        named = sum(seat.candidate == candidate for seat in seats)
        unknown = max(0, given.low - named)
        maybe = max(0, given.high - named) - unknown
        extra = [Seat("", None, "unknown", candidate)] * unknown + [Seat("", None, "maybe", candidate)] * maybe
        at = len(seats) if candidate else sum(not seat.candidate for seat in seats)
        seats[at:at] = extra
    return Seating(body, month, seats, size, candidate_size)


class SeatChart:
    """The seats of one body, drawn once and then restyled in place for each date.

    Every tile a date could need exists from the start; a date change only sets colours,
    hatches and labels and redraws those over a cached picture of the rest.
    Member seats come first; candidate seats start on a row of their own.
    """
    COLUMNS, MANY_COLUMNS = 8, 14     # more, smaller tiles for a big body
    HEADING_INCHES = 1.0              # title and size note, above the tiles

    def __init__(self, body: str, tables: Tables | None = None, seatings: list[Seating] | None = None):
        """`seatings`: the dates the chart will show, so it is built just big enough for them
        (without them, big enough for everyone ever named and the largest sizes given)."""
        self.tables = _tables(tables)
        check_known("body", body, sorted(set(self.tables.bodies["body"]) | set(BODY_NAMES)))
        self.body = body
        self.styles = faction_styles(self.tables.factions)
        most = max((len(s.seats) for s in seatings), default=0) if seatings else self._most_seats()
        self.columns = self.COLUMNS if most <= 48 else self.MANY_COLUMNS
        rows = max([self.rows_for(s.seats) for s in seatings] if seatings else [math.ceil(most / self.columns) + 1])
        rows = max(rows, 1)
        self.capacity = rows * self.columns
        with figure_context():
            self.figure = Figure(figsize=(11, 2.3 + 0.5 * rows))
            height = self.figure.get_figheight()
            ax = self.figure.add_axes((0.01, 1.3 / height, 0.98, 0.5 * rows / height))
            ax.set_xlim(0, self.columns)
            ax.set_ylim(rows, 0)
            ax.axis("off")
            self.axes = ax
            font = 8 if self.columns == self.COLUMNS else 6.5
            self.tiles, self.names = [], []
            for index in range(self.capacity):
                row, column = divmod(index, self.columns)
                self.tiles.append(ax.add_patch(Rectangle((column + 0.04, row + 0.06), 0.92, 0.88, visible=False)))
                # Name and faction as text on a white label: the colour is never the only cue.
                self.names.append(ax.text(column + 0.5, row + 0.5, "", ha="center", va="center", fontsize=font,
                                          color=INK, visible=False, linespacing=1.05,
                                          bbox=dict(boxstyle="square,pad=0.1", facecolor="white",
                                                    edgecolor="none", alpha=0.85)))
                self.names[-1].set_clip_path(self.tiles[-1])   # a tile is redrawn alone: keep its text inside
            self.title = self.figure.text(0.01, 1 - 0.1 / height, "", ha="left", va="top",
                                          fontsize=12, fontweight="bold")
            self.size_note = self.figure.text(0.01, 1 - 0.68 / height, "", fontsize=9, color=MUTED, va="top")
            present = sorted(set(self.tables.affiliations["faction_id"]) & set(self.styles))
            key = faction_key(self.styles, present) + [
                Patch(facecolor="white", edgecolor=INK, label="no faction recorded"),
                Patch(facecolor=UNKNOWN_COLOUR, edgecolor=MUTED, label="unknown seat: no text names its holder"),
                Patch(facecolor="white", edgecolor=MUTED, linestyle=":",
                      label="perhaps a seat (size given as a range)"),
                Patch(facecolor="#cccccc", edgecolor=INK, linestyle="--", alpha=0.5,
                      label="faded, name with '?': possibly a member"),
            ]
            self.figure.legend(handles=key, loc="lower left", bbox_to_anchor=(0.01, 0.28 / height),
                               ncol=4, fontsize=8, frameon=False)
            add_source_line(self.figure, "Source: bodies.csv (named members), affiliations.csv (alignment), "
                                         "figures.csv (sizes, counts=body_size).")
        self.canvas = FigureCanvasAgg(self.figure)
        self._background = None     # everything that never changes, drawn once
        self._seats: list[Seat | None] = [None] * self.capacity    # the seat each tile shows

    def _most_seats(self) -> int:
        """Seats enough for any date: everyone ever named here and the largest sizes given."""
        people = self.tables.bodies.loc[self.tables.bodies["body"] == self.body, "person_id"].nunique()
        sizes = 0
        for candidates in (False, True):
            figures = timeline.size_figures(self.body, candidates, self.tables)
            if len(figures):
                sizes += int(figures["value_high"].fillna(figures["value_low"]).max())
        return people + sizes

    def _slots(self, seats: list[Seat]) -> list[Seat | None]:
        """Seats by tile: members, then a new row for candidates (None leaves a tile empty)."""
        members = [seat for seat in seats if not seat.candidate]
        candidates = [seat for seat in seats if seat.candidate]
        if not candidates:
            return members
        gap = -len(members) % self.columns
        return members + [None] * gap + candidates

    def rows_for(self, seats: list[Seat]) -> int:
        return math.ceil(len(self._slots(seats)) / self.columns)

    def show(self, when, seating: Seating | None = None) -> "SeatChart":
        """Restyle the tiles for a date (the figure is not rebuilt); seats_on's answer may be passed in."""
        seating = seating or seats_on(self.body, when, self.tables)
        slots = self._slots(seating.seats)
        if len(slots) > self.capacity:   # more seats than planned for: rebuild bigger
            self.__init__(self.body, self.tables, seatings=[seating])
            slots = self._slots(seating.seats)
        seats = slots + [None] * (self.capacity - len(slots))
        for index, seat in enumerate(seats):
            if seat == self._seats[index]:
                continue
            if seat is None:
                self.tiles[index].set_visible(False)
                self.names[index].set_visible(False)
            else:
                self._style_tile(self.tiles[index], self.names[index], seat)
        self._seats = seats
        self.title.set_text(textwrap.fill(seating.title(), 100))
        notes = []
        for word, size in (("members", seating.size), ("candidates", seating.candidate_size)):
            if size is not None:
                notes.append(f"{word}: {size.text()} ({size.when}; {size.source_id}, speaker {size.speaker})")
        self.size_note.set_text("Sizes the texts give, " + "; ".join(notes) if notes else
                                "The texts give no size for this date, so the seats they leave unnamed "
                                "cannot be drawn.")
        return self

    def render(self) -> FigureCanvasAgg:
        """Draw the current date. The first time, everything; after that only the tiles whose
        seat changed and the heading, each over its part of a cached picture of the rest."""
        changing = [*self.tiles, *self.names, self.title, self.size_note]
        if self._background is None:
            shown = [artist.get_visible() for artist in changing]
            for artist in changing:
                artist.set_visible(False)
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            for artist, visible in zip(changing, shown):
                artist.set_visible(visible)
            self._drawn = [None] * self.capacity
            self._drawn_heading = None
            self.canvas.restore_region(self._background)
        for index, seat in enumerate(self._seats):
            if seat != self._drawn[index]:
                self._restore(self._cell_box(index))
                if seat is not None:
                    self.figure.draw_artist(self.tiles[index])
                    if self.names[index].get_visible():
                        self.figure.draw_artist(self.names[index])
                self._drawn[index] = seat
        heading = (self.title.get_text(), self.size_note.get_text())
        if heading != self._drawn_heading:
            width, height = self.canvas.get_width_height()
            self._restore((0, 0, width, int(self.HEADING_INCHES * self.figure.dpi)))
            self.figure.draw_artist(self.title)
            self.figure.draw_artist(self.size_note)
            self._drawn_heading = heading
        return self.canvas

    def _restore(self, box: tuple[int, int, int, int]) -> None:
        """Put back the cached picture inside box (pixels, origin top left)."""
        # xy is where the cached region's own corner goes: the whole figure's, so (0, 0).
        self.canvas.restore_region(self._background, bbox=box, xy=(0, 0))

    def _cell_box(self, index: int) -> tuple[int, int, int, int]:
        row, column = divmod(index, self.columns)
        (x0, y0), (x1, y1) = self.axes.transData.transform([(column, row + 1), (column + 1, row)])
        height = self.canvas.get_width_height()[1]
        return (int(math.floor(x0)), int(math.floor(height - y1)), int(math.ceil(x1)), int(math.ceil(height - y0)))

    def _style_tile(self, tile: Rectangle, name, seat: Seat) -> None:
        tile.set_visible(True)
        if seat.kind in ("unknown", "maybe"):
            tile.set(facecolor=UNKNOWN_COLOUR if seat.kind == "unknown" else "white", edgecolor=MUTED, hatch=None,
                     alpha=1.0, linestyle="-" if seat.kind == "unknown" else ":")
            name.set_text("candidate" if seat.candidate else "")
            name.set_visible(seat.candidate)
            return
        style = self.styles.get(seat.faction_id) if seat.faction_id else None
        possible = seat.kind == "possible"
        tile.set(facecolor=style.colour if style else "white", edgecolor=INK,
                 hatch=(style.hatch or None) if style else None, hatchcolor=style.hatch_colour if style else INK,
                 alpha=0.45 if possible else 1.0, linestyle="--" if possible else "-")
        faction = textwrap.shorten(style.label, 24, placeholder="…") if style else "no faction recorded"
        extra = " (cand.)" if seat.candidate else ""   # candidates also sit on rows of their own
        name.set_text(f"{surname(seat.label)}{'?' if possible else ''}{extra}\n{faction}")
        name.set_visible(True)


def surname(name: str) -> str:
    """'Grigory Zinoviev' -> 'Zinoviev'; 'Smirnov (first name not given)' -> 'Smirnov'."""
    words = name.split("(")[0].split()
    return words[-1] if words else name


def body_seats(body: str, when, tables: Tables | None = None) -> Figure:
    """The named members of a party body on a date, coloured by their faction then, with the
    seats no text names drawn as unknown (when figures.csv gives the body's size)."""
    tables = _tables(tables)
    seating = seats_on(body, when, tables)
    return SeatChart(body, tables, seatings=[seating]).show(when, seating).figure
