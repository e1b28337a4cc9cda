"""The instructor's notebook, run top to bottom, prints every value of the seed documents
and draws figures that show what they claim."""

import re

import pytest

from conftest import errors, stdout

SEED_LINES = [
    "x.shape = (4, 3, 3, 2)",
    "x_pad.shape = (4, 7, 7, 2)",
    "x[1,1] = [[ 0.90085595 -0.68372786]\n [-0.12289023 -0.93576943]\n [-0.26788808  0.53035547]]",
    "x_pad[1,1] = [[0. 0.]\n [0. 0.]\n [0. 0.]\n [0. 0.]\n [0. 0.]\n [0. 0.]\n [0. 0.]]",
    "Z = -6.999089450680221",
    "Z's mean = 0.048995203528855794",
    "Z[3,2,1] = [-0.61490741 -6.7439236  -2.55153897  1.75698377  3.56208902  0.53036437\n"
    "  5.18531798  8.75898442]",
    "cache_conv[0][1][2][3] = [-0.20075807  0.18656139  0.41005165]",
    "mode = max\nA = [[[[1.74481176 0.86540763 1.13376944]]]\n\n\n [[[1.13162939 1.51981682 2.18557541]]]]",
    "mode = average\nA = [[[[ 0.02105773 -0.20328806 -0.40389855]]]\n\n\n [[[-0.22154621  0.51716526  0.48155844]]]]",
    "dA_mean = 1.4524377775388075",
    "db_mean = 7.839232564616838",
    "x =  [[ 1.62434536 -0.61175641 -0.52817175]\n [-1.07296862  0.86540763 -2.3015387 ]]",
    "mask =  [[ True False False]\n [False False False]]",
    "distributed value = [[0.5 0.5]\n [0.5 0.5]]",
    "mode = max\nmean of dA =  0.14571390272918056\n"
    "dA_prev[1,1] =  [[ 0.          0.        ]\n [ 5.05844394 -1.68282702]\n [ 0.          0.        ]]",
    "mode = average\nmean of dA =  0.14571390272918056\n"
    "dA_prev[1,1] =  [[ 0.08485462  0.2787552 ]\n [ 1.26461098 -0.25749373]\n [ 1.17975636 -0.53624893]]",
]


def test_runs_without_errors(executed_source):
    assert errors(executed_source) == []


@pytest.mark.parametrize("line", SEED_LINES, ids=lambda line: line.split("\n")[0][:40])
def test_prints_seed_value(executed_source, line):
    assert line in stdout(executed_source)


def test_prints_seed_dW_mean(executed_source):
    # The seeds print 1.7269914583139097; the last digit depends on the order of summation.
    value = float(re.search(r"dW_mean = (\S+)", stdout(executed_source)).group(1))
    assert value == pytest.approx(1.7269914583139097, rel=1e-14)


def test_every_test_cell_passes_and_gradient_check_agrees(executed_source):
    out = stdout(executed_source)
    assert out.count("all tests passed") == 8
    assert out.count("OK") == 5 and "look again" not in out


def test_figures_show_the_arrays_the_code_produced(executed_source):
    assert "FIGURES SHOW THE RIGHT ARRAYS" in stdout(executed_source)
