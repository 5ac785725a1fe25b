"""The seats of a party body in a month: every seat as the standard history gives it, each
holder coloured by faction and marked with the texts that mention them; the texts' claims that
disagree with the standard history in a row of their own, as disagreements, not as seats.

Where the evidence base has no standard list for a body (the Central Committee), the texts'
own claims are the seats, marked by how the texts date them, with the seats no text names left
as unknown where a text gives the body's size.

SeatChart keeps one drawn figure per layout (which sections, how many tiles) and redraws only
the tiles whose seat changed and the month's heading, so moving the date costs milliseconds.
"""
from __future__ import annotations

import math
import textwrap
from collections import OrderedDict
from dataclasses import dataclass, field

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Patch, Rectangle

from .. import timeline
from ..data import Tables
from ..style import (CHART_WIDTH, DATED, IMPRECISE, IMPRECISE_HATCH, INK, MARKS, MIN_POINTS, REFERENCE,
                     UNKNOWN_COLOUR, add_source_line, faction_styles, figure_context, status_words)
from .common import BODY_NAMES, _tables, check_in_period, check_known
from .display import ChartFigure, canvas_png

SEAT_WORDS = {"full": "Full members", "candidate": "Candidate members (no vote)", "member": "Members",
              "disagrees": "The texts disagree: claims the standard history does not support",
              "unknown": "Seats no text names"}


@dataclass(frozen=True)
class Seat:
    label: str                 # the name, or "" for an unknown seat
    faction_id: str | None     # alignment in the month, None if no faction recorded
    kind: str                  # REFERENCE, DATED or IMPRECISE (who holds it, and how we know), "disagrees",
    #                            "unknown" (a seat no text names) or "maybe" (a seat only if a range's top holds)
    candidate: bool = False    # a candidate (non-voting) seat
    person_id: str = ""
    seat: str = "full"         # full, candidate or member
    texts: tuple = ()          # the texts that mention the holder in the month (or that make the claim)
    standard: str = ""         # for a disagreement: what the standard history has
    reference: str = ""        # for a standard history's seat: the references that give it


@dataclass
class Seating:
    """A body's seats in a month, and (without a standard list) the sizes the texts give."""
    body: str
    month: str
    seats: list[Seat]
    size: timeline.BodySize | None = None
    candidate_size: timeline.BodySize | None = None
    framed: bool = True        # True: the seats come from the standard history
    references: tuple = field(default=())

    def count(self, kind: str, candidate: bool | None = None) -> int:
        return sum(seat.kind == kind and (candidate is None or seat.candidate == candidate) for seat in self.seats)

    def held(self, seat: str | None = None) -> list[Seat]:
        return [s for s in self.seats if s.kind in (REFERENCE, DATED, IMPRECISE) and (seat is None or s.seat == seat)]

    def disagreements(self) -> list[Seat]:
        return [s for s in self.seats if s.kind == "disagrees"]

    def key(self) -> tuple:
        """What the picture depends on, except the month: equal keys draw the same tiles. (A
        holder's tile does not name the texts, the list does, so they are not in the key.)"""
        tiles = tuple((s.label, s.faction_id, s.kind, s.seat, s.candidate,
                       s.texts if s.kind == "disagrees" else (), s.standard) for s in self.seats)
        return (self.body, tiles, self.framed,
                self.size.text() if self.size else "", self.candidate_size.text() if self.candidate_size else "")

    def heading(self) -> str:
        """'Politburo, June 1923': the one line of the picture that changes with the month."""
        return f"{BODY_NAMES.get(self.body, self.body)}, {month_in_words(self.month)}"

    def title(self) -> str:
        """'Politburo, June 1923: 7 full members, 4 candidates (standard history); 1 text claim disagrees'."""
        return f"{self.heading()}: {self.summary()}"

    def summary(self) -> str:
        """'7 full members, 4 candidates (standard history); 1 text claim disagrees'."""
        parts = []
        for seat, word in (("full", "full member"), ("candidate", "candidate"), ("member", "member")):
            count = len(self.held(seat))
            if count:
                parts.append(f"{count} {word}{'s' * (count != 1)}")
        if not self.framed:
            unknown, maybe = self.count("unknown"), self.count("maybe")
            if unknown or maybe:
                parts.append(f"{unknown if not maybe else f'{unknown}-{unknown + maybe}'} unknown")
        text = ", ".join(parts) or "no seat recorded"
        text += f" ({status_words(REFERENCE)})" if self.framed else " (as the texts name them; no standard list)"
        disagree = len(self.disagreements())
        if disagree:
            text += f"; {disagree} text claim{'s' * (disagree != 1)} disagree{'s' * (disagree == 1)}"
        return text

    def alt(self) -> str:
        """Every seat in words, for a screen reader."""
        def who(seat: Seat) -> str:
            texts = f", mentioned by {', '.join(seat.texts)}" if seat.texts else ""
            return f"{seat.label}{texts}"
        parts = [self.title() + "."]
        for seat, word in (("full", "Full members"), ("candidate", "Candidates"), ("member", "Members")):
            held = self.held(seat)
            if held:
                parts.append(f"{word}: " + "; ".join(who(s) for s in held) + ".")
        for claim in self.disagreements():
            parts.append(f"Disagreement: {', '.join(claim.texts) or 'a text'} puts {claim.label} in a "
                         f"{claim.seat} seat; standard history: {claim.standard}.")
        return " ".join(parts)


