"""The figures explorer: the numbers the texts give, filtered, with the quote behind each.

For party size the picture is charts.party_size_chart: the standard series as a line and each
text's figure on it; for anything else charts.figures_chart. The table below lists the same
figures in words, in a box that scrolls sideways on a narrow screen.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from .. import charts, timeline
from ..charts.display import figure_png
from ..data import Tables, load
from .controls import CHART_BOX, ROW, TABLE_STYLE, TEXT_BOX, WIDE, WidgetView, img_html, scroll_table, text_widget

AUTO = dict(width="auto", max_width="100%")


class FiguresExplorer(WidgetView):
    """The figures the texts give, by what they count and by text, with any one figure's quote."""

    def __init__(self, tables: Tables | None = None, counts: str = "party_size", source_id: str = ""):
        self.tables = tables if tables is not None else load()
        present = list(dict.fromkeys(self.tables.figures["counts"]))
        counts_options = [("everything", "")] + [(charts.COUNTS_LABELS.get(c, c), c)
                                                 for c in charts.COUNTS_LABELS if c in present]
        if counts not in [value for _, value in counts_options]:
            counts = ""
        self.counts = widgets.Dropdown(options=counts_options, value=counts, description="What is counted",
                                       style=WIDE, layout=widgets.Layout(**AUTO))
        sources = [("every text", "")] + [(f"{row.author}, {row.title}", row.source_id)
                                           for row in self.tables.sources.itertuples()]
        self.source = widgets.Dropdown(options=sources, description="Text", style=WIDE,
                                       layout=widgets.Layout(**AUTO))
        if source_id:
            charts.check_known("source", source_id, self.tables.sources["source_id"])
            self.source.value = source_id
        self.quote_choice = widgets.Dropdown(description="Show the quote for", style=WIDE,
                                             layout=widgets.Layout(**AUTO))
        self.picture = text_widget("figures-chart")
        # The class sits on the table's own box, with what it shows: data-counts, data-source.
        self.table = widgets.HTML(layout=widgets.Layout(max_width="100%"))
        self.quote = text_widget("figure-quote")
        self.widget = widgets.VBox([
            widgets.Box([self.counts, self.source], layout=widgets.Layout(display="flex", flex_flow="row wrap")),
            widgets.Box([widgets.Box([self.picture], layout=CHART_BOX),
                         widgets.VBox([self.quote_choice, self.quote], layout=TEXT_BOX)], layout=ROW),
            self.table,
        ], layout=widgets.Layout(max_width="100%"))
        self._refresh()
        self.counts.observe(lambda _: self._refresh(), names="value")
        self.source.observe(lambda _: self._refresh(), names="value")
        self.quote_choice.observe(lambda _: self._show_quote(), names="value")

    def shown(self) -> pd.DataFrame:
        return charts.figures_shown(self.counts.value or None, self.source.value or None, self.tables)

    def _chart(self):
        if self.counts.value == "party_size" and not self.source.value:
            return charts.party_size_chart(self.tables)
        return charts.figures_chart(self.counts.value or None, self.source.value or None, self.tables)

    def _refresh(self) -> None:
        figures = self.shown()
        figure = self._chart()
        alt = figure.alt_text + f" The table below lists the {len(figures)} figures in words."
        self.picture.value = img_html(figure_png(figure), alt, figure.caption)
        self.table.value = self._table_html(figures)
        options = [(f"{row.when or 'undated'}: {row.description} ({row.source_id}, {row.speaker})", row.figure_id)
                   for row in figures.itertuples()]
        self.quote_choice.options = options or [("no figures", "")]
        self.quote_choice.value = self.quote_choice.options[0][1]
        self._show_quote()

    def _table_html(self, figures: pd.DataFrame) -> str:
        rows = "".join(
            f"<tr data-figure='{row.figure_id}'>"
            f"<td>{html.escape(charts.COUNTS_LABELS.get(row.counts, row.counts))}</td>"
            f"<td>{html.escape(row.description)}</td>"
            f"<td>{html.escape(charts.value_text(row.value_low, row.value_high, str(row.unit).replace('_', ' '), row.qualifier))}</td>"
            f"<td>{html.escape(row.when or 'undated')}</td><td>{html.escape(row.source_id)}</td>"
            f"<td>{html.escape(row.speaker)}</td></tr>" for row in figures.itertuples())
        table = ("<table class='succession-table'><caption>The figures in the chart, as text</caption>"
                 "<thead><tr><th scope='col'>counts</th><th scope='col'>what</th>"
                 "<th scope='col'>value (as the words allow)</th><th scope='col'>when</th><th scope='col'>text</th>"
                 f"<th scope='col'>speaker</th></tr></thead><tbody>{rows}</tbody></table>")
        return (f'{TABLE_STYLE}<div class="figures-table" data-counts="{html.escape(self.counts.value)}" '
                f'data-source="{html.escape(self.source.value)}">{scroll_table(table, "figures table")}</div>')

    def _show_quote(self) -> None:
        figure_id = self.quote_choice.value
        if not figure_id:
            self.quote.value = "<p>No figure chosen.</p>"
            return
        quotes = timeline.evidence_for("figures", figure_id, self.tables)
        items = "".join(f"<blockquote>“{html.escape(q.quote)}”<br><small>{html.escape(q.speaker)}, in "
                        f"{html.escape(q.source_id)} ({html.escape(q.locator)})</small></blockquote>"
                        for q in quotes.itertuples())
        self.quote.value = (f"<div data-figure='{figure_id}'><p style='margin:4px 0'><i>The quote behind the figure "
                            f"chosen above:</i></p>{items or '<p>No quote recorded.</p>'}</div>")
