"""Friendly checks for the assignments of the course (the same file in each assignment folder).

The test cells of the notebook use these functions so that a failing check says, in
plain words, which function failed, on which input, what was expected and what came
back (the first wrong entry, or the shape), and a hint at the usual cause:

    conv_forward: Z has wrong values
      case:     A_prev (2, 6, 7, 3), W (3, 3, 3, 4), b (1, 1, 1, 4), stride=2, pad=0
      first wrong entry: Z[0, 0, 1, 0]   expected 1.234567   got 0.876543
                         (18 of 48 entries differ)
      hint:     a window spans f rows: vert_end = vert_start + f (not + stride).

A failed check raises ``CheckFailed``, an ``AssertionError``, which nbgrader counts as
a failed test.  This module compares and explains; it holds no answers.

Self-study: ``selfcheck("conv_forward")`` runs that function's whole test cell, hidden
cases included, the way the autograder does, and prints one friendly line;
``selfcheck_summary("cnn_step_by_step")`` prints every function's result for that assignment
and the score the autograder would give.  They need ``cnn_selfcheck.json`` next to the
notebook, which ``make lab`` writes for self-learners from the course's source; the graded
release has no such file.

    describe(**inputs)          -> "A_prev (2, 6, 7, 3), stride=2"   (a readable case)
    call(function, *args, ...)  -> the function's result; exceptions become CheckFailed
    number(got, expected, ...)  -> a scalar result (a Python or numpy float, not an array)
    array(got, expected, ...)   -> an ndarray result: type, shape, dtype, then values
    same_shape(got, expected, .)-> an ndarray of the expected type, shape and dtype (values not checked)
    tokens(got, expected, ...)  -> a list of strings, and where it first differs
    unchanged(before, after, .) -> an input was not modified in place
    same_cache(got, expected, .)-> a cache tuple holds exactly the expected items
    expect(condition, ...)      -> any other requirement, with its own message
    prerequisite(fn, helper, ...) -> the exercise fn calls must be right first (else say so)
    restore()                   -> undo changes made to builtins and numpy since import
    substitute(name=function)   -> a test cell's correct stand-ins for functions graded above,
                                   until end_substitutes() (so each function is graded alone)
    kernel_value(name)          -> a value of the notebook's (the autograder asks the kernel)

How grading uses this module (cnn_course/outside.py): the autograder runs each test cell twice.
In the notebook's kernel, the cell's visible part runs as you see it (its output is what the
feedback shows).  Outside the kernel, in the grading process, the whole cell runs again,
hidden cases included, with this module and numpy of its own; there every function of the
notebook is a stand-in that asks the kernel, through ``serve``, to call the real one on the
given inputs and send back what it returned.  The expected values and the code that computes
them never enter the kernel, so nothing a notebook does can read or change them.
"""

import contextlib
import io
import json
import sys
import warnings
from pathlib import Path

import numpy as np

__all__ = ["CheckFailed", "describe", "call", "number", "array", "same_shape", "tokens", "unchanged", "same_cache", "expect",
           "prerequisite", "restore", "substitute", "end_substitutes", "kernel_value", "selfcheck",
           "selfcheck_summary"]

SELFCHECK_FILE = "cnn_selfcheck.json"

# The checks use these references, taken when this module is imported (before any student
# code runs), so that a notebook that replaces numpy functions or builtins (np.isclose,
# np.allclose, isinstance, ...) cannot change what the checks conclude.  Comparisons are
# made with numpy's C ufuncs and ndarray methods, which cannot be replaced.
_ndarray, _generic, _floating, _integer, _bool_ = np.ndarray, np.generic, np.floating, np.integer, np.bool_
_Generator, _PCG64 = np.random.Generator, np.random.PCG64
_float64, _float32 = np.dtype(np.float64), np.dtype(np.float32)
_absolute, _less_equal, _isnan, _asarray, _zeros = np.absolute, np.less_equal, np.isnan, np.asarray, np.zeros
isinstance, type, len, float, tuple, str, repr, zip, max, sorted, enumerate, bool, int, list, set, map = (
    isinstance, type, len, float, tuple, str, repr, zip, max, sorted, enumerate, bool, int, list, set, map)


def _snapshot():
    """The namespaces of builtins and of the numpy modules the tests use, as imported."""
    import builtins

    import numpy.lib.stride_tricks  # noqa: F401  (loads the submodules that np.<name> reaches below)
    import numpy.testing  # noqa: F401

    modules = [builtins, np, np.testing, np.lib.stride_tricks, np.random, np.linalg]
    return [(module, dict(vars(module))) for module in modules]


_PRISTINE = _snapshot()


def restore():
    """Undo changes that code made to builtins and to numpy's functions since this module was
    imported (the test cells call it first, so a notebook that replaces np.isclose, float
    or isinstance changes neither the checks nor the values the tests compute)."""
    for module, names in _PRISTINE:
        current = vars(module)
        for name, value in names.items():
            if current.get(name, restore) is not value:
                setattr(module, name, value)