def month_in_words(month: str) -> str:
    first, last = timeline.period(month)
    return first.strftime("%B %Y") if first != last else f"{first.day} {first.strftime('%B %Y')}"


def _sources(value) -> tuple:
    if isinstance(value, (list, tuple)):
        return tuple(sorted(value))
    return tuple(sorted({part for part in str(value or "").split("; ") if part}))


def seats_on(body: str, when, tables: Tables | None = None) -> Seating:
    """The seats to draw in a month, from timeline.seats_on (the standard history) and
    timeline.text_claims_on (the texts, and whether the standard history agrees)."""
    tables = _tables(tables)
    check_known("body", body, sorted(set(tables.bodies["body"]) | set(BODY_NAMES)))
    check_in_period(when)
    aligned = timeline.alignments_on(when, tables)
    return arrange_seats(body, when, timeline.seats_on(body, when, tables), timeline.text_claims_on(body, when, tables),
                         dict(zip(aligned["person_id"], aligned["faction_id"])),
                         lambda candidates: timeline.body_size_on(body, when, candidates, tables))


SEAT_RANK = {"full": 0, "candidate": 1, "member": 2}


def arrange_seats(body: str, month: str, frame, claims, alignment: dict, size_of) -> Seating:
    """Seats from seats_on's rows (frame) and text_claims_on's rows (claims); `size_of(candidates)`
    gives the texts' size figure, used only where there is no standard list."""
    if len(frame):
        references = tuple(sorted({str(r).split(",")[0] for r in frame["reference"] if isinstance(r, str) and r}))
        cited: dict[tuple, set] = {}
        for person, seat, reference in zip(frame["person_id"], frame["seat"], frame["reference"]):
            if isinstance(reference, str) and reference:
                cited.setdefault((person, seat), set()).add(reference)
        # One tile per person and seat, even where two references list the same composition.
        frame = frame.drop_duplicates(["person_id", "seat"])
        seats = [Seat(row.name, alignment.get(row.person_id), REFERENCE, row.seat == "candidate", row.person_id,
                      row.seat, _sources(row.mentioned_by),
                      reference="; ".join(sorted(cited.get((row.person_id, row.seat), ()))))
                 for row in frame.itertuples()]
        seats.sort(key=lambda s: (SEAT_RANK.get(s.seat, 3), s.label))
        disagree = claims[claims["agrees"] == False] if len(claims) else claims  # noqa: E712 (None is "no frame")
        for row in disagree.itertuples():
            seats.append(Seat(row.name, alignment.get(row.person_id), "disagrees", False, row.person_id,
                              _seat_word(row.seat), _sources(row.sources), row.standard))
        return Seating(body, month, seats, framed=True, references=references)
    # No standard list: the texts' claims are the seats, one per person, the best dated first.
    best: dict[str, Seat] = {}
    for row in claims.itertuples() if len(claims) else ():
        seat = Seat(row.name, alignment.get(row.person_id), row.status, _seat_word(row.seat) == "candidate",
                    row.person_id, _seat_word(row.seat), _sources(row.sources))
        old = best.get(row.person_id)
        if old is None or timeline.STATUS_ORDER.get(seat.kind, 9) < timeline.STATUS_ORDER.get(old.kind, 9):
            best[row.person_id] = seat if old is None else Seat(
                seat.label, seat.faction_id, seat.kind, seat.candidate, seat.person_id, seat.seat,
                tuple(sorted(set(seat.texts) | set(old.texts))))
        else:
            best[row.person_id] = Seat(old.label, old.faction_id, old.kind, old.candidate, old.person_id, old.seat,
                                       tuple(sorted(set(seat.texts) | set(old.texts))))
    seats = sorted(best.values(), key=lambda s: (s.candidate, timeline.STATUS_ORDER.get(s.kind, 9), s.label))
    size, candidate_size = size_of(False), size_of(True)
    for candidate, given in ((False, size), (True, candidate_size)):
        if given is None:
            continue
        named = sum(seat.candidate == candidate for seat in seats)
        unknown = max(0, given.low - named)
        maybe = max(0, given.high - named) - unknown
        extra = [Seat("", None, "unknown", candidate, seat="candidate" if candidate else "full")] * unknown + \
                [Seat("", None, "maybe", candidate, seat="candidate" if candidate else "full")] * maybe
        at = len(seats) if candidate else sum(not seat.candidate for seat in seats)
        seats[at:at] = extra
    return Seating(body, month, seats, size, candidate_size, framed=False)


