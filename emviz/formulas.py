"""LaTeX of the E- and M-step with the learner's own numbers substituted.

Plain strings for ``st.latex``; the numbers come from :mod:`emviz.worked`.
"""

from __future__ import annotations

from emviz.timeline import significant_parts
from emviz.worked import EStepTerms, MStepSums


def latex_number(value: float) -> str:
    """A number rounded to 3 significant digits, written for LaTeX (1.23 \\times 10^{-4})."""
    number, exponent = significant_parts(value)
    if exponent is not None:
        return rf"{number} \times 10^{{{exponent}}}"
    return number.replace(",", "{,}")


def e_step_rule() -> str:
    """Bayes' rule for the responsibility of Gaussian k for point n."""
    return (r"\gamma_{nk} = \frac{\pi_k\,\mathcal{N}(x_n \mid \mu_k, \sigma_k^2)}"
            r"{\sum_j \pi_j\,\mathcal{N}(x_n \mid \mu_j, \sigma_j^2)}")


TERMS_PER_LINE = 2
"""Terms of the sum p(x) = Σ_k π_k N(x | µ_k, σ_k²) written on one line: two fit half a 1280-pixel page."""


def aligned(*lines: str) -> str:
    """LaTeX lines one under the other, aligned at ``&`` (each line at most half a 1280×720 page wide)."""
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def e_step_weighted(terms: EStepTerms, k: int) -> str:
    """π_k N(x | µ_k, σ_k²) on one line, its numbers on the next (any K fits half a page)."""
    return aligned(
        rf"&\pi_{k + 1}\,\mathcal{{N}}({latex_number(terms.x)} \mid {latex_number(terms.means[k])}, "
        rf"{latex_number(terms.sigmas[k])}^2)",
        rf"&\qquad = {latex_number(terms.weights[k])} \times {latex_number(terms.densities[k])} "
        rf"= {latex_number(terms.weighted[k])}",
    )


def e_step_result(terms: EStepTerms, k: int) -> str:
    """γ_k = weighted_k / sum, with its numbers.

    The numerator is at least as tall as a power of ten (``\\vphantom{1^2}``): a plain number
    there would touch the top of Streamlit's formula box (``overflow: hidden``) and lose a pixel.
    """
    return (rf"\gamma_{k + 1} = \frac{{\vphantom{{1^2}} {latex_number(terms.weighted[k])}}}"
            rf"{{{latex_number(terms.total)}}} = {terms.responsibilities[k]:.3f}")


def e_step_total(terms: EStepTerms) -> str:
    """p(x) = Σ_k π_k N(x | µ_k, σ_k²), with its numbers, ``TERMS_PER_LINE`` terms a line."""
    numbers = [latex_number(value) for value in terms.weighted]
    sums = [" + ".join(numbers[start:start + TERMS_PER_LINE]) for start in range(0, len(numbers), TERMS_PER_LINE)]
    return aligned(rf"p({latex_number(terms.x)}) &= {sums[0]}", *(rf"&\quad + {part}" for part in sums[1:]),
                   rf"&= {latex_number(terms.total)}")


def m_step_lines(sums: MStepSums, k: int) -> list[str]:
    """n_k, µ_k, σ_k² and π_k of one Gaussian, each with its sums: rows of an ``aligned`` block.

    The formula and its numbers get a row each where both would not fit half a 1280-pixel page.
    """
    j = k + 1
    floor = rf" + {latex_number(sums.reg_covar)}" if sums.reg_covar else ""
    n_k = latex_number(sums.sum_gamma[k])
    n_points = f"{sums.n_points:,}".replace(",", "{,}")  # a count: exact, not rounded
    return [
        rf"n_{j} &= \sum_n \gamma_{{n{j}}} = {n_k}",
        rf"\mu_{j} &= \frac{{\sum_n \gamma_{{n{j}}}\,x_n}}{{n_{j}}} \\ "
        rf"&= \frac{{{latex_number(sums.sum_gamma_x[k])}}}{{{n_k}}} = {latex_number(sums.means[k])}",
        rf"\sigma_{j}^2 &= \frac{{\sum_n \gamma_{{n{j}}}\,(x_n - \mu_{j})^2}}{{n_{j}}}{floor} \\ "
        rf"&= \frac{{{latex_number(sums.sum_gamma_squares[k])}}}{{{n_k}}}{floor} = "
        rf"{latex_number(sums.variances[k])}",
        rf"\pi_{j} &= \frac{{n_{j}}}{{N}} = \frac{{{n_k}}}{{{n_points}}} = {latex_number(sums.weights[k])}",
    ]


def m_step_block(sums: MStepSums, k: int) -> str:
    """The M-step of one Gaussian as one block, aligned at "=", 1em of space between quantities."""
    return r"\begin{aligned}" + r" \\[1em] ".join(m_step_lines(sums, k)) + r"\end{aligned}"