def _close(got, expected, rtol, atol):
    """|got - expected| <= atol + rtol * |expected|, entry by entry; NaN is never close."""
    got = _asarray(got, dtype=np.float64)
    expected = _asarray(expected, dtype=np.float64)
    return _less_equal(_absolute(got - expected), atol + rtol * _absolute(expected)) & ~_isnan(got)


class CheckFailed(AssertionError):
    """A check that failed; its message is written for the student."""

    def _render_traceback_(self):
        """What IPython shows for a failed check: the message, not the checks' own code."""
        first, _, rest = str(self).partition("\n")
        return [f"\x1b[0;31mCheckFailed\x1b[0m: {first}"] + (rest.splitlines() if rest else [])


# ------------------------------------------------------------------------------------ hints

# Hints for what learners actually do, chosen by what went wrong (the exception, or a pattern in
# the values), before the hint of the test case.  Measured on real code: these are the common
# causes of each failure.  None of them holds an answer.

_FLOAT_OF_ARRAY = ("float() of an array raises on numpy 2 unless it holds exactly one number, and even "
                   "then it is deprecated: take the number out of a (1, 1, 1) array with b.item() "
                   "(or b[0, 0, 0]).")
_REMOVED_ALIAS = ("np.{0} was removed from numpy (1.24): write {0}(...) for a Python number, np.{0}64 "
                  "for the dtype; to take the number out of a (1, 1, 1) array, use b.item().")
_INTEGER_DIVISION = ("sizes and positions must be integers: use // (n_H = (n_H_prev + 2 * pad - f) // stride "
                     "+ 1); / gives a float, and int(... / ...) rounds the wrong way for negative numbers.")
_BROADCAST = {
    "conv_single_step": "a_slice_prev and W must have the same shape (f, f, n_C_prev): multiply them entry "
                        "by entry, then sum.",
    "conv_forward": "a window is f x f over all channels of the padded input: A_prev_pad[i, vert_start:vert_start "
                    "+ f, horiz_start:horiz_start + f, :] (slice A_prev_pad, not A_prev), and filter c is "
                    "W[:, :, :, c].",
    "pool_forward": "a window is f x f in one channel: A_prev[i, vert_start:vert_start + f, horiz_start:"
                    "horiz_start + f, c].",
    "conv_backward": "the window of A_prev_pad and of dA_prev_pad is f x f: [vert_start:vert_start + f, "
                     "horiz_start:horiz_start + f, :]; dW[:, :, :, c] and W[:, :, :, c] are (f, f, n_C_prev).",
    "pool_backward": "the gradient of one window is f x f: the mask of A_prev's f x f window, or "
                     "distribute_value(da, (f, f)), not (n_H, n_W).",
    "distribute_value": "return an array of the given shape: np.ones(shape) * average.",
    "create_mask_from_window": "return the mask itself, the same shape as x: x == np.max(x).",
}
_OUTPUT_HINTS = {
    ("conv_backward_fast", "dA_prev"): "overlapping windows add up (+=); unpad with [pad:pad + n_H_prev], "
                                       "which also works for pad 0.",
    ("conv_backward_fast", "dW"): "dW[p, q, c, k] sums, over the images and positions, the window entry (p, q, c) "
                                  "times dZ[..., k]: contract the windows' m, n_H, n_W axes with dZ's.",
    ("conv_backward_fast", "db"): "db sums dZ over the images and positions (axes 0, 1, 2), keeping shape "
                                  "(1, 1, 1, n_C).",
    ("conv_forward_fast", "Z"): "Z has shape (m, n_H, n_W, n_C): contract the windows' (f, f, n_C_prev) axes "
                                "with W's first three, and add b once per output.",
    ("fc_backward", "db"): "db sums dZ over the batch (axis 0), keeping shape (1, k).",
    ("fc_backward", "dW"): "dW = A^T dZ, shape (n, k).",
    ("fc_backward", "dA"): "dA = dZ W^T, shape (m, n).",
}


def _exception_hint(fn, error):
    """The likely cause of an exception the student's code raised, or ""."""
    kind, message = type(error).__name__, str(error)
    if kind == "TypeError" and any(text in message for text in (
            "only 0-dimensional arrays can be converted", "only length-1 arrays can be converted",
            "only size-1 arrays can be converted")):
        return _FLOAT_OF_ARRAY
    if kind == "AttributeError" and "module 'numpy' has no attribute" in message:
        for alias in ("float", "int", "bool", "complex", "object", "str"):
            if f"attribute '{alias}'" in message:
                return _REMOVED_ALIAS.format(alias)
    if kind == "TypeError" and any(text in message for text in (
            "slice indices must be integers", "cannot be interpreted as an integer",
            "expected a sequence of integers", "integer scalar arrays can be converted")):
        return _INTEGER_DIVISION
    if kind == "ValueError" and ("inhomogeneous" in message or "setting an array element with a sequence" in message):
        return ("numbers and arrays were put in one list (np.sum([Z, b]) mixes a number and a (1, 1, 1) array): "
                "add them instead, Z + b.item().")
    if kind == "ValueError" and ("could not be broadcast" in message or "could not broadcast" in message):
        base = fn.removesuffix("_fast")
        return _BROADCAST.get(fn) or _BROADCAST.get(base, "")
    if kind == "ZeroDivisionError":
        return ("a size was divided by 0: is stride read from hparameters['stride'] (and pad from "
                "hparameters['pad'])?")
    if kind == "KeyError" and message.strip("'\"") in ("stride", "pad", "f"):
        return (f"hparameters has no key {message}: conv layers use hparameters['stride'] and ['pad'], "
                "pooling layers ['stride'] and ['f'].")
    if kind == "IndexError" and "out of bounds" in message:
        return ("an index ran past the edge of an array: f = W.shape[0] (W[1] does not exist when f = 1), "
                "n_H = (n_H_prev + 2 * pad - f) // stride + 1, and a window starts at h * stride.")
    return ""