def _seat_word(text_seat: str) -> str:
    """The texts' seat words ('general_secretary', 'member_unknown_status') as a seat."""
    return {"full": "full", "candidate": "candidate"}.get(text_seat, "member" if "secret" in str(text_seat)
                                                         else "full")


# --- Drawing -----------------------------------------------------------------------------------

COLUMNS = 4
SWATCH_W = 0.32                                    # inches: the faction's colour and pattern
TILE_W, TILE_H = CHART_WIDTH / COLUMNS, 0.8        # inches: two lines of 12 pt (three for a disagreement)
HEADING_H = 0.45
TOP, BOTTOM = 1.0, 0.45


def _sections(seating: Seating) -> list[tuple[str, list[Seat]]]:
    groups: list[tuple[str, list[Seat]]] = []
    for seat in ("full", "candidate", "member"):
        held = [s for s in seating.seats if s.seat == seat and s.kind not in ("disagrees", "unknown", "maybe")]
        unknown = [s for s in seating.seats if s.seat == seat and s.kind in ("unknown", "maybe")]
        if held or unknown:
            groups.append((SEAT_WORDS[seat], held + unknown))
    if seating.disagreements():
        groups.append((SEAT_WORDS["disagrees"], seating.disagreements()))
    return groups


def _key_entries(seating: Seating, styles) -> list:
    factions = sorted({s.faction_id for s in seating.seats
                       if s.faction_id in styles and s.kind not in ("disagrees", "unknown", "maybe")})
    entries = [Patch(facecolor=styles[f].colour, hatch=styles[f].hatch or None, hatchcolor=styles[f].hatch_colour,
                     edgecolor=INK, label=styles[f].label) for f in factions]
    entries.append(Patch(facecolor="white", edgecolor=INK, label="no faction recorded"))
    if seating.framed:
        entries.append(Patch(facecolor="white", edgecolor=INK, linewidth=2.5, linestyle="--",
                             label="a text's claim the standard history does not support"))
    else:
        entries.append(Patch(facecolor="white", edgecolor=INK, hatch=IMPRECISE_HATCH,
                             label=f"{status_words(IMPRECISE)}"))
        entries.append(Patch(facecolor=UNKNOWN_COLOUR, edgecolor=INK, label="a seat no text names"))
    return entries


