"""A minimal Streamlit client over the app's websocket: what a hand-written client can send.

It asks for full reruns with chosen widget values (any value, as a forged message
could carry) and collects what each run sends back. Loopback only; every wait is bounded.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

RUN_SECONDS = 600
"""Longest wait for one run of the app (EM on a million points takes a while)."""


@dataclass
class Answer:
    """What one run of the app sent back: widgets by id (their element), exceptions, toasts, alerts."""

    widgets: dict[str, object] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    toasts: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)


@contextmanager
def open_session(url: str):
    """A new :class:`Session` of the app at ``url`` (``http://127.0.0.1:PORT``), closed on exit."""
    with connect(url.replace("http", "ws", 1) + "/_stcore/stream", max_size=2**26, open_timeout=30) as socket:
        yield Session(socket)


class Session:
    """One browser-less session of the app, on an open websocket."""

    def __init__(self, socket) -> None:
        self._socket = socket
        self.widgets: dict[str, object] = {}

    def widget_id(self, key: str) -> str:
        """Id of the widget with ``key`` drawn by the last run."""
        return next(wid for wid in self.widgets if wid.endswith(f"-{key}"))

    def state(self, key: str, value) -> WidgetState:
        """A widget state carrying ``value`` for ``key``: True triggers a button, numbers follow the box's type."""
        state = WidgetState(id=self.widget_id(key))
        element = self.widgets[state.id]
        if isinstance(element, NumberInput) and element.data_type == NumberInput.INT and isinstance(value, int):
            state.int_value = value
        elif isinstance(value, bool):
            if type(element).__name__ == "Button":
                state.trigger_value = value
            else:
                state.bool_value = value
        elif isinstance(value, (int, float)):
            state.double_value = float(value)
        else:
            state.string_value = value
        return state

    def rerun(self, values: dict | None = None) -> Answer:
        """Run the app once with ``values`` (by widget key); return what it sent back."""
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.widget_states.widgets.extend(self.state(k, v) for k, v in (values or {}).items())
        self._socket.send(message.SerializeToString())
        answer = Answer()
        deadline = time.monotonic() + RUN_SECONDS
        while time.monotonic() < deadline:
            forward = ForwardMsg()
            forward.ParseFromString(self._socket.recv(timeout=deadline - time.monotonic()))
            if forward.WhichOneof("type") == "script_finished":
                self.widgets.update(answer.widgets)
                return answer
            if forward.WhichOneof("type") != "delta" or forward.delta.WhichOneof("type") != "new_element":
                continue
            element = forward.delta.new_element
            kind = element.WhichOneof("type")
            if kind == "exception":
                answer.exceptions.append(element.exception.message)
            elif kind == "toast":
                answer.toasts.append(element.toast.body)
            elif kind == "alert":
                answer.alerts.append(element.alert.body)
            elif getattr(getattr(element, kind), "id", ""):
                answer.widgets[getattr(element, kind).id] = getattr(element, kind)
        raise TimeoutError(f"the app did not finish a run in {RUN_SECONDS} s")