def _shape_hint(fn, name, got, expected):
    """The likely cause of a result of the wrong shape, or ""."""
    if fn == "create_mask_from_window" and got.ndim == 1 and expected.ndim == 2:
        return ("return the mask itself, the same shape as x (x == np.max(x)), not x[...], which "
                "picks out the maximal entries.")
    if got.ndim == expected.ndim == 4 and got.shape[0] == expected.shape[0] and got.shape[3] == expected.shape[3]:
        if got.shape[1] == expected.shape[1] and got.shape[2] != expected.shape[2] and \
                got.shape[2] == got.shape[1] and expected.shape[1] != expected.shape[2]:
            return ("the output's width comes from the input's width: n_W = (n_W_prev + 2 * pad - f) // stride "
                    "+ 1 (n_W_prev, not n_H_prev).")
    return _OUTPUT_HINTS.get((fn, name), "")


def _values_hint(fn, name, got, expected, close):
    """The likely cause of wrong values, from their pattern alone (no answer needed), or ""."""
    got64 = _asarray(got, dtype=np.float64)
    want = _asarray(expected, dtype=np.float64)
    if got64.shape != want.shape or not want.size:
        return ""
    nonzero = _absolute(want) > 1e-12
    if nonzero.any() and not _isnan(got64).any():
        ratio = got64[nonzero] / want[nonzero]
        if float(_absolute(ratio - ratio.flat[0]).max()) < 1e-6 and abs(float(ratio.flat[0]) - 1) > 1e-6 \
                and (_absolute(got64[~nonzero]) < 1e-9).all():
            k = float(ratio.flat[0])
            text = f"every entry is {_fmt(k)} times the right one"
            if fn.startswith(("pool", "distribute_value")):
                return text + ": an average divides the sum by the number of entries of the window (n_H * n_W, or f * f)."
            return text + "."
    if want.ndim == 4 and fn.endswith(("backward", "backward_fast")) and name.startswith("dA"):
        rows, cols = (_absolute(got64) > 1e-12).any(axis=(0, 2, 3)), (_absolute(got64) > 1e-12).any(axis=(0, 1, 3))
        want_rows, want_cols = nonzero.any(axis=(0, 2, 3)), nonzero.any(axis=(0, 1, 3))
        if rows.any() and want_rows.any() and (rows.nonzero()[0].max() < want_rows.nonzero()[0].max()
                                               or cols.nonzero()[0].max() < want_cols.nonzero()[0].max()):
            return ("the gradient lands only near the top-left corner: each window starts at vert_start = "
                    "h * stride, horiz_start = w * stride (not h, w), and ends f later.")
    if want.ndim == 4 and want.shape[1] * want.shape[2] > 1 and fn.startswith(("conv_forward", "pool_forward")):
        if close[:, 0, 0, :].all() and not close.all():
            return ("the first window is right and the next ones are not: a window's top-left corner moves by "
                    "`stride` (vert_start = h * stride, horiz_start = w * stride) and the window is f wide.")
    if want.ndim == 4 and want.shape[3] > 1 and fn.startswith("pool_forward"):
        same = (_absolute(got64 - got64[..., :1]) < 1e-12).all()
        if same and not (_absolute(want - want[..., :1]) < 1e-12).all():
            return "every channel got the same value: pool each channel on its own (the window's channel c only)."
    return ""


def prerequisite(fn, helper, function, args, expected):
    """Before testing fn: the exercise above that fn calls (helper) must be right on one small
    case, or fn's own test would blame fn for helper's mistake.  When graded, fn is checked with
    a correct helper, so its points never depend on helper's."""
    __tracebackhide__ = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = function(*args)
        right = type(got) is not tuple and bool(_close(got, expected, 1e-7, 1e-9).all()) \
            and _asarray(got).shape == _asarray(expected).shape
    except Exception:   # the helper itself fails: the same message
        right = False
    if not right:
        _fail(fn, f"cannot be checked yet: it calls your {helper}, which is not right yet (see {helper}'s "
                  "test above).", "", f"fix {helper} first. When your work is graded, {fn} is checked with a "
                  f"correct {helper}, so its points do not depend on {helper}'s.")


