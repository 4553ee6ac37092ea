"""The run as an animated GIF (plotly's image export drives Debian's Chromium; Pillow assembles it)."""

from __future__ import annotations

import io
import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from emviz.animation import GIF_FRAMES, SIZE, run_gif
from emviz.em import run_em
from emviz.examples import EXAMPLES
from emviz.sources import load
from emviz.standalone import shown_frames

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", autouse=True)
def chromium():
    if shutil.which("chromium") is None and shutil.which("google-chrome") is None:
        message = "plotly's image export needs Chrome or Chromium: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_gif_has_one_picture_per_kept_frame_and_reports_progress():
    preset = EXAMPLES["Nine points"]
    history = run_em(load(preset.data).x, preset.guess.to_mixture(), max_iter=2)
    steps = []
    with ThreadPoolExecutor(1) as thread:  # kaleido runs its own event loop, as in the app's script thread,
        # not inside the one pytest-playwright's browser tests leave running in the main thread
        made = thread.submit(run_gif, history, progress=lambda done, total: steps.append((done, total))).result()
    gif = Image.open(io.BytesIO(made))
    assert gif.format == "GIF" and gif.n_frames == 5 and gif.size == SIZE
    assert steps == [(done, 5) for done in range(1, 6)]
    assert gif.info["loop"] == 0


def test_long_runs_keep_at_most_gif_frames():
    preset = EXAMPLES["Heavy overlap"]
    history = run_em(load(preset.data).x, preset.guess.to_mixture())
    frames = shown_frames(history, GIF_FRAMES)
    assert len(frames) <= GIF_FRAMES and frames[0] == 0 and frames[-1] == 2 * history.n_iter
