"""The one faction colour-and-hatch map, and the defaults every figure shares.

There are more factions than colours a colour-blind reader can tell apart, so each
faction gets a colour (Okabe-Ito), a hatch pattern and always its name as text:
never colour alone.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import matplotlib as mpl

# Okabe & Ito (2008), "Color Universal Design": safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
UNKNOWN_COLOUR = "#BBBBBB"   # unknown seats, no faction recorded
INK = "#222222"              # text and outlines
MUTED = "#666666"            # source lines, notes

# The factions the module is about, fixed so a faction looks the same in every lesson.
# Hatches are drawn in a contrasting ink so they show on dark and light colours alike.
KNOWN_FACTIONS = {
    "majority":               ("blue", ""),
    "stalin_bukharin_bloc":   ("blue", "++"),
    "troika":                 ("sky_blue", "//"),
    "left_opposition":        ("vermillion", "\\\\"),
    "united_opposition":      ("orange", "xx"),
    "leningrad_opposition":   ("reddish_purple", ".."),
    "right_opposition":       ("bluish_green", "--"),
    "democratic_centralists": ("yellow", "||"),
    "workers_opposition":     ("yellow", "oo"),
    "georgian_deviators":     ("reddish_purple", "**"),
}
# Any other faction takes the next unused (colour, hatch) pair from these, in table order.
SPARE_COLOURS = ["orange", "sky_blue", "bluish_green", "yellow", "blue", "vermillion", "reddish_purple"]
SPARE_HATCHES = ["++", "**", "||", "oo", "--", "//", "\\\\", "xx", ".."]
DARK_COLOURS = {"blue", "vermillion", "bluish_green", "black"}


@dataclass(frozen=True)
class FactionStyle:
    faction_id: str
    label: str
    colour: str
    hatch: str
    hatch_colour: str   # white on dark colours, ink on light ones

    def css_background(self) -> str:
        """A CSS background that echoes the hatch, for HTML badges beside the charts."""
        stripe = "rgba(255,255,255,.75)" if self.hatch_colour == "white" else "rgba(0,0,0,.55)"
        patterns = {
            "//": f"repeating-linear-gradient(45deg, {stripe} 0 1px, transparent 1px 5px)",
            "\\\\": f"repeating-linear-gradient(-45deg, {stripe} 0 1px, transparent 1px 5px)",
            "xx": (f"repeating-linear-gradient(45deg, {stripe} 0 1px, transparent 1px 5px),"
                   f"repeating-linear-gradient(-45deg, {stripe} 0 1px, transparent 1px 5px)"),
            "--": f"repeating-linear-gradient(0deg, {stripe} 0 1px, transparent 1px 4px)",
            "||": f"repeating-linear-gradient(90deg, {stripe} 0 1px, transparent 1px 4px)",
            "++": (f"repeating-linear-gradient(0deg, {stripe} 0 1px, transparent 1px 5px),"
                   f"repeating-linear-gradient(90deg, {stripe} 0 1px, transparent 1px 5px)"),
            "..": f"radial-gradient({stripe} 1px, transparent 1.5px) 0 0 / 4px 4px",
            "oo": f"radial-gradient(transparent 1px, {stripe} 1.5px, transparent 2.5px) 0 0 / 6px 6px",
            "**": f"radial-gradient({stripe} 1.5px, transparent 2px) 0 0 / 5px 5px",
        }
        pattern = patterns.get(self.hatch)
        return f"{pattern}, {self.colour}" if pattern else self.colour

    def badge(self, text: str | None = None) -> str:
        """A swatch in the faction's colour and pattern, then its name in plain text, as HTML."""
        swatch = (f'<span aria-hidden="true" style="display:inline-block;width:1.6em;height:0.95em;'
                  f'vertical-align:-0.1em;border:1px solid {INK};border-radius:2px;'
                  f'background:{self.css_background()}"></span>')
        return (f'<span class="faction-badge" data-faction="{html.escape(self.faction_id)}" '
                f'style="white-space:nowrap">{swatch}&nbsp;<b>{html.escape(text or self.label)}</b></span>')