def _fmt(value):
    """Format one entry for a message: floats to 8 significant digits."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.8g}"
    return repr(value)


def _fail(fn, problem, case="", hint="", details=()):
    __tracebackhide__ = True    # IPython leaves this helper's frame out of tracebacks
    lines = [f"{fn}: {problem}"]
    if case:
        lines.append(f"  case:     {case}")
    lines.extend(f"  {line}" for line in details)
    if hint:
        lines.append(f"  hint:     {hint}")
    raise CheckFailed("\n".join(lines))


def describe(**inputs):
    """A one-line description of a test case: arrays by shape (and dtype unless float64),
    everything else as name=value, in the order given."""
    parts = []
    for name, value in inputs.items():
        if isinstance(value, np.ndarray):
            dtype = "" if value.dtype == np.float64 else f" {value.dtype}"
            parts.append(f"{name} {value.shape}{dtype}")
        elif isinstance(value, dict):
            parts.extend(f"{k}={v!r}" for k, v in value.items())
        else:
            parts.append(f"{name}={value!r}")
    return ", ".join(parts)


def call(function, *args, fn, case="", returns=None, hint="", **kwargs):
    """Call a student's function and return its result.

    NotImplementedError and any other exception become a CheckFailed that names the
    function, the case and the hint (an exception on a case usually has the same cause as
    a wrong value on it).  With returns=("Z", "cache"), the result must be a tuple of
    that many items.  Warnings raised by the student's code are not printed: nbgrader
    gives zero to a test cell that writes to stderr."""
    __tracebackhide__ = True
    not_implemented = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = function(*args, **kwargs)
    except NotImplementedError:
        not_implemented = True
    except Exception as error:  # a student's bug: report it, with the case that triggered it
        where = getattr(error, "where", None)     # set when the error came from the kernel
        where = _where(error.__traceback__) if where is None else where
        _fail(fn, f"raised {type(error).__name__}: {error}", case,
              _exception_hint(fn, error) or hint or "call the function on this case yourself to see where.",
              [f"at:       {where}"] if where else [])
    if not_implemented:         # raised here, outside the except: no traceback of the stub
        _fail(fn, "is not implemented yet.", case,
              "replace `raise NotImplementedError()` with your code, then run its cell again.")
    if returns is not None and not (isinstance(result, tuple) and len(result) == len(returns)):
        got = f"a tuple of {len(result)} items" if isinstance(result, tuple) else type(result).__name__
        _fail(fn, f"should return a tuple ({', '.join(returns)}), got {got}.", case,
              f"end the function with: return {', '.join(returns)}")
    return result


def number(got, expected, *, fn, case="", name="result", hint="", rtol=1e-7, atol=1e-9):
    """Check a scalar result: a real number (Python float or a 0-d numpy value) close to expected."""
    __tracebackhide__ = True
    if isinstance(got, _ndarray) and got.ndim > 0:
        _fail(fn, f"{name} should be a single number, got an array of shape {got.shape}.", case,
              "take the number out of a (1, 1, 1) array with b.item() or b[0, 0, 0] "
              "(float(b) raises on numpy 2).")
    if type(got) not in (int, float, _ndarray) and not (isinstance(got, _generic) and type(got).__module__ == "numpy"):
        _fail(fn, f"{name} should be a number, got {type(got).__name__}.", case, hint)
    if type(got) is not int and type(got) is not float and got.dtype.kind not in "iuf":
        _fail(fn, f"{name} should be a real number, got {type(got).__name__} of dtype {got.dtype}.", case, hint)
    got_value = float(got)
    if not _close(got_value, expected, rtol, atol * max(1.0, abs(expected))):
        _fail(fn, f"{name} has the wrong value.", case, hint,
              [f"expected {_fmt(expected)}", f"got      {_fmt(got_value)}"])


def _check_type_shape_dtype(got, expected, fn, case, name, hint, float32_ok):
    __tracebackhide__ = True
    if type(got) is not _ndarray:
        _fail(fn, f"{name} should be a numpy array, got {type(got).__name__}.", case,
              hint or "build the result with numpy (np.zeros, np.pad, ...), not a list.")
    if got.shape != expected.shape:
        axes = [i for i, (g, e) in enumerate(zip(got.shape, expected.shape)) if g != e]
        where = (f"axis {axes[0]} differs" if len(got.shape) == len(expected.shape)
                 else f"{len(got.shape)} axes instead of {len(expected.shape)}")
        _fail(fn, f"{name} has the wrong shape.", case, _shape_hint(fn, name, got, expected) or hint,
              [f"expected shape {expected.shape}", f"got shape      {got.shape}   ({where})"])
    if expected.dtype.kind in "iu":
        if got.dtype.kind not in "iu":
            _fail(fn, f"{name} should hold integers (token ids, positions, counts), got dtype {got.dtype}.", case,
                  hint or "make it an integer array: np.zeros(shape, dtype=np.int64), np.array(..., dtype=np.int64).")
        return
    if expected.dtype == bool:
        if got.dtype != bool and not (got.dtype.kind in "iuf" and ((got == 0) | (got == 1)).all()):
            _fail(fn, f"{name} should be a boolean mask (True/False), got dtype {got.dtype}.", case,
                  "compare the window with its maximum: x == np.max(x).")
        return
    allowed = {_float64} | ({_float32} if float32_ok else set())
    if got.dtype not in allowed:
        _fail(fn, f"{name} has dtype {got.dtype}; expected {' or '.join(sorted(map(str, allowed)))}.",
              case, "start from np.zeros(shape) (float64) and do not round or cast the result.")


def array(got, expected, *, fn, case="", name="result", hint="", rtol=1e-7, atol=1e-9,
          float32_ok=False, mistakes=()):
    """Check an array result against the expected array: type, shape, dtype, then values.

    Values may differ by rtol * |expected| + atol * max(1, max |expected|), enough for
    any order of summation.  With float32_ok, a float32 result is accepted too (for
    float32 inputs); otherwise the result must be float64.  A boolean ``expected`` is
    matched by a bool result or by a numeric one holding only 0 and 1; an integer one by any
    integer dtype.  mistakes: [(what a known mistake returns, its hint)]: wrong values equal to
    one of them get that hint (the real cause, not a guess)."""
    __tracebackhide__ = True
    expected = _asarray(expected)
    _check_type_shape_dtype(got, expected, fn, case, name, hint, float32_ok)
    scale = max(1.0, float(_absolute(expected).max())) if expected.size and expected.dtype != bool else 1.0
    close = _close(got, expected, rtol, atol * scale)
    if not close.all():
        wrong = (~close).nonzero()
        count = len(wrong[0]) if wrong else 1
        first = tuple(int(axis[0]) for axis in wrong)
        known = [text for wrong_result, text in mistakes if _same_values(got, wrong_result, rtol, atol * scale)]
        better = (known[0] if known else "") or _values_hint(fn, name, got, expected, close) \
            or _OUTPUT_HINTS.get((fn, name), "")
        _fail(fn, f"{name} has wrong values.", case, better or hint, [
            f"first wrong entry: {name}{list(first)}   expected {_fmt(expected[first])}   got {_fmt(got[first])}",
            f"                   ({count} of {expected.size} entries differ)",
        ])


def same_shape(got, expected, *, fn, case="", name="result", hint="", float32_ok=False):
    """Check only what array() checks before the values: a numpy array of the expected shape and
    dtype (for a result whose values the test checks in its own way, e.g. a random mask)."""
    __tracebackhide__ = True
    _check_type_shape_dtype(got, _asarray(expected), fn, case, name, hint, float32_ok)


def _same_values(got, other, rtol, atol):
    """Whether got equals another array (same shape, values close): a known mistake's result."""
    other = _asarray(other)
    return other.shape == got.shape and bool(_close(got, other, rtol, atol).all())


