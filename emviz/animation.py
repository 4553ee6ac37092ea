"""A run as an animated GIF for slides: each kept frame's main chart drawn by plotly's image export.

plotly's image export (kaleido ≥ 1) drives a Chrome or Chromium installed on the machine
(Debian's ``chromium`` will do); Pillow assembles the pictures. It is slow, about 1 s a
frame on a quiet machine plus a few seconds to start the browser, so a GIF keeps at most
:data:`GIF_FRAMES` frames (:func:`emviz.standalone.shown_frames`) and reports its progress.
Plain Python: no Streamlit here.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable

import kaleido
from PIL import Image

from emviz.em import History
from emviz.figures import main_chart
from emviz.figures_2d import scatter_chart
from emviz.mixture import Mixture
from emviz.standalone import STRIP_POINTS, frame_label, shown_frames

GIF_FRAMES = 25
"""Most frames of a GIF: every step of the first iterations, then evenly spaced ones, and the last."""
FRAME_MILLISECONDS = 900
"""How long each frame shows (the app's "normal" playback speed)."""
SIZE = (960, 480)
"""Width and height of the pictures, in pixels (a half of a 1920×1080 slide)."""


def frame_picture(history: History, frame: int, *, truth: Mixture | None = None,
                  titles: tuple[str, ...] = ("x", "y")):
    """The main chart of a frame, titled with what the frame is (a GIF has no caption under it)."""
    if history.x.shape[1] == 1:
        figure = main_chart(history, frame, truth=truth, max_points=STRIP_POINTS, x_title=titles[0])
    else:
        figure = scatter_chart(history, frame, truth=truth, titles=(titles[0], titles[1]))
    return figure.update_layout(title=dict(text=frame_label(history, frame), x=0.01, y=0.98),
                                margin_t=70, width=SIZE[0], height=SIZE[1])


async def _pictures(figures: list, progress: Callable[[int], None]) -> list[bytes]:
    pictures = []
    async with kaleido.Kaleido(n=1) as renderer:
        for figure in figures:
            pictures.append(await renderer.calc_fig(figure, opts={"format": "png", "width": SIZE[0],
                                                                    "height": SIZE[1]}))
            progress(len(pictures))
    return pictures


def run_gif(history: History, *, truth: Mixture | None = None, titles: tuple[str, ...] = ("x", "y"),
            progress: Callable[[int, int], None] | None = None) -> bytes:
    """The run as an animated GIF that loops.

    Parameters
    ----------
    history : History
    truth : Mixture, optional
        The true mixture, drawn when the learner shows it.
    titles : tuple of str, default=("x", "y")
        Axis titles (the data's columns), as plotly reads them (escape a learner's text first).
    progress : callable, optional
        Called as ``progress(done, total)`` after each picture.

    Returns
    -------
    bytes

    Raises
    ------
    Exception
        Whatever plotly's image export raises when it finds no Chrome or Chromium.
    """
    frames = shown_frames(history, GIF_FRAMES)
    figures = [frame_picture(history, frame, truth=truth, titles=titles) for frame in frames]
    pictures = asyncio.run(_pictures(figures, lambda done: progress and progress(done, len(frames))))
    images = [Image.open(io.BytesIO(picture)).convert("RGB").quantize(colors=128) for picture in pictures]
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=FRAME_MILLISECONDS,
                   loop=0, optimize=True)
    return out.getvalue()
