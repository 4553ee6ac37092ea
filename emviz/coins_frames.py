"""What each frame of the two-coins timeline shows, in words and table rows.

Frames follow :mod:`emviz.timeline`: frame 0 is the start, frame 2t − 1 the E-step of
iteration t (under ``biases[t - 1]``), frame 2t its M-step (giving ``biases[t]``). Plain
Python, so the page and the tests share one definition.
"""

from __future__ import annotations

from emviz.engine.two_coins import CoinBiases, CoinExpectations, CoinRun
from emviz.timeline import frame_at, significant


def probability_text(value: float) -> str:
    """A probability or a θ to two decimals, as the paper prints them ("0.45", "1.00")."""
    return f"{value:.2f}"


def theta_text(biases: CoinBiases) -> str:
    """"θA = 0.60, θB = 0.50"."""
    return f"θA = {probability_text(biases.theta_a)}, θB = {probability_text(biases.theta_b)}"


def count_text(value: float) -> str:
    """An expected count of heads or tails to one decimal, as the paper prints them ("2.2")."""
    return f"{value:.1f}"


def frame_expectations(run: CoinRun, index: int) -> CoinExpectations | None:
    """The E-step the frame shows (that of its iteration), None on the start frame."""
    frame = frame_at(run, index)  # type: ignore[arg-type]  # any run with n_iter
    return None if frame.kind == "guess" else run.expectations(frame.iteration - 1)


def table_rows(run: CoinRun, index: int) -> list[dict[str, str]]:
    """The paper's table at the frame: each set's tosses, P(coin A), P(coin B) and each coin's
    expected heads (H) and tails (T), then a row of totals.

    On the start frame the probabilities and counts are "?" (no E-step yet).
    """
    expected = frame_expectations(run, index)
    rows = []
    for number, sequence in enumerate(run.tosses.sequences):
        row = {"set": str(number + 1), "tosses": " ".join(sequence)}
        if expected is None:
            row.update({column: "?" for column in ("P(A)", "P(B)", "A: H", "A: T", "B: H", "B: T")})
        else:
            row.update({
                "P(A)": probability_text(expected.p_a[number]), "P(B)": probability_text(1 - expected.p_a[number]),
                "A: H": count_text(expected.heads_a[number]), "A: T": count_text(expected.tails_a[number]),
                "B: H": count_text(expected.heads_b[number]), "B: T": count_text(expected.tails_b[number]),
            })
        rows.append(row)
    if expected is not None:
        rows.append({"set": "total", "tosses": "", "P(A)": "", "P(B)": "",
                     "A: H": count_text(expected.heads_a.sum()), "A: T": count_text(expected.tails_a.sum()),
                     "B: H": count_text(expected.heads_b.sum()), "B: T": count_text(expected.tails_b.sum())})
    return rows


def division(expected: CoinExpectations, coin: str, theta: float) -> str:
    """The M-step's division for one coin: "θA = 21.3 / (21.3 + 8.6) = 0.71"."""
    heads = getattr(expected, f"heads_{coin.lower()}").sum()
    tails = getattr(expected, f"tails_{coin.lower()}").sum()
    if heads + tails == 0:
        return f"θ{coin} stays {probability_text(theta)} (no set was given to coin {coin})"
    return f"θ{coin} = {count_text(heads)} / ({count_text(heads)} + {count_text(tails)}) = {probability_text(theta)}"


def describe_frame(run: CoinRun, index: int) -> str:
    """One sentence saying what the frame did."""
    frame = frame_at(run, index)  # type: ignore[arg-type]
    t = frame.iteration
    if frame.kind == "guess":
        return (f"Start: {theta_text(run.biases[0])}. Nobody says which coin tossed which set; run the E-step "
                "to weigh, for each set, how likely each coin is to have tossed it.")
    expected = run.expectations(t - 1)
    if frame.kind == "e-step":
        first = (f"set 1 goes wholly to coin {'A' if expected.p_a[0] == 1 else 'B'}" if run.hard
                 else f"set 1 is coin A with probability {probability_text(expected.p_a[0])}")
        return (f"E-step {t}: under {theta_text(run.biases[t - 1])}, {first}; in all, coin A expects "
                f"{count_text(expected.heads_a.sum())} heads and {count_text(expected.tails_a.sum())} tails, "
                f"coin B {count_text(expected.heads_b.sum())} and {count_text(expected.tails_b.sum())}.")
    gain = run.log_likelihoods[t] - run.log_likelihoods[t - 1]
    return (f"M-step {t}: each coin's expected heads over its expected tosses: "
            f"{division(expected, 'A', run.biases[t].theta_a)}, {division(expected, 'B', run.biases[t].theta_b)}; "
            f"the log-likelihood rose by {significant(gain)} to {significant(run.log_likelihoods[t])}.")