def tokens(got, expected, *, fn, case="", name="tokens", hint="", lowered=None):
    """Check a list of strings: the type, then the first position where it differs.  lowered:
    what the function gave for the lower-cased input (right then: the text was not lower-cased)."""
    __tracebackhide__ = True
    if type(got) is not list or not all(type(item) is str for item in got):
        kind = type(got).__name__ if type(got) is not list else "a list holding " + ", ".join(
            sorted({type(item).__name__ for item in got if type(item) is not str}))
        _fail(fn, f"{name} should be a list of strings, got {kind}.", case,
              hint or "text.split() gives a list of strings.")
    if got != expected:
        if lowered == expected:
            hint = "lower case first: text.lower() (it is right on the lower-cased sentence)."
        elif "" in got:
            hint = "empty tokens: split at any white space with text.split() (split(' ') gives '' between spaces)."
        elif any(item != item.lower() for item in got):
            hint = "lower case first: text.lower()."
        elif any(len(item) > 1 and "'" in (item[0], item[-1]) and item not in ("'s", "'ve", "n't", "'re", "'d",
                 "'ll", "'m") for item in got):
            hint = "apostrophes at the start and end of a token (quotation marks) are stripped: token.strip(\"'\")."
        at = next((i for i, (g, e) in enumerate(zip(got, expected)) if g != e), min(len(got), len(expected)))
        window = slice(max(0, at - 2), at + 3)
        _fail(fn, f"{name} differ from position {at} on.", case, hint, [
            f"expected {len(expected)} tokens: ... {expected[window]} ...",
            f"got      {len(got)} tokens: ... {got[window]} ..."])


def unchanged(before, after, *, fn, case="", name="the input"):
    """Check that an input array was not modified in place by the function."""
    __tracebackhide__ = True
    if before.shape != after.shape or not ((before == after) | (_isnan(before) & _isnan(after))).all():
        _fail(fn, f"changed {name} in place.", case,
              f"work on a copy (or on new arrays): callers still need {name} as it was.")


def same_cache(got, expected, *, fn, case="", names=()):
    """Check that a cache is a tuple of exactly the expected items, in order."""
    if not isinstance(got, tuple) or len(got) != len(expected):
        _fail(fn, f"cache should be a tuple ({', '.join(names)}).", case,
              f"return cache = ({', '.join(names)}).",
              [f"got {type(got).__name__}" + (f" of length {len(got)}" if hasattr(got, '__len__') else "")])
    for item_name, item, want in zip(names, got, expected):
        same = (item is want) or (
            type(want) is _ndarray and type(item) is _ndarray
            and item.shape == want.shape and bool((item == want).all()))
        if not same and type(want) is not _ndarray:
            same = type(item) is type(want) and bool(item == want)
        if not same:
            _fail(fn, f"cache item '{item_name}' is not the {item_name} that was passed in.", case,
                  f"return cache = ({', '.join(names)}), with the inputs as they were given.")


