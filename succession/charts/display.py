"""How a chart reaches the page: as a PNG with its alt text and caption.

JupyterLab and nbconvert's default ("lab") HTML template ignore an `alt` key in an image's
display metadata (nbconvert's lab template writes "No description has been provided for this
image"; only its classic template reads metadata `alt`). Both render `text/html` before
`image/png`, so a chart's display carries the picture three ways:

- `text/html`: a <figure> with an <img alt="..."> and a <figcaption>, which JupyterLab, Voila
  and the handouts show;
- `image/png` with metadata {"image/png": {"alt": ..., "width": ...}}, for the tools that read
  it (nbconvert's classic template, nbsphinx);
- `text/plain`: the alt text itself.
"""
from __future__ import annotations

import base64
import html
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ..style import DPI

# A chart keeps at least this width on a narrow screen (it scrolls sideways in its own box),
# so its 12 pt labels never shrink below about 9 pt on a phone.
MIN_SHOWN_PX = 620


class ChartFigure(Figure):
    """A matplotlib Figure that knows its alt text and caption and displays with them."""

    def __init__(self, *args, alt: str = "", caption: str = "", **kwargs):
        kwargs.setdefault("dpi", DPI)
        super().__init__(*args, **kwargs)
        self.alt_text, self.caption = alt, caption

    def describe(self, alt: str, caption: str | None = None) -> "ChartFigure":
        self.alt_text = alt
        if caption is not None:
            self.caption = caption
        return self

    def _repr_mimebundle_(self, include=None, exclude=None):
        return mimebundle(self)


def canvas_png(canvas: FigureCanvasAgg) -> bytes:
    """A drawn canvas as PNG, compressed lightly: speed matters more than bytes on a local link."""
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def figure_png(fig: Figure) -> bytes:
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return canvas_png(canvas)


def png_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def img_tag(png: bytes, alt: str, css_class: str = "chart") -> str:
    """An <img> shown at its own size where there is room, never narrower than MIN_SHOWN_PX."""
    width, height = png_size(png)
    data = base64.b64encode(png).decode("ascii")
    return (f'<img class="{css_class}" src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            f'width="{width}" height="{height}" '
            f'style="width:100%;max-width:{width}px;min-width:{min(width, MIN_SHOWN_PX)}px;height:auto">')


def figure_html(png: bytes, alt: str, caption: str = "", css_class: str = "chart") -> str:
    """The picture in a box that scrolls sideways on a narrow screen, with its caption below."""
    caption_html = (f'<figcaption style="font-size:100%;max-width:{png_size(png)[0]}px">'
                    f"{html.escape(caption)}</figcaption>") if caption else ""
    return (f'<figure class="succession-chart" style="margin:0 0 8px 0">'
            f'<div class="chart-scroll" style="overflow-x:auto;max-width:100%">{img_tag(png, alt, css_class)}</div>'
            f"{caption_html}</figure>")


def alt_of(fig: Figure) -> str:
    alt = getattr(fig, "alt_text", "")
    if not alt:
        raise ValueError("this figure has no alt text: every chart in succession.charts must describe itself "
                         "(set it with ChartFigure.describe)")
    return alt


def mimebundle(fig: Figure) -> tuple[dict, dict]:
    png = figure_png(fig)
    alt, caption = alt_of(fig), getattr(fig, "caption", "")
    width, height = png_size(png)
    data = {"text/html": figure_html(png, alt, caption), "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": alt}
    return data, {"image/png": {"alt": alt, "width": width, "height": height}}


def show(fig: Figure) -> None:
    """Display a chart with its alt text and caption (what a notebook cell calls)."""
    from IPython.display import display

    data, metadata = mimebundle(fig)
    display(data, raw=True, metadata=metadata)