def draw_seating(seating: Seating, tables: Tables, key: bool = True) -> tuple[ChartFigure, object]:
    """The whole picture of one composition, and its title (the one artist that changes by month).
    key=False leaves out the legend and source line (the explorer gives both in words beside it)."""
    styles = faction_styles(tables.factions)
    sections = _sections(seating)
    rows = sum(1 + math.ceil(len(seats) / COLUMNS) for _, seats in sections)
    tile_rows = sum(math.ceil(len(seats) / COLUMNS) for _, seats in sections)
    entries = _key_entries(seating, styles) if key else []
    key_h = 0.27 * math.ceil(len(entries) / 2) + 0.2 if key else 0.0
    body_h = HEADING_H * len(sections) + TILE_H * tile_rows
    bottom = BOTTOM if key else 0.1
    height = TOP + body_h + key_h + bottom
    with figure_context():
        fig = ChartFigure(figsize=(CHART_WIDTH, max(height, 2.5)))
        height = fig.get_figheight()
        fig.cells = []                       # ((x, y) in inches from the tiles' top left, seat, artists)
        ax = fig.add_axes((0, (key_h + bottom) / height, 1, body_h / height))
        ax.set_xlim(0, CHART_WIDTH)
        ax.set_ylim(body_h, 0)
        ax.axis("off")
        y = 0.0
        for heading, seats in sections:
            ax.text(0.08, y + HEADING_H - 0.08, heading, fontsize=MIN_POINTS + 1, fontweight="bold", va="bottom",
                    color=INK)
            y += HEADING_H
            for index, seat in enumerate(seats):
                row, column = divmod(index, COLUMNS)
                cell = (column * TILE_W, y + row * TILE_H)
                fig.cells.append((cell, seat, _draw_tile(ax, *cell, seat, styles)))
            y += TILE_H * math.ceil(len(seats) / COLUMNS)
        if not sections:
            ax.text(CHART_WIDTH / 2, body_h / 2, "No seat recorded for this month", ha="center", fontsize=MIN_POINTS)
        title = fig.text(0.01, 1 - 0.1 / height, "", ha="left", va="top", fontsize=14, fontweight="bold")
        fig.text(0.01, 1 - 0.42 / height, textwrap.fill(seating.summary(), 80), ha="left", va="top",
                 fontsize=MIN_POINTS, color=INK)
        if key:
            fig.legend(handles=entries, loc="lower left", bbox_to_anchor=(0.01, bottom / height), ncol=2,
                       frameon=False, borderaxespad=0, handlelength=1.6)
            count = len(seating.references)
            source = (f"Source: bodies.csv, standard histories ({count} reference{'s' * (count != 1)} in "
                      "references.csv)" if seating.framed else
                      "Source: bodies.csv, the texts' own claims; figures.csv (sizes)")
            add_source_line(fig, source + "; affiliations.csv (faction).")
    return fig, title


def _draw_tile(ax, x: float, y: float, seat: Seat, styles) -> list:
    """Draw one seat's tile in the cell at (x, y); the artists it made."""
    patches, texts = len(ax.patches), len(ax.texts)
    _tile_artists(ax, x, y, seat, styles)
    return list(ax.patches)[patches:] + list(ax.texts)[texts:]


def _tile_artists(ax, x: float, y: float, seat: Seat, styles) -> None:
    pad = 0.05
    w, h = TILE_W - 2 * pad, TILE_H - 2 * pad
    if seat.kind in ("unknown", "maybe"):
        ax.add_patch(Rectangle((x + pad, y + pad), w, h, facecolor=UNKNOWN_COLOUR if seat.kind == "unknown" else "white",
                               edgecolor=INK, linestyle="-" if seat.kind == "unknown" else ":", linewidth=1.2))
        ax.text(x + TILE_W / 2, y + TILE_H / 2, "unknown" if seat.kind == "unknown" else "perhaps a seat",
                ha="center", va="center", fontsize=MIN_POINTS, color=INK)
        return
    style = styles.get(seat.faction_id) if seat.faction_id else None
    dashed = seat.kind == "disagrees"
    ax.add_patch(Rectangle((x + pad, y + pad), w, h, facecolor="white", edgecolor=INK,
                           linewidth=2.5 if dashed else 1.2, linestyle="--" if dashed else "-"))
    if seat.kind == IMPRECISE:
        face, hatch, hatch_colour = "white", IMPRECISE_HATCH, INK
    else:
        face = style.colour if style else "white"
        hatch, hatch_colour = (style.hatch or None, style.hatch_colour) if style else (None, INK)
    if not dashed:
        ax.add_patch(Rectangle((x + pad, y + pad), SWATCH_W, h, facecolor=face, hatch=hatch, hatchcolor=hatch_colour,
                               edgecolor=INK, linewidth=1.2))
    faction = style.label if style else "no faction"
    if dashed:
        lines = [surname(seat.label), f"{_texts_short(seat.texts)}: {seat.seat}", f"standard: {seat.standard}"]
    else:
        lines = [f"{MARKS.get(seat.kind, '')} {surname(seat.label)}", faction]
    left = x + pad + (0.12 if dashed else SWATCH_W + 0.08)
    ax.text(left, y + TILE_H / 2, "\n".join(textwrap.shorten(line, 19 if dashed else 16, placeholder="…")
                                            for line in lines),
            ha="left", va="center", fontsize=MIN_POINTS, color=INK, linespacing=1.1)


def _texts_short(texts) -> str:
    if not texts:
        return "none"
    return texts[0] if len(texts) == 1 else f"{len(texts)} texts"


def surname(name: str) -> str:
    """'Grigory Zinoviev' -> 'Zinoviev'; 'Smirnov (first name not given)' -> 'Smirnov'."""
    words = str(name).split("(")[0].split()
    return words[-1] if words else str(name)