def expect(condition, *, fn, problem, case="", hint=""):
    """Fail with the given problem unless condition is true (a plain bool, computed by the test)."""
    __tracebackhide__ = True
    if condition is not True and not (type(condition) is _bool_ and condition):
        _fail(fn, problem, case, hint)


# ------------------------------------------------------------- substitutes and kernel values

_SUBSTITUTED = []     # [(namespace, name, the value it had, or _MISSING)], undone by end_substitutes
_MISSING = object()


def substitute(**functions):
    """Replace functions of the caller's namespace (the notebook's) by these, until
    end_substitutes(): a test cell grades one function with correct versions of the functions
    it calls that were graded above, so a mistake costs the points of one function only."""
    namespace = sys._getframe(1).f_globals
    for name, function in functions.items():
        _SUBSTITUTED.append((namespace, name, namespace.get(name, _MISSING)))
        namespace[name] = function


def end_substitutes():
    """Put back what substitute() replaced (the grader calls it after each test cell)."""
    while _SUBSTITUTED:
        namespace, name, value = _SUBSTITUTED.pop()
        if value is _MISSING:
            namespace.pop(name, None)
        else:
            namespace[name] = value


_REMOTE = None        # set by the grader (outside the kernel): asks the kernel for a value


def kernel_value(name):
    """A value of the notebook's namespace: here directly; outside the kernel, from the kernel."""
    if _REMOTE is not None:
        return _REMOTE(name)
    return sys._getframe(1).f_globals[name]


# --------------------------------------------------------- values between kernel and grader

MIME = "application/vnd.cnn-course.call+json"
_MAX_DEPTH = 40


class Foreign:
    """Something a function returned that is not a plain value (an ndarray subclass, a float
    subclass, an object of its own): the checks reject it by its type's name."""

    def __repr__(self):
        return f"<{type(self).__name__}>"


def _foreign(name):
    return type(str(name)[:60], (Foreign,), {})()


def encode(value, arrays, inputs=None, memo=None, depth=0):
    """A JSON-able description of a value; its arrays are put into `arrays` (key -> ndarray).
    Objects found in `inputs` ({id: path}) are sent as {"$arg": path}: the receiver puts its own
    object there, so "the cache holds the very array that was passed in" still holds."""
    inputs = {} if inputs is None else inputs
    memo = {} if memo is None else memo
    if id(value) in inputs:
        return {"$arg": inputs[id(value)]}
    if id(value) in memo:
        return {"$ref": memo[id(value)]}
    kind = type(value)
    if depth > _MAX_DEPTH:
        return {"$foreign": "too deeply nested"}
    if value is None or kind is bool or kind is int or kind is str or kind is float:
        return value
    if kind is _ndarray:
        key = f"a{len(arrays)}"
        arrays[key] = value
        memo[id(value)] = key
        return {"$array": key}
    if isinstance(value, _generic) and kind.__module__ == "numpy" and value.dtype.kind in "biufc":
        return {"$scalar": value.dtype.str, "hex": value.tobytes().hex()}
    if kind is type and issubclass(value, _generic) and value.__module__ == "numpy":
        return {"$nptype": np.dtype(value).str}                       # np.float64, as in dtype=np.float64
    if kind is type and value in (float, int, bool, complex):
        return {"$pytype": value.__name__}
    if isinstance(value, np.dtype):
        return {"$dtype": value.str}
    if kind is _Generator and type(value.bit_generator) is _PCG64:   # a random generator: its state
        return {"$rng": value.bit_generator.state}
    if kind is tuple or kind is list:
        items = [encode(item, arrays, inputs, memo, depth + 1) for item in value]
        return {"$tuple": items} if kind is tuple else {"$list": items}
    if kind is dict:
        return {"$dict": [[encode(k, arrays, inputs, memo, depth + 1), encode(v, arrays, inputs, memo, depth + 1)]
                          for k, v in value.items()]}
    return {"$foreign": kind.__name__}


def decode(value, arrays, inputs=None, depth=0):
    """The value `encode` described, rebuilt; {"$arg": path} becomes the object at that path in
    `inputs` (a list of the receiver's own values).  Anything malformed becomes a Foreign."""
    if depth > _MAX_DEPTH:
        return _foreign("too deeply nested")
    if value is None or type(value) in (bool, int, str, float):
        return value
    if type(value) is not dict or len(value) not in (1, 2):
        return _foreign("malformed")
    tag = next(iter(value))
    try:
        if tag == "$array":
            found = arrays[value["$array"]]
            return found if type(found) is _ndarray else _foreign("malformed")
        if tag == "$ref":
            return arrays[value["$ref"]]
        if tag == "$scalar":
            dtype = np.dtype(value["$scalar"])
            if dtype.kind not in "biufc":
                return _foreign("malformed")
            return np.frombuffer(bytes.fromhex(value["hex"]), dtype=dtype)[0]
        if tag == "$nptype":
            return np.dtype(value["$nptype"]).type
        if tag == "$dtype":
            return np.dtype(value["$dtype"])
        if tag == "$rng":
            generator = _Generator(_PCG64())
            generator.bit_generator.state = value["$rng"]
            return generator
        if tag == "$pytype":
            return {"float": float, "int": int, "bool": bool, "complex": complex}[value["$pytype"]]
        if tag == "$tuple":
            return tuple(decode(item, arrays, inputs, depth + 1) for item in value["$tuple"])
        if tag == "$list":
            return [decode(item, arrays, inputs, depth + 1) for item in value["$list"]]
        if tag == "$dict":
            result = {}
            for key, item in value["$dict"]:
                key = decode(key, arrays, inputs, depth + 1)
                try:
                    result[key] = decode(item, arrays, inputs, depth + 1)
                except TypeError:          # an unhashable key
                    return _foreign("dict")
            return result
        if tag == "$arg":
            found = inputs
            for step in value["$arg"]:
                found = found[step]
            return found
        if tag == "$foreign":
            return _foreign(value["$foreign"])
    except (KeyError, IndexError, TypeError, ValueError):
        pass
    return _foreign("malformed")


