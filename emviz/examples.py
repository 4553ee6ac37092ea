"""Every example the learner can pick: generated samples, Old Faithful, and their own data."""

from __future__ import annotations

from emviz.data import PRESETS, GaussianSpec2D, Guess, Preset
from emviz.sources import OldFaithfulSource

OWN_DATA = "Your own data (CSV or pasted)"
BISHOP = "Bishop Figure 9.8 (Old Faithful, 2-D)"

EXAMPLES: dict[str, Preset | None] = {
    **PRESETS,
    "Old Faithful: eruption length (1-D)": Preset(
        "Old Faithful: eruption length (1-D)",
        "272 eruptions of the Old Faithful geyser: how long each lasted, in minutes.",
        OldFaithfulSource(columns=(0,)),
        Guess(means=(1.5, 5.5), sigmas=(0.5, 0.5), weights=(0.5, 0.5)),
    ),
    "Old Faithful: waiting time (1-D)": Preset(
        "Old Faithful: waiting time (1-D)",
        "272 eruptions of the Old Faithful geyser: minutes until the next eruption.",
        OldFaithfulSource(columns=(1,)),
        Guess(means=(45.0, 100.0), sigmas=(8.0, 8.0), weights=(0.5, 0.5)),
    ),
    "Old Faithful (2-D)": Preset(
        "Old Faithful (2-D)",
        "Eruption length against waiting time: two clear groups, each tilted.",
        OldFaithfulSource(columns=(0, 1)),
        Guess(means=((2.5, 85.0), (4.0, 55.0)), sigmas=((0.8, 10.0), (0.8, 10.0)), weights=(0.5, 0.5)),
    ),
    BISHOP: Preset(
        BISHOP,
        "The textbook picture: Old Faithful standardised, two round Gaussians started in the wrong "
        "corners; EM finds the two clusters within about 20 iterations.",
        OldFaithfulSource(columns=(0, 1), standardise=True),
        Guess(means=((-1.5, 1.0), (0.5, -1.5)), sigmas=((0.5, 0.5), (0.5, 0.5)), weights=(0.5, 0.5)),
    ),
    "Three clusters in 2-D": Preset(
        "Three clusters in 2-D",
        "Three tilted clusters in the plane, fitted here with three Gaussians.",
        GaussianSpec2D(means=((0.0, 0.0), (6.0, 1.0), (2.0, 6.0)), sigma_x=(1.0, 1.5, 1.0),
                       sigma_y=(1.5, 1.0, 1.0), correlation=(0.6, -0.5, 0.0), counts=(400, 400, 400), seed=0),
        Guess(means=((1.0, 3.0), (3.0, 3.0), (5.0, 3.0)), sigmas=((2.0, 2.0), (2.0, 2.0), (2.0, 2.0)),
              weights=(1.0, 1.0, 1.0)),
    ),
    OWN_DATA: None,
}
"""Examples by name; ``None`` marks the learner's own data (uploaded or pasted)."""