def layout_key(seating: Seating) -> tuple:
    """What fixes where every tile goes and every fixed word of the picture: seatings with equal
    layouts differ only in what some tiles show."""
    return (seating.body, seating.framed, seating.summary(), tuple(seating.references),
            tuple((heading, len(seats)) for heading, seats in _sections(seating)))


class SeatChart:
    """The seats of one body, month by month, redrawn in place.

    One figure per layout (the sections and their sizes), drawn once without its tiles and
    kept; a new month restores only the cells whose seat changed and draws those tiles, then
    the month's heading. Consecutive months differ in a tile or two, so a date change costs a
    few milliseconds; a new layout costs one full draw.
    """
    KEEP = 12          # layouts kept drawn

    def __init__(self, body: str, tables: Tables | None = None, key: bool = True):
        self.tables = _tables(tables)
        self.key = key
        check_known("body", body, sorted(set(self.tables.bodies["body"]) | set(BODY_NAMES)))
        self.body = body
        self.styles = faction_styles(self.tables.factions)
        self._layouts: OrderedDict = OrderedDict()

    def png(self, seating: Seating) -> bytes:
        """The picture of a seating, with its month's heading."""
        layout = layout_key(seating)
        if layout not in self._layouts:
            self._layouts[layout] = self._first_draw(seating)
            while len(self._layouts) > self.KEEP:
                self._layouts.popitem(last=False)
        self._layouts.move_to_end(layout)
        drawn = self._layouts[layout]
        fig, canvas, background = drawn["figure"], drawn["canvas"], drawn["background"]
        seats = [seat for _, seats in _sections(seating) for seat in seats]
        with figure_context():        # the tiles' defaults (hatch width, fonts) as in the full draw
            self._redraw(fig, canvas, background, seats)
        title = drawn["title"]
        width, _ = canvas.get_width_height()
        canvas.restore_region(background, bbox=(0, 0, width, int(0.4 * fig.dpi)), xy=(0, 0))
        title.set_text(seating.heading())
        with figure_context():
            fig.draw_artist(title)
        return canvas_png(canvas)

    def _redraw(self, fig, canvas, background, seats: list[Seat]) -> None:
        """Restore and redraw the cells whose seat changed."""
        ax = fig.axes[0]
        for index, seat in enumerate(seats):
            cell, shown, artists = fig.cells[index]
            if seat == shown:
                continue
            for artist in artists:
                artist.remove()
            canvas.restore_region(background, bbox=self._cell_box(ax, cell), xy=(0, 0))
            artists = _draw_tile(ax, *cell, seat, self.styles)
            for artist in artists:
                fig.draw_artist(artist)
            fig.cells[index] = (cell, seat, artists)

    def _first_draw(self, seating: Seating) -> dict:
        fig, title = draw_seating(seating, self.tables, key=self.key)
        canvas = FigureCanvasAgg(fig)
        changing = [title] + [artist for _, _, artists in fig.cells for artist in artists]
        for artist in changing:
            artist.set_visible(False)
        with figure_context():
            canvas.draw()
            background = canvas.copy_from_bbox(fig.bbox)
            for artist in changing:
                artist.set_visible(True)
            for _, _, artists in fig.cells:
                for artist in artists:
                    fig.draw_artist(artist)
        return {"figure": fig, "canvas": canvas, "background": background, "title": title}

    @staticmethod
    def _cell_box(ax, cell: tuple[float, float]) -> tuple[int, int, int, int]:
        """A cell's box in pixels, origin top left (as restore_region wants it)."""
        x, y = cell
        (x0, y0), (x1, y1) = ax.transData.transform([(x, y + TILE_H), (x + TILE_W, y)])
        height = ax.figure.canvas.get_width_height()[1]
        return (int(math.floor(x0)), int(math.floor(height - y1)), int(math.ceil(x1)), int(math.ceil(height - y0)))


def body_seats(body: str, when, tables: Tables | None = None) -> ChartFigure:
    """Every seat of a party body in a month (the standard history), coloured by faction, each
    holder marked with the texts that mention them, and the texts' disagreeing claims apart."""
    tables = _tables(tables)
    seating = seats_on(body, when, tables)
    fig, title = draw_seating(seating, tables)
    title.set_text(seating.heading())
    caption = ("Each tile is one seat as standard histories give it, coloured by the holder's faction that month, "
               "with the texts that mention the holder; dashed tiles below are claims in the texts that the standard "
               "history does not support." if seating.framed else
               "No standard list of this body is in the evidence base: each tile is a person a text names, hatched "
               "where a text's vague date only allows it; grey tiles are seats no text names.")
    return fig.describe(seating.alt(), caption)