def paths(value, path=(), found=None, depth=0):
    """{id(object): path} of everything inside a value (tuples, lists, dicts), not the value
    itself.  Ids are only meaningful while the value is alive: keep a reference to it."""
    found = {} if found is None else found
    if depth > _MAX_DEPTH or id(value) in found:
        return found
    if path and isinstance(value, (_ndarray, tuple, list, dict)):
        found[id(value)] = list(path)
    if type(value) in (tuple, list):
        for index, item in enumerate(value):
            paths(item, path + (index,), found, depth + 1)
    elif type(value) is dict:
        for key, item in value.items():
            if type(key) in (str, int):
                paths(item, path + (key,), found, depth + 1)
    return found


def _where(traceback):
    """The last line of the notebook's own code in a traceback ("line 7: Z = ..."), or ""."""
    import linecache

    where = ""
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if code.co_filename != __file__:
            line = linecache.getline(code.co_filename, traceback.tb_lineno).strip()
            if line:
                where = f"line {traceback.tb_lineno}: {line}"[:200]
        traceback = traceback.tb_next
    return where


def serve(request):
    """Kernel side of grading outside the kernel: answer one request of the grader, read from
    the files <request>.json and <request>.npz, with one output of type MIME.

    {"op": "call", "name": n, "args": ..., "kwargs": ...} calls the notebook's function n and
    sends back what it returned (or raised) and its arguments as they are afterwards;
    {"op": "describe", "names": [...]} tells which names are functions, and sends the values
    of the others; {"op": "end"} is end_substitutes()."""
    import base64

    from IPython import get_ipython
    from IPython.display import publish_display_data

    namespace = get_ipython().user_ns
    with open(request + ".json") as handle:
        asked = json.load(handle)
    with np.load(request + ".npz", allow_pickle=False) as stored:
        arrays = {key: stored[key] for key in stored.files}
    answer, out = {}, {}
    if asked["op"] == "call":
        function = namespace.get(asked["name"], _MISSING)
        given = [decode(asked["args"], arrays), decode(asked["kwargs"], arrays)]   # alive while ids are used
        call_args, call_kwargs = given
        inputs = paths(given)
        if function is _MISSING:
            answer["raised"] = {"type": "NameError", "message": f"name '{asked['name']}' is not defined",
                                "where": ""}
        else:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    result = function(*call_args, **call_kwargs)
                answer["returned"] = encode(result, out, inputs)
            except BaseException as error:  # whatever the student's code raised, reported, not raised
                answer["raised"] = {"type": type(error).__name__, "message": str(error)[:2000],
                                    "where": _where(error.__traceback__)}
            answer["after"] = encode(given, out)
    elif asked["op"] == "describe":
        answer["names"] = {}
        for name in asked["names"]:
            value = namespace.get(name, _MISSING)
            if value is _MISSING:
                answer["names"][name] = {"kind": "missing"}
            elif callable(value):
                answer["names"][name] = {"kind": "callable"}
            else:
                answer["names"][name] = {"kind": "value", "value": encode(value, out)}
    elif asked["op"] == "end":
        end_substitutes()
    buffer = io.BytesIO()
    np.savez(buffer, **out)
    publish_display_data({MIME: {"answer": answer, "npz": base64.b64encode(buffer.getvalue()).decode()}})


# ---------------------------------------------------------------------------- self-study


def _selfcheck_data():
    """The contents of cnn_selfcheck.json, or None without the file (a graded edition)."""
    path = Path(SELFCHECK_FILE)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


class _NotFound(LookupError):
    """A self-study lookup that found nothing, with the sentence that says why."""


def _this_notebook():
    """The name of the notebook this kernel runs, or None: JupyterLab gives a notebook's kernel
    its path in JPY_SESSION_NAME."""
    import os

    session = os.environ.get("JPY_SESSION_NAME", "")
    return Path(session).stem if session else None