def faction_styles(factions) -> dict[str, FactionStyle]:
    """faction_id -> FactionStyle for every row of the factions table (a DataFrame)."""
    styles: dict[str, FactionStyle] = {}
    used = set()
    for faction_id, label in zip(factions["faction_id"], factions["name"]):
        if faction_id in KNOWN_FACTIONS:
            colour, hatch = KNOWN_FACTIONS[faction_id]
            styles[faction_id] = _style(faction_id, label, colour, hatch)
            used.add((colour, hatch))
    spares = [(colour, hatch) for hatch in SPARE_HATCHES for colour in SPARE_COLOURS
              if (colour, hatch) not in used and (colour, hatch) not in KNOWN_FACTIONS.values()]
    for faction_id, label in zip(factions["faction_id"], factions["name"]):
        if faction_id not in styles:
            colour, hatch = spares.pop(0)
            styles[faction_id] = _style(faction_id, label, colour, hatch)
    return styles


def _style(faction_id: str, label: str, colour_name: str, hatch: str) -> FactionStyle:
    hatch_colour = "white" if colour_name in DARK_COLOURS else INK
    return FactionStyle(faction_id, label or faction_id, OKABE_ITO[colour_name], hatch, hatch_colour)


# Figure defaults. Pictures are drawn at 96 dots per inch, the browser's own pixels per inch,
# and shown at their own size in a 1366 px window (explorers and charts.show make sure), so a
# 12 pt label is 12 pt on screen: readable on a projector at the back of a room.
DPI = 96
MIN_POINTS = 12          # no text on a chart is smaller
CHART_WIDTH = 8.5        # inches: 816 px, fits beside a list in a 1366 px window
RC = {
    "font.size": MIN_POINTS,
    "axes.titlesize": 14,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": MIN_POINTS,
    "xtick.labelsize": MIN_POINTS,
    "ytick.labelsize": MIN_POINTS,
    "legend.fontsize": MIN_POINTS,
    "figure.titlesize": 14,
    "figure.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "hatch.linewidth": 1.2,
    "hatch.color": INK,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.facecolor": "white",
}


def figure_context():
    """Use as `with figure_context():` so the defaults do not leak into a student's own plots."""
    return mpl.rc_context(RC)


def add_source_line(fig, text: str) -> None:
    """The grey line at the foot of every figure saying where its data comes from."""
    fig.text(0.01, 0.005, text, ha="left", va="bottom", fontsize=MIN_POINTS, color=MUTED, wrap=True)


# --- The two layers of evidence, told apart by a mark and a word --------------------------------

# Status codes as succession.timeline names them (the data contract), and how each is shown:
# a mark (never colour alone) and the plain words of timeline.STATUS_WORDS.
REFERENCE, DATED, IMPRECISE = "reference", "dated", "imprecise"
DEFAULT_WORDS = {REFERENCE: "standard history", DATED: "the texts date it here",
                 IMPRECISE: "a text's vague date allows it"}
MARKS = {REFERENCE: "\u25a0", DATED: "\u25cf", IMPRECISE: "\u25cb"}     # filled square, dot, ring
# A vague span: white with a dark hatch and a dark outline, so it reaches 3:1 against white
# (WCAG non-text contrast; INK on white is about 16:1) whatever the faction colour.
IMPRECISE_HATCH = "///"


def status_words(code: str) -> str:
    """The phrase a student reads for a status code ('standard history', ...)."""
    from . import timeline       # here, not at the top: timeline does not need the style

    words = getattr(timeline, "STATUS_WORDS", DEFAULT_WORDS)
    return words.get(code, DEFAULT_WORDS.get(code, code))


def status_tag(code: str) -> str:
    """A mark and the words, as HTML: the mark is decoration, the words are what is read."""
    return (f'<span class="status-tag status-{html.escape(code)}" style="white-space:nowrap">'
            f'<span aria-hidden="true">{MARKS.get(code, "")}</span>&nbsp;<i>{html.escape(status_words(code))}</i>'
            "</span>")


def status_text(code: str) -> str:
    """The same as plain text, for alt text and chart labels."""
    return f"{MARKS.get(code, '')} {status_words(code)}".strip()
