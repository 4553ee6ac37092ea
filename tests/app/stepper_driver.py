"""Drive the stepper of "Step through EM" in AppTest as the browser does.

The stepper moves in the browser (emviz/ui/frame_player.js); AppTest runs no JavaScript, so these
helpers read what the server sent to the browser (each part's data) and do what the browser does
when its cursor rests on a frame: report it, which stores it as ``state.FRAME``.
"""

from __future__ import annotations

import json

from emviz.ui import state


def player(app, part: str = "controls") -> dict:
    """The data the server sent to one part of the stepper (``controls``, ``main``, ``table``, …)."""
    key = state.FRAME_PLAYER if part == "controls" else f"{state.FRAME_PLAYER}_{part}"
    (element,) = [element for element in app.get("bidi_component") if element.proto.id.endswith(f"-{key}")]
    return json.loads(element.proto.json)


def frame(app) -> int:
    """The frame the stepper shows: where the browser's cursor starts."""
    return int(player(app)["start"])


def last_frame(app) -> int:
    return int(player(app)["bundle"]["n_frames"]) - 1


def step_to(app, target: int):
    """Rest the browser's cursor on ``target`` (clipped to the run), which reports it to the server."""
    app.session_state[state.FRAME] = max(0, min(int(target), last_frame(app)))
    return app.run()


def step(app):
    """Next (the button that runs the next half-step)."""
    return step_to(app, frame(app) + 1)


def back(app):
    return step_to(app, frame(app) - 1)


def caption(app) -> str:
    """The sentence under the main chart at the current frame."""
    return player(app, "main")["bundle"]["timeline"]["captions"][frame(app)]


def next_label(app) -> str:
    """The label of the Next button at the current frame."""
    return player(app)["bundle"]["timeline"]["next_labels"][frame(app)]