def _lookup(kind, key, assignment=None):
    """One entry of cnn_selfcheck.json, whose sections ("assignments": full tests by grade_id;
    "solutions", "stubs": code by function) hold one table per assignment.  The table is the
    one of `assignment` if given, else of this notebook (JPY_SESSION_NAME), else the only one
    with that key.  None without the file (a graded edition); _NotFound if there is no such
    entry, or several assignments have one and nothing says which."""
    data = _selfcheck_data()
    if data is None:
        return None
    tables = data.get(kind, {})
    if assignment is None and key in tables.get(_this_notebook() or "", {}):
        assignment = _this_notebook()
    if assignment is not None:
        table = tables.get(assignment)
        if table is None:
            raise _NotFound(f"No assignment {assignment!r}: one of {', '.join(tables)}.")
        if key not in table:
            raise _NotFound(f"No exercise {key.removeprefix('test_')!r} in {assignment}: one of "
                            f"{', '.join(name.removeprefix('test_') for name in table)}.")
        return table[key]
    having = [name for name, table in tables.items() if key in table]
    if len(having) > 1:
        raise _NotFound(f"{key.removeprefix('test_')!r} is an exercise of {' and '.join(having)}: say which, "
                        f"e.g. assignment={having[0]!r}.")
    if not having:
        every = sorted({name.removeprefix("test_") for table in tables.values() for name in table})
        raise _NotFound(f"No exercise named {key.removeprefix('test_')!r}: one of {', '.join(every)}.")
    return tables[having[0]][key]


def _full_tests(assignment):
    """{grade_id: {"points": p, "source": code}} of one assignment from cnn_selfcheck.json, or
    None without the file."""
    data = _selfcheck_data()
    return None if data is None else data["assignments"].get(assignment, {})


def _run_full_test(grade_id, test, namespace):
    """Run one whole test cell in the notebook's namespace, as the autograder does, and
    return (points earned, message).  Printed output is captured; names the test cell
    binds or replaces are restored afterwards, so the notebook is left as it was."""
    saved = dict(namespace)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(test["source"], f"<{grade_id}>", "exec"), namespace)
    except CheckFailed as failure:
        return 0, str(failure)
    except NameError as error:
        return 0, f"{error}: run the cell that defines it first."
    except BaseException as error:  # anything else the test cell raised (SystemExit included)
        return 0, f"{type(error).__name__}: {error}"
    finally:
        end_substitutes()
        for name in set(namespace) - set(saved):
            del namespace[name]
        for name, value in saved.items():
            if namespace.get(name, saved) is not value:
                namespace[name] = value
    return test["points"], ""


def selfcheck(function_name, namespace=None, assignment=None):
    """Check one function against its full test set (hidden cases included) and print the result.
    assignment: which assignment's function, when two have one of that name (in JupyterLab,
    the notebook's own is found without it)."""
    namespace = namespace if namespace is not None else sys._getframe(1).f_globals
    try:
        test = _lookup("assignments", f"test_{function_name}", assignment)
    except _NotFound as missing:
        print(missing)
        return
    if test is None:
        print(f"{function_name}: the hidden checks run when your work is graded "
              "(this edition of the notebook only has the visible checks above).")
        return
    points, message = _run_full_test(f"test_{function_name}", test, namespace)
    if points:
        print(f"\u2714 {function_name}: all checks passed, hidden cases included: {points} / {test['points']} points")
    else:
        print(f"\u2718 {function_name}: 0 / {test['points']} points\n{message}")


def solution(function_name, assignment=None):
    """Print the reference solution of an exercise (self-study: try it yourself first!)."""
    try:
        code = _lookup("solutions", function_name, assignment)
    except _NotFound as missing:
        print(missing)
        return
    if code is None:
        print("The reference solutions come with the self-study edition (make lab in the course's "
              "repository), not with a graded assignment.")
    else:
        print(f"# the reference solution of {function_name} (one of many correct ones)\n\n" + code)


def reset(function_name, assignment=None):
    """Start an exercise again: the cell that runs this becomes the exercise's starting code.
    Then delete (or keep) your old version's cell and run the new one."""
    try:
        stub = _lookup("stubs", function_name, assignment)
    except _NotFound as missing:
        print(missing)
        return
    if stub is None:
        print("Resetting comes with the self-study edition (make lab); in a graded assignment, copy "
              "the exercise's cell from a fresh copy of the notebook.")
        return
    from IPython import get_ipython

    get_ipython().set_next_input(stub, replace=True)
    print(f"This cell now holds {function_name}'s starting code: write your solution and run it.")


def selfcheck_summary(assignment, namespace=None):
    """Run every function's full test set of an assignment; print a table and the autograder's score."""
    namespace = namespace if namespace is not None else sys._getframe(1).f_globals
    tests = _full_tests(assignment)
    if tests is None:
        print("The hidden checks run when your work is graded "
              "(this edition of the notebook only has the visible checks).")
        return
    total = 0
    print(f"{'function':26s} {'result':8s} points")
    for grade_id, test in tests.items():
        points, message = _run_full_test(grade_id, test, namespace)
        total += points
        first_line = message.splitlines()[0] if message else ""
        print(f"{grade_id.removeprefix('test_'):26s} {'passed' if points else 'FAILED':8s} "
              f"{points:3g} / {test['points']:<3g} {first_line}")
    print(f"Score the autograder would give: {total:g} / {sum(t['points'] for t in tests.values()):g}")
