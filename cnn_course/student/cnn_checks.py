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

LANGUAGE = "en"
"""The language of the messages: "en", or "zh" in the copies of the Chinese editions (make release
writes them, cnn_course/editions.py); the Chinese text of every message and hint is the
catalogue _ZH at the end of this file."""

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
    zh = LANGUAGE == "zh"
    lines = [f"{fn}: {_t(problem)}"]
    if case:
        lines.append(f"  {'用例：' if zh else 'case:'}     {case}")
    lines.extend(f"  {_t(line)}" for line in details)
    if hint:
        lines.append(f"  {'提示：' if zh else 'hint:'}     {_t(hint)}")
    raise CheckFailed("\n".join(lines))


# ------------------------------------------------------------------------------- languages

_PLACEHOLDER = __import__("re").compile(r"\{(\w+)\}")
_TEMPLATES = []


def _t(text):
    """A message in the edition's language: with LANGUAGE "zh", its Chinese text from the
    catalogue _ZH (exactly, or through a template whose {placeholders} stand for the parts that
    vary: names, numbers, shapes); the English text when the catalogue has none."""
    if LANGUAGE != "zh" or not text:
        return text
    found = _zh_match(text)
    if found is None:
        return text
    chinese, values = found
    return _PLACEHOLDER.sub(lambda m: _t(values[m.group(1)]) if m.group(1) in values else m.group(0), chinese)


def _zh_match(text):
    """The catalogue's entry for an English message: (its Chinese, {placeholder: the text it stands
    for}), or None if the catalogue has none."""
    found = _ZH.get(text)
    if found is not None:
        return found, {}
    if not _TEMPLATES:
        import re

        for english, chinese in _ZH.items():
            parts = _PLACEHOLDER.split(english)   # text, name, text, name, ..., text
            if len(parts) == 1:
                continue
            groups, regex = {}, ""
            for k, part in enumerate(parts):
                if k % 2 == 0:
                    regex += re.escape(part)
                elif part in groups:               # a name used twice: the same text twice
                    regex += f"(?P={groups[part]})"
                else:
                    groups[part] = f"g{len(groups)}"
                    regex += f"(?P<{groups[part]}>.+?)"
            _TEMPLATES.append((re.compile(regex, re.S), groups, chinese, len("".join(parts[::2]))))
        _TEMPLATES.sort(key=lambda template: -template[3])     # the most specific template first
    for pattern, groups, chinese, _ in _TEMPLATES:
        match = pattern.fullmatch(text)
        if match:
            return chinese, {name: match.group(group) for name, group in groups.items()}
    return None
    found = _ZH.get(text)
    if found is not None:
        return found
    if not _TEMPLATES:
        import re

        for english, chinese in _ZH.items():
            parts = _PLACEHOLDER.split(english)   # text, name, text, name, ..., text
            if len(parts) == 1:
                continue
            groups, regex = {}, ""
            for k, part in enumerate(parts):
                if k % 2 == 0:
                    regex += re.escape(part)
                elif part in groups:               # a name used twice: the same text twice
                    regex += f"(?P={groups[part]})"
                else:
                    groups[part] = f"g{len(groups)}"
                    regex += f"(?P<{groups[part]}>.+?)"
            _TEMPLATES.append((re.compile(regex, re.S), groups, chinese, len("".join(parts[::2]))))
        _TEMPLATES.sort(key=lambda template: -template[3])     # the most specific template first
    for pattern, groups, chinese, _ in _TEMPLATES:
        match = pattern.fullmatch(text)
        if match:
            values = {name: match.group(group) for name, group in groups.items()}
            return _PLACEHOLDER.sub(lambda m: _t(values[m.group(1)]) if m.group(1) in values else m.group(0), chinese)
    return text


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
    if len({json.dumps(tables[name][key], sort_keys=True) for name in having}) == 1:
        having = having[:1]     # the same exercise (an assignment and its Chinese edition): either will do
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
        return 0, _t(f"{error}: run the cell that defines it first.")
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
        print(_t(str(missing)))
        return
    if test is None:
        print(_t(f"{function_name}: the hidden checks run when your work is graded "
              "(this edition of the notebook only has the visible checks above)."))
        return
    points, message = _run_full_test(f"test_{function_name}", test, namespace)
    if points:
        print(_t(f"\u2714 {function_name}: all checks passed, hidden cases included: {points} / {test['points']} points"))
    else:
        print(_t(f"\u2718 {function_name}: 0 / {test['points']} points\n{message}"))


def solution(function_name, assignment=None):
    """Print the reference solution of an exercise (self-study: try it yourself first!)."""
    try:
        code = _lookup("solutions", function_name, assignment)
    except _NotFound as missing:
        print(_t(str(missing)))
        return
    if code is None:
        print(_t("The reference solutions come with the self-study edition (make lab in the course's "
              "repository), not with a graded assignment."))
    else:
        print(_t(f"# the reference solution of {function_name} (one of many correct ones)") + "\n\n" + code)


def reset(function_name, assignment=None):
    """Start an exercise again: the cell that runs this becomes the exercise's starting code.
    Then delete (or keep) your old version's cell and run the new one."""
    try:
        stub = _lookup("stubs", function_name, assignment)
    except _NotFound as missing:
        print(_t(str(missing)))
        return
    if stub is None:
        print(_t("Resetting comes with the self-study edition (make lab); in a graded assignment, copy "
              "the exercise's cell from a fresh copy of the notebook."))
        return
    from IPython import get_ipython

    get_ipython().set_next_input(stub, replace=True)
    print(_t(f"This cell now holds {function_name}'s starting code: write your solution and run it."))


def selfcheck_summary(assignment, namespace=None):
    """Run every function's full test set of an assignment; print a table and the autograder's score."""
    namespace = namespace if namespace is not None else sys._getframe(1).f_globals
    tests = _full_tests(assignment)
    if tests is None:
        print(_t("The hidden checks run when your work is graded "
              "(this edition of the notebook only has the visible checks)."))
        return
    total = 0
    zh = LANGUAGE == "zh"
    print(f"{'函数' if zh else 'function':26s} {'结果' if zh else 'result':8s} {'得分' if zh else 'points'}")
    for grade_id, test in tests.items():
        points, message = _run_full_test(grade_id, test, namespace)
        total += points
        first_line = message.splitlines()[0] if message else ""
        verdict = ("通过" if points else "未通过") if zh else ("passed" if points else "FAILED")
        print(f"{grade_id.removeprefix('test_'):26s} {verdict:8s} {points:3g} / {test['points']:<3g} {first_line}")
    print(_t(f"Score the autograder would give: {total:g} / {sum(t['points'] for t in tests.values()):g}"))


# ------------------------------------------------------------------ the Chinese catalogue

# English message (as the checks and test cells write it; {name}: a part that varies) -> Chinese.
# tests/test_editions.py fails when a message of this module or of a test cell has no entry.
_ZH = {
    "cannot be checked yet: it calls your {helper}, which is not right yet (see {helper}'s test above).":
        "暂时无法检查：它调用了你的 {helper}，而 {helper} 还不正确（见上面 {helper} 的测试）。",
    "fix {helper} first. When your work is graded, {fn} is checked with a correct {helper}, so its points do not "
    "depend on {helper}'s.":
        "请先修正 {helper}。正式评分时，{fn} 会搭配一个正确的 {helper} 来检查，所以 {fn} 的得分不受 {helper} 影响。",
    "is not implemented yet.": "尚未实现。",
    "replace `raise NotImplementedError()` with your code, then run its cell again.":
        "把 `raise NotImplementedError()` 换成你的代码，然后重新运行它所在的单元格。",
    "should return a tuple ({join_returns}), got {got}.": "应当返回一个元组 ({join_returns})，实际返回的是 {got}。",
    "end the function with: return {join_returns}": "函数的最后一行应当是：return {join_returns}",
    "{name} should be a single number, got an array of shape {got_shape}.":
        "{name} 应当是单个数，实际得到的是形状为 {got_shape} 的数组。",
    "take the number out of a (1, 1, 1) array with b.item() or b[0, 0, 0] (float(b) raises on numpy 2).":
        "用 b.item() 或 b[0, 0, 0] 从形状为 (1, 1, 1) 的数组中取出那个数（在 numpy 2 上 float(b) 会报错）。",
    "{name} should be a number, got {type_got___name}.": "{name} 应当是一个数，实际得到的是 {type_got___name}。",
    "lower case first: text.lower() (it is right on the lower-cased sentence).":
        "先转成小写：text.lower()（对已经转成小写的句子，你的结果是对的）。",
    "empty tokens: split at any white space with text.split() (split(' ') gives '' between spaces).":
        "出现了空词元：用 text.split() 按任意空白切分（split(' ') 会在相邻的空格之间产生 ''）。",
    "lower case first: text.lower().": "先转成小写：text.lower()。",
    "apostrophes at the start and end of a token (quotation marks) are stripped: token.strip(\"'\").":
        "词元开头和结尾的撇号（即引号）要去掉：token.strip(\"'\")。",
    "{name} should be a real number, got {type_got___name} of dtype {got_dtype}.":
        "{name} 应当是实数，实际得到的是数据类型为 {got_dtype} 的 {type_got___name}。",
    "{name} has the wrong value.": "{name} 的值不对。",
    "{name} should be a numpy array, got {type_got___name}.":
        "{name} 应当是 numpy 数组，实际得到的是 {type_got___name}。",
    "build the result with numpy (np.zeros, np.pad, ...), not a list.":
        "用 numpy（np.zeros、np.pad 等）构造结果，不要用列表。",
    "{name} has the wrong shape.": "{name} 的形状不对。",
    "expected shape {expected_shape}": "期望形状： {expected_shape}",
    "got shape      {got_shape}   ({where})": "实际形状： {got_shape}   （{where}）",
    "{name} has dtype {got_dtype}; expected {or_join_sorted_map_str_allowed}.":
        "{name} 的数据类型是 {got_dtype}，期望的是 {or_join_sorted_map_str_allowed}。",
    "start from np.zeros(shape) (float64) and do not round or cast the result.":
        "从 np.zeros(shape)（float64）开始，不要对结果取整或转换类型。",
    "{name} has wrong values.": "{name} 的数值有误。",
    "first wrong entry: {name}{list_first}   expected {fmt_expected_first}   got {fmt_got_first}":
        "第一个错误元素：{name}{list_first}   期望 {fmt_expected_first}   实际 {fmt_got_first}",
    "                   ({count} of {expected_size} entries differ)":
        "                （{expected_size} 个元素中有 {count} 个不同）",
    "{name} should be a list of strings, got {kind}.": "{name} 应当是字符串列表，实际得到的是 {kind}。",
    "text.split() gives a list of strings.": "text.split() 返回的就是字符串列表。",
    "{name} differ from position {at} on.": "{name} 从位置 {at} 开始与期望不同。",
    "expected {len_expected} tokens: ... {expected_window} ...":
        "期望 {len_expected} 个词元：... {expected_window} ...",
    "got      {len_got} tokens: ... {got_window} ...": "实际 {len_got} 个词元：... {got_window} ...",
    # these two after the detail lines they would swallow ("expected shape ...", "... tokens: ..."):
    # _t tries the templates in this order
    "expected {fmt_expected}": "期望：     {fmt_expected}",
    "got      {fmt_got_value}": "实际：     {fmt_got_value}",
    "changed {name} in place.": "原地修改了 {name}。",
    "work on a copy (or on new arrays): callers still need {name} as it was.":
        "在副本（或新数组）上计算：调用者之后还要用到原来的 {name}。",
    "cache should be a tuple ({join_names}).": "cache 应当是元组 ({join_names})。",
    "return cache = ({join_names}).": "返回 cache = ({join_names})。",
    "got {type_got___name} of length {len_got}": "实际：长度为 {len_got} 的 {type_got___name}",
    "{key_removeprefix_test} is an exercise of {and_join_having}: say which, e.g. assignment={having_0}.":
        "练习 {key_removeprefix_test} 同时属于 {and_join_having}：请指明是哪一个，例如 assignment={having_0}。",
    "No exercise named {key_removeprefix_test}: one of {join_every}.":
        "没有名为 {key_removeprefix_test} 的练习；可选的有：{join_every}。",
    "This cell now holds {function_name}'s starting code: write your solution and run it.":
        "这个单元格现在是 {function_name} 的初始代码：写好你的解答，然后运行它。",
    "Score the autograder would give: {total} / {sum_t_points_for_t_in_tests_values}":
        "自动评分系统将给出的分数：{total} / {sum_t_points_for_t_in_tests_values}",
    "raised {type_error___name}: {error}": "抛出了 {type_error___name}：{error}",
    "call the function on this case yourself to see where.": "自己用这个用例调用该函数，看看错误出在哪里。",
    "{name} should hold integers (token ids, positions, counts), got dtype {got_dtype}.":
        "{name} 应当存放整数（词元 id、位置、计数），实际的数据类型是 {got_dtype}。",
    "make it an integer array: np.zeros(shape, dtype=np.int64), np.array(..., dtype=np.int64).":
        "把它做成整数数组：np.zeros(shape, dtype=np.int64)、np.array(..., dtype=np.int64)。",
    "{name} should be a boolean mask (True/False), got dtype {got_dtype}.":
        "{name} 应当是布尔掩码（True/False），实际的数据类型是 {got_dtype}。",
    "compare the window with its maximum: x == np.max(x).": "把窗口与它的最大值比较：x == np.max(x)。",
    "cache item '{item_name}' is not the {item_name} that was passed in.":
        "cache 中的 '{item_name}' 不是传入的那个 {item_name}。",
    "return cache = ({join_names}), with the inputs as they were given.":
        "返回 cache = ({join_names})，其中的输入保持传入时的原样。",
    "No assignment {assignment}: one of {join_tables}.": "没有作业 {assignment}；可选的有：{join_tables}。",
    "No exercise {key_removeprefix_test} in {assignment}: one of {join_name_removeprefix_test__for_name_in_table}.":
        "{assignment} 中没有练习 {key_removeprefix_test}；可选的有："
        "{join_name_removeprefix_test__for_name_in_table}。",
    "{function_name}: the hidden checks run when your work is graded (this edition of the notebook only has the "
    "visible checks above).":
        "{function_name}：隐藏检查在正式评分时才运行（这一版 notebook 只有上面那些可见的检查）。",
    "✔ {function_name}: all checks passed, hidden cases included: {points} / {test_points} points":
        "✔ {function_name}：全部检查通过（包括隐藏用例）：{points} / {test_points} 分",
    "✘ {function_name}: 0 / {test_points} points\n{message}": "✘ {function_name}：0 / {test_points} 分\n{message}",
    "The reference solutions come with the self-study edition (make lab in the course's repository), not with a "
    "graded assignment.":
        "参考答案只随自学版提供（在课程仓库中运行 make lab），评分用的作业中没有。",
    "Resetting comes with the self-study edition (make lab); in a graded assignment, copy the exercise's cell from a "
    "fresh copy of the notebook.":
        "重置功能只在自学版中提供（make lab）；在评分用的作业中，请从一份全新的 notebook 中复制该练习的单元格。",
    "The hidden checks run when your work is graded (this edition of the notebook only has the visible checks).":
        "隐藏检查在正式评分时才运行（这一版 notebook 只有可见的检查）。",
    "{error}: run the cell that defines it first.": "{error}：请先运行定义它的单元格。",
    "# the reference solution of {function_name} (one of many correct ones)":
        "# {function_name} 的参考答案（众多正确写法之一）",
    "float() of an array raises on numpy 2 unless it holds exactly one number, and even then it is deprecated: take "
    "the number out of a (1, 1, 1) array with b.item() (or b[0, 0, 0]).":
        "在 numpy 2 上，对数组调用 float() 会报错，除非它恰好只含一个数，而即使那样这种用法也已弃用：请用 "
        "b.item()（或 b[0, 0, 0]）从形状为 (1, 1, 1) 的数组中取出那个数。",
    "np.{0} was removed from numpy (1.24): write {0}(...) for a Python number, np.{0}64 for the dtype; to take the "
    "number out of a (1, 1, 1) array, use b.item().":
        "np.{0} 已从 numpy 中移除（1.24）：要得到 Python 数请写 {0}(...)，要表示数据类型请写 np.{0}64；要从形状为 "
        "(1, 1, 1) 的数组中取出那个数，请用 b.item()。",
    "sizes and positions must be integers: use // (n_H = (n_H_prev + 2 * pad - f) // stride + 1); / gives a float, "
    "and int(... / ...) rounds the wrong way for negative numbers.":
        "尺寸和位置必须是整数：请用 //（n_H = (n_H_prev + 2 * pad - f) // stride + 1）；/ 得到的是浮点数，而 int(... "
        "/ ...) 对负数的取整方向是错的。",
    "a_slice_prev and W must have the same shape (f, f, n_C_prev): multiply them entry by entry, then sum.":
        "a_slice_prev 和 W 的形状必须相同，都是 (f, f, n_C_prev)：先逐元素相乘，再求和。",
    "a window is f x f over all channels of the padded input: A_prev_pad[i, vert_start:vert_start + f, "
    "horiz_start:horiz_start + f, :] (slice A_prev_pad, not A_prev), and filter c is W[:, :, :, c].":
        "一个窗口是填充后的输入上 f x f 大小、包含所有通道的区域：A_prev_pad[i, vert_start:vert_start + f, "
        "horiz_start:horiz_start + f, :]（切片的是 A_prev_pad，不是 A_prev），第 c 个滤波器是 W[:, :, :, c]。",
    "a window is f x f in one channel: A_prev[i, vert_start:vert_start + f, horiz_start:horiz_start + f, c].":
        "一个窗口是单个通道中 f x f 大小的区域：A_prev[i, vert_start:vert_start + f, horiz_start:horiz_start + f, "
        "c]。",
    "the window of A_prev_pad and of dA_prev_pad is f x f: [vert_start:vert_start + f, horiz_start:horiz_start + f, "
    ":]; dW[:, :, :, c] and W[:, :, :, c] are (f, f, n_C_prev).":
        "A_prev_pad 和 dA_prev_pad 上的窗口都是 f x f：[vert_start:vert_start + f, horiz_start:horiz_start + f, :]；"
        "dW[:, :, :, c] 和 W[:, :, :, c] 的形状是 (f, f, n_C_prev)。",
    "the gradient of one window is f x f: the mask of A_prev's f x f window, or distribute_value(da, (f, f)), not "
    "(n_H, n_W).":
        "一个窗口的梯度是 f x f 的：A_prev 中 f x f 窗口的掩码，或 distribute_value(da, (f, f))，而不是 (n_H, n_W)。",
    "return an array of the given shape: np.ones(shape) * average.": "返回给定形状的数组：np.ones(shape) * average。",
    "return the mask itself, the same shape as x: x == np.max(x).": "返回掩码本身，形状与 x 相同：x == np.max(x)。",
    "overlapping windows add up (+=); unpad with [pad:pad + n_H_prev], which also works for pad 0.":
        "重叠的窗口要累加（+=）；用 [pad:pad + n_H_prev] 去掉填充，这在 pad 为 0 时也适用。",
    "dW[p, q, c, k] sums, over the images and positions, the window entry (p, q, c) times dZ[..., k]: contract the "
    "windows' m, n_H, n_W axes with dZ's.":
        "dW[p, q, c, k] 是窗口元素 (p, q, c) 乘以 dZ[..., k]，再对所有图像和位置求和：把窗口的 m、n_H、n_W 轴与 dZ 的"
        "这三个轴做缩并。",
    "db sums dZ over the images and positions (axes 0, 1, 2), keeping shape (1, 1, 1, n_C).":
        "db 是 dZ 对所有图像和位置（轴 0、1、2）求和，保持形状 (1, 1, 1, n_C)。",
    "Z has shape (m, n_H, n_W, n_C): contract the windows' (f, f, n_C_prev) axes with W's first three, and add b "
    "once per output.":
        "Z 的形状是 (m, n_H, n_W, n_C)：把窗口的 (f, f, n_C_prev) 三个轴与 W 的前三个轴做缩并，每个输出只加一次 b。",
    "db sums dZ over the batch (axis 0), keeping shape (1, k).":
        "db 是 dZ 对整个小批量（轴 0）求和，保持形状 (1, k)。",
    "dW = A^T dZ, shape (n, k).": "dW = A^T dZ，形状为 (n, k)。",
    "dA = dZ W^T, shape (m, n).": "dA = dZ W^T，形状为 (m, n)。",
    "numbers and arrays were put in one list (np.sum([Z, b]) mixes a number and a (1, 1, 1) array): add them "
    "instead, Z + b.item().":
        "把数和数组放进了同一个列表（np.sum([Z, b]) 混合了一个数和一个 (1, 1, 1) 数组）：应当直接相加，即 Z + "
        "b.item()。",
    "a size was divided by 0: is stride read from hparameters['stride'] (and pad from hparameters['pad'])?":
        "某个尺寸除以了 0：stride 是否从 hparameters['stride'] 读取（pad 是否从 hparameters['pad'] 读取）？",
    "hparameters has no key {message}: conv layers use hparameters['stride'] and ['pad'], pooling layers ['stride'] "
    "and ['f'].":
        "hparameters 中没有键 {message}：卷积层用 hparameters['stride'] 和 ['pad']，池化层用 ['stride'] 和 ['f']。",
    "an index ran past the edge of an array: f = W.shape[0] (W[1] does not exist when f = 1), n_H = (n_H_prev + 2 * "
    "pad - f) // stride + 1, and a window starts at h * stride.":
        "索引越过了数组的边界：f = W.shape[0]（f = 1 时 W[1] 不存在），n_H = (n_H_prev + 2 * pad - f) // stride + 1，"
        "窗口从 h * stride 开始。",
    "return the mask itself, the same shape as x (x == np.max(x)), not x[...], which picks out the maximal entries.":
        "返回掩码本身，形状与 x 相同（x == np.max(x)），而不是 x[...]：后者取出的是那些最大的元素。",
    "the output's width comes from the input's width: n_W = (n_W_prev + 2 * pad - f) // stride + 1 (n_W_prev, not "
    "n_H_prev).":
        "输出的宽度由输入的宽度决定：n_W = (n_W_prev + 2 * pad - f) // stride + 1（用 n_W_prev，不是 n_H_prev）。",
    "every entry is {fmt_k} times the right one.": "每个元素都是正确值的 {fmt_k} 倍。",
    "the gradient lands only near the top-left corner: each window starts at vert_start = h * stride, horiz_start = "
    "w * stride (not h, w), and ends f later.":
        "梯度只落在左上角附近：每个窗口从 vert_start = h * stride、horiz_start = w * stride 开始（不是 h、w），往后 "
        "f 个位置结束。",
    "the first window is right and the next ones are not: a window's top-left corner moves by `stride` (vert_start = "
    "h * stride, horiz_start = w * stride) and the window is f wide.":
        "第一个窗口对了，后面的不对：窗口的左上角每次移动 `stride`（vert_start = h * stride，horiz_start = w * "
        "stride），窗口宽为 f。",
    "every channel got the same value: pool each channel on its own (the window's channel c only).":
        "每个通道得到的值都一样：要对每个通道分别池化（只取窗口的第 c 个通道）。",
    "every entry is {fmt_k} times the right one: an average divides the sum by the number of entries of the window "
    "(n_H * n_W, or f * f).":
        "每个元素都是正确值的 {fmt_k} 倍：平均值是总和除以窗口的元素个数（n_H * n_W，或 f * f）。",
    "with pad = 0, X[pad:-pad] is empty: unpad with X[pad:pad + n_H_prev, pad:pad + n_W_prev]; windows overlap, so "
    "accumulate with +=.":
        "pad = 0 时 X[pad:-pad] 是空的：用 X[pad:pad + n_H_prev, pad:pad + n_W_prev] 去掉填充；窗口会重叠，所以要用 "
        "+= 累加。",
    "dW[:, :, :, c] += a_slice * dZ[i, h, w, c] over every window.":
        "对每个窗口累加：dW[:, :, :, c] += a_slice * dZ[i, h, w, c]。",
    "db[:, :, :, c] is the sum of dZ[:, :, :, c].": "db[:, :, :, c] 是 dZ[:, :, :, c] 的总和。",
    "use the same window corners as conv_forward and accumulate with +=.":
        "使用与 conv_forward 相同的窗口角点，并用 += 累加。",
    "{name} has the shape of {name_1_if_name_dA_prev_else_A_prev}.":
        "{name} 的形状应当与 {name_1_if_name_dA_prev_else_A_prev} 相同。",
    "check the window corners (end = start + f) and the bias (added once per output).":
        "检查窗口的角点（end = start + f）和偏置（每个输出只加一次）。",
    "windows are f = 3 wide whatever the stride: vert_end = vert_start + f; n_H = (4 - 3) // 2 + 1 = 1.":
        "无论步幅是多少，窗口宽度都是 f = 3：vert_end = vert_start + f；n_H = (4 - 3) // 2 + 1 = 1。",
    "n_H = (n_H_prev + 2 * pad - f) // stride + 1 = (4 + 4 - 2) // 2 + 1 = 4.":
        "n_H = (n_H_prev + 2 * pad - f) // stride + 1 = (4 + 4 - 2) // 2 + 1 = 4。",
    "Z = np.sum(a_slice_prev * W) + b.item(): the bias is added once, after the sum.":
        "Z = np.sum(a_slice_prev * W) + b.item()：偏置只加一次，在求和之后。",
    "sum every product of the window and the filter, then add b once (not inside the sum).":
        "把窗口与滤波器的所有乘积求和，然后加一次 b（不要在求和里面加）。",
    "True exactly where x equals its maximum: x == np.max(x).":
        "恰好在 x 等于其最大值的位置为 True：x == np.max(x)。",
    "compare with the maximum of the whole window (np.max(x)), not with 0 or a row maximum.":
        "与整个窗口的最大值（np.max(x)）比较，不是与 0 或某一行的最大值比较。",
    "every entry is dz / (n_H * n_W).": "每个元素都是 dz / (n_H * n_W)。",
    "divide by the number of entries n_H * n_W (true division /, not //), and use shape = (n_H, n_W).":
        "除以元素个数 n_H * n_W（用真除法 /，不是 //），并使用 shape = (n_H, n_W)。",
    "route dA[i, h, w, c] into the window of output (h, w) and accumulate with +=.":
        "把 dA[i, h, w, c] 送回输出 (h, w) 所对应的窗口，并用 += 累加。",
    "the gradient of output (h, w) is dA[i, h, w, c], not dA at the window corner [i, vert_start, horiz_start, c].":
        "输出 (h, w) 的梯度是 dA[i, h, w, c]，而不是窗口角点 [i, vert_start, horiz_start, c] 处的 dA。",
    "dA_prev has the shape of A_prev.": "dA_prev 的形状应当与 A_prev 相同。",
    "n_H = (n_H_prev - f) // stride + 1; take np.max or np.mean of one channel of each f x f window.":
        "n_H = (n_H_prev - f) // stride + 1；对每个 f x f 窗口的单个通道取 np.max 或 np.mean。",
    "window corners: start = h * stride, end = start + f; n_H = (n_H_prev - f) // stride + 1; pool each channel on "
    "its own.":
        "窗口角点：start = h * stride，end = start + f；n_H = (n_H_prev - f) // stride + 1；对每个通道分别池化。",
    "rows 0 and 1 of every padded image are padding: they must be 0.":
        "每张填充后的图像的第 0 行和第 1 行都是填充：它们必须为 0。",
    "the original image must sit in the middle, unchanged.": "原图像必须原样位于中间。",
    "pad only the height and width axes: ((0, 0), (pad, pad), (pad, pad), (0, 0)).":
        "只填充高度和宽度这两个轴：((0, 0), (pad, pad), (pad, pad), (0, 0))。",
    "pad only axes 1 and 2 (height, width) by `pad` on both sides, with zeros.":
        "只在轴 1 和轴 2（高度、宽度）的两侧各用 0 填充 `pad` 个位置。",
    "with the bias correction v_hat = v / (1 - beta1 ** t), s_hat = s / (1 - beta2 ** t), at t = 1 v_hat = g and "
    "s_hat = g^2, so every parameter moves by about learning_rate.":
        "有了偏差修正 v_hat = v / (1 - beta1 ** t)、s_hat = s / (1 - beta2 ** t)，在 t = 1 时 v_hat = g、s_hat = "
        "g^2，所以每个参数大约移动 learning_rate。",
    "v = beta1 v + (1 - beta1) g": "v = beta1 v + (1 - beta1) g",
    "s = beta2 s + (1 - beta2) g^2": "s = beta2 s + (1 - beta2) g^2",
    "correct the bias with the step number t: v / (1 - beta1 ** t), s / (1 - beta2 ** t).":
        "用步数 t 做偏差修正：v / (1 - beta1 ** t)，s / (1 - beta2 ** t)。",
    "use the arguments beta1, beta2, epsilon and t (not fixed numbers).":
        "使用参数 beta1、beta2、epsilon 和 t（不要用固定的数）。",
    "{hint} (A_prev, W, b, hparameters = cache)": "{hint}（A_prev, W, b, hparameters = cache）",
    "overlapping windows add up (+=); unpad with [pad:pad + n_H_prev], which works for pad 0.":
        "重叠的窗口要累加（+=）；用 [pad:pad + n_H_prev] 去掉填充，这在 pad 为 0 时同样适用。",
    "n_H = (n_H_prev + 2 pad - f) // stride + 1; keep every stride-th window; add b once.":
        "n_H = (n_H_prev + 2 pad - f) // stride + 1；每隔 stride 个位置取一个窗口；b 只加一次。",
    "A, W, b = cache": "A, W, b = cache",
    "dA = dZ W^T": "dA = dZ W^T",
    "dW = A^T dZ": "dW = A^T dZ",
    "db sums dZ over the batch, keeping shape (1, k).": "db 是 dZ 对整个小批量求和，保持形状 (1, k)。",
    "the relative error of the gradient is {float_error}, above 1e-6.":
        "梯度的相对误差是 {float_error}，超过了 1e-6。",
    "look at each parameter's error printed above: the largest points at the layer to look at.":
        "看看上面打印出的每个参数的误差：误差最大的那个参数指出了要检查的层。",
    "should return a dict of gradients, got {type_grads___name}.":
        "应当返回一个梯度字典，实际得到的是 {type_grads___name}。",
    'grads = {"dW1": ..., "db1": ..., ...}': 'grads = {"dW1": ..., "db1": ..., ...}',
    "grads has no key 'd{name}'.": "grads 中没有键 'd{name}'。",
    'keys "dW1", "db1", "dW2", "db2", "dW3", "db3".': '键是 "dW1", "db1", "dW2", "db2", "dW3", "db3"。',
    "walk back through the layers in reverse order, each with its own cache.":
        "按相反的顺序逐层反向传播，每一层用它自己的缓存。",
    "CONV -> RELU -> MAXPOOL -> CONV -> RELU -> MAXPOOL -> FLATTEN -> FC.":
        "CONV -> RELU -> MAXPOOL -> CONV -> RELU -> MAXPOOL -> FLATTEN -> FC。",
    "caches should be a tuple of 8 items.": "caches 应当是含 8 个元素的元组。",
    "caches = (conv1, relu1, pool1, conv2, relu2, pool2, P2.shape, fc), in this order":
        "caches = (conv1, relu1, pool1, conv2, relu2, pool2, P2.shape, fc)，按这个顺序",
    "caches[6] should be P2.shape = (2, 2, 2, 6), got {caches_6}.":
        "caches[6] 应当是 P2.shape = (2, 2, 2, 6)，实际是 {caches_6}。",
    "CONV -> RELU -> MAXPOOL -> CONV -> RELU -> MAXPOOL -> FLATTEN -> FC, with HP_CONV and HP_POOL.":
        "CONV -> RELU -> MAXPOOL -> CONV -> RELU -> MAXPOOL -> FLATTEN -> FC，使用 HP_CONV 和 HP_POOL。",
    "caches[6] should be P2.shape = {P2_shape}.": "caches[6] 应当是 P2.shape = {P2_shape}。",
    "{hint} (A_prev, hparameters = cache)": "{hint}（A_prev, hparameters = cache）",
    "each window sends dA[i, h, w, c] to its own f x f positions; overlapping windows add up.":
        "每个窗口把 dA[i, h, w, c] 送到它自己的 f x f 个位置上；重叠的窗口要累加。",
    "reduce each window over its f x f positions (not over channels).":
        "对每个窗口在它的 f x f 个位置上做归约（不是在通道上）。",
    "predictions should be an integer array of shape (7,).": "predictions 应当是形状为 (7,) 的整数数组。",
    "np.argmax(logits, axis=1) of each batch, concatenated.":
        "对每个小批量取 np.argmax(logits, axis=1)，再拼接起来。",
    "the argmax over the classes (axis=1) of each batch's logits, batches in order.":
        "每个小批量的 logits 在类别轴（axis=1）上取 argmax，各小批量按顺序排列。",
    "predictions should be an integer array of shape ({m},).": "predictions 应当是形状为 ({m},) 的整数数组。",
    "predict every image exactly once, the batches in order.": "每张图像恰好预测一次，各小批量按顺序处理。",
    "model_forward was called on batches of {batches_6}...": "model_forward 被调用时各小批量的大小是 {batches_6}...",
    "pass model_forward at most batch_size = {batch_size} images at a time, each image once.":
        "每次最多传给 model_forward batch_size = {batch_size} 张图像，每张图像只传一次。",
    "use the Z stored in the cache: Z = cache.": "使用缓存中保存的 Z：Z = cache。",
    "the gradient passes where Z > 0 (at Z = 0 it is 0 here).": "梯度只在 Z > 0 处通过（这里在 Z = 0 处梯度为 0）。",
    "Z = cache": "Z = cache",
    "the mean over the batch of -log p[i, y[i]].": "对小批量求 -log p[i, y[i]] 的平均值。",
    "(softmax(logits) - one_hot(y)) / m": "(softmax(logits) - one_hot(y)) / m",
    "subtract each row's largest logit before np.exp, and use log-sum-exp: exp(1000) overflows.":
        "在 np.exp 之前先减去每一行最大的 logit，并使用 log-sum-exp：exp(1000) 会溢出。",
    "the target is (1 - 0.1) one_hot(y) + 0.1 / K for every class.":
        "每个类别的目标值是 (1 - 0.1) one_hot(y) + 0.1 / K。",
    "state['t'] is {state_v_t} after one step.": "一步之后 state['t'] 是 {state_v_t}。",
    "increase state['t'] by one at each step, before using it.": "每一步都先把 state['t'] 加一，再使用它。",
    "at t = 1 the bias-corrected m_hat = g and v_hat = g^2: every parameter moves by about learning_rate.":
        "在 t = 1 时，经过偏差修正的 m_hat = g、v_hat = g^2：每个参数大约移动 learning_rate。",
    "a parameter without a gradient (no 'dE' in grads) stays as it is.":
        "没有梯度的参数（grads 中没有 'dE'）保持不变。",
    "should return (parameters, state): a dict of every parameter and the state dict.":
        "应当返回 (parameters, state)：包含所有参数的字典，以及状态字典。",
    "return the parameters without a gradient too (unchanged).": "没有梯度的参数也要返回（保持不变）。",
    "state['t'] is {state_get_t} after step {t}.": "第 {t} 步之后 state['t'] 是 {state_get_t}。",
    "state['t'] += 1 at each step.": "每一步执行 state['t'] += 1。",
    "a parameter without a gradient stays as it is.": "没有梯度的参数保持不变。",
    "use the arguments beta1, beta2, epsilon and the step number state['t'] (bias correction 1 - beta ** t).":
        "使用参数 beta1、beta2、epsilon 和步数 state['t']（偏差修正 1 - beta ** t）。",
    "position t + p gets dZ[t] @ W[p].T from every window t that covers it: the windows overlap, so add (+=).":
        "位置 t + p 从每个覆盖它的窗口 t 得到 dZ[t] @ W[p].T：窗口会重叠，所以要累加（+=）。",
    "dW[p, :, k] = sum over i, t of dZ[i, t, k] * X[i, t + p, :].":
        "dW[p, :, k] 等于 dZ[i, t, k] * X[i, t + p, :] 对 i、t 求和。",
    "db sums dZ over sentences and positions.": "db 是 dZ 对所有句子和位置求和。",
    "Z[i, t, k] = sum(X[i, t:t + w, :] * W[:, :, k]) + b[0, k] for t = 0 .. T - w (the last window starts at T - w); "
    "numpy's sliding-window view puts the window's w axis last: (m, n_T, d, w).":
        "对 t = 0 .. T - w，Z[i, t, k] = sum(X[i, t:t + w, :] * W[:, :, k]) + b[0, k]（最后一个窗口从 T - w 开始）；"
        "numpy 的滑动窗口视图把窗口的 w 轴放在最后：(m, n_T, d, w)。",
    "add the bias b once per output: + b.reshape(1, 1, F).": "每个输出加一次偏置 b：+ b.reshape(1, 1, F)。",
    "Z has T - w + 1 positions: the last window starts at T - w.":
        "Z 有 T - w + 1 个位置：最后一个窗口从 T - w 开始。",
    "each entry is either dropped (0) or kept and divided by 1 - p (here: doubled).":
        "每个元素要么被丢弃（为 0），要么被保留并除以 1 - p（这里就是乘以 2）。",
    "divide the kept entries by 1 - p (inverted dropout), so that the expected output is X.":
        "把保留的元素除以 1 - p（即 inverted dropout），使输出的期望值等于 X。",
    "kept {kept} of the entries with p = 0.5.": "p = 0.5 时保留了 {kept} 的元素。",
    "drop each entry with probability p: keep where rng.random(X.shape) >= p.":
        "以概率 p 丢弃每个元素：在 rng.random(X.shape) >= p 的位置保留。",
    "the gradient flows through the kept entries only, scaled like them: dout * mask.":
        "梯度只流过被保留的元素，并且和它们一样缩放：dout * mask。",
    "at test time (train=False) the output is X itself: nothing dropped, nothing scaled.":
        "测试时（train=False）输出就是 X 本身：既不丢弃，也不缩放。",
    "at test time nothing is scaled either: inverted dropout scales while training.":
        "测试时也不做任何缩放：inverted dropout 在训练时就已经缩放过了。",
    "kept {kept} of the entries; with p = {p} about {1_p} should be kept.":
        "保留了 {kept} 的元素；p = {p} 时应当保留约 {1_p}。",
    "p is the probability of DROPPING an entry: keep where rng.random(X.shape) >= p.":
        "p 是“丢弃”一个元素的概率：在 rng.random(X.shape) >= p 的位置保留。",
    "dropped the same entries with two different random generators.": "用两个不同的随机数生成器丢弃了相同的元素。",
    "draw the mask from the rng argument: rng.random(X.shape) (not a fixed seed, not np.random).":
        "用参数 rng 生成掩码：rng.random(X.shape)（不要用固定的种子，也不要用 np.random）。",
    "with the cache None (nothing dropped), dX = dout.": "缓存为 None 时（没有丢弃任何元素），dX = dout。",
    "X = E[ids]: one row of E per id.": "X = E[ids]：每个 id 对应 E 的一行。",
    "words 3 and 0 appear twice: their gradients must add up. dE[ids] += dX keeps only one of them; use "
    "np.add.at(dE, ids, dX) or a loop.":
        "词 3 和词 0 各出现了两次：它们的梯度必须累加。dE[ids] += dX 只会保留其中一个；请用 np.add.at(dE, ids, dX) 或"
        "循环。",
    "the padding id 0 gets its gradient too (the training loop keeps that row fixed, not embedding_backward).":
        "填充 id 0 也要得到它的梯度（让那一行保持不变的是训练循环，不是 embedding_backward）。",
    "sum over the batch: do not divide by the number of sentences.": "对小批量求和：不要除以句子数。",
    "repeated words must add up: dE[ids] = dX (or +=) keeps one gradient per word; use np.add.at(dE, "
    "ids.reshape(-1), dX.reshape(-1, d)).":
        "重复出现的词，梯度必须累加：dE[ids] = dX（或 +=）对每个词只保留一个梯度；请用 np.add.at(dE, "
        "ids.reshape(-1), dX.reshape(-1, d))。",
    "only positions t < lengths[i] count: sentence 0's position 3 (the 9.0) is padding.":
        "只有 t < lengths[i] 的位置才算数：句子 0 的位置 3（那个 9.0）是填充。",
    "dP[i, k] goes to the one position that won the maximum (the first, if several tie), 0 elsewhere.":
        "dP[i, k] 只传给取得最大值的那一个位置（若有多个并列，取第一个），其他位置为 0。",
    "the gradient of {join_wrong} is wrong (relative error up to {errors_worst}).":
        "{join_wrong} 的梯度不对（相对误差最大达 {errors_worst}）。",
    "only dE is wrong: the three branches' dX add up (dX = dX3 + dX4 + dX5) before embedding_backward.":
        "只有 dE 不对：三个分支的 dX 要先相加（dX = dX3 + dX4 + dX5），再传给 embedding_backward。",
    "the fc layer's gradients are right and those before it are not: go back through dropout_backward(dH, "
    "dropout_cache) first, then split dH into blocks of F columns in the order of WIDTHS.":
        "全连接层的梯度是对的，它之前的层不对：先经过 dropout_backward(dH, dropout_cache) 反向传播，再按 WIDTHS 的顺"
        "序把 dH 切成每块 F 列。",
    "check the backward layers that lead to it, in reverse order of the forward pass.":
        "按与前向传播相反的顺序，检查通向它的各个反向传播层。",
    "grads should be a dict with the keys {sorted_want}; missing {sorted_set_want_set_grads}.":
        "grads 应当是包含键 {sorted_want} 的字典；缺少 {sorted_set_want_set_grads}。",
    "grads should be a dict with the keys {sorted_want}.": "grads 应当是包含键 {sorted_want} 的字典。",
    "name each gradient \"d\" + the parameter's name: grads[\"dW3\"], grads[\"dE\"], ...":
        '每个梯度的名字是 "d" 加上参数名：grads["dW3"], grads["dE"], ...',
    "the cache is not (embedding_cache, branch_caches, dropout_cache, fc_cache).":
        "缓存不是 (embedding_cache, branch_caches, dropout_cache, fc_cache)。",
    "return (embedding_cache, [(conv_cache, relu_cache, pool_cache) for each width], dropout_cache, fc_cache).":
        "返回 (embedding_cache, [每个宽度的 (conv_cache, relu_cache, pool_cache)], dropout_cache, fc_cache)。",
    "embedding -> for w in WIDTHS: conv1d -> relu -> max over time; concatenate (width 3 first) -> dropout -> fc.":
        "词嵌入 -> 对 WIDTHS 中的每个 w：conv1d -> relu -> 时间维最大池化；拼接（宽度 3 在前）-> dropout -> fc。",
    "return (embedding_cache, [(conv_cache, relu_cache, pool_cache) for each width], dropout_cache, fc_cache), the "
    "caches as the layers returned them.":
        "返回 (embedding_cache, [每个宽度的 (conv_cache, relu_cache, pool_cache)], dropout_cache, fc_cache)，每个缓存"
        "都保持各层返回时的原样。",
    "its cache does not give the right gradients in a correct model_backward.":
        "用它的缓存，即使是正确的 model_backward 也算不出正确的梯度。",
    "keep each layer's cache as the layer returned it, in the order of the docstring.":
        "每一层的缓存都保持该层返回时的原样，并按文档字符串中的顺序排列。",
    "each sentence from position 0, then zeros; T = the longest sentence (here 6).":
        "每个句子从位置 0 开始写，后面补 0；T = 最长句子的长度（这里是 6）。",
    "left-align: the sentence starts at position 0, the zeros come after it.":
        "左对齐：句子从位置 0 开始，0 补在它后面。",
    "lengths[i] = len(sequences[i]), the number of real tokens (not T).":
        "lengths[i] = len(sequences[i])，即真实词元的个数（不是 T）。",
    "use the Z stored in the cache.": "使用缓存中保存的 Z。",
    "the gradient passes where Z > 0 (at Z = 0 it is 0).": "梯度只在 Z > 0 处通过（在 Z = 0 处为 0）。",
    "multiply dA by the mask: dA * (Z > 0).": "把 dA 乘以掩码：dA * (Z > 0)。",
    "at Z = 0 the gradient is 0: Z > 0, not Z >= 0.": "在 Z = 0 处梯度为 0：用 Z > 0，不是 Z >= 0。",
    "the MEAN over the sentences of -log p[i, y[i]].": "对所有句子求 -log p[i, y[i]] 的“平均值”。",
    "(softmax - one_hot(y)) / m.": "(softmax - one_hot(y)) / m。",
    "divide the gradient by m too: the loss is a mean.": "梯度也要除以 m：损失是平均值。",
    "subtract each row's maximum before np.exp": "在 np.exp 之前先减去每一行的最大值",
    "subtract each row's maximum before np.exp (exp(1000) is inf)":
        "在 np.exp 之前先减去每一行的最大值（exp(1000) 是 inf）",
    "the mean, not the sum, over the sentences.": "对所有句子求平均值，而不是求和。",
    "-log of the probability of the RIGHT class y[i], averaged over the sentences.":
        "取“正确”类别 y[i] 的概率的 -log，再对所有句子求平均。",
    "the gradient is (softmax - one_hot(y)) / m: softmax minus the one-hot, not the reverse.":
        "梯度是 (softmax - one_hot(y)) / m：softmax 减去独热向量，而不是反过来。",
    "subtract 1 at the right class: dlogits[np.arange(m), y] -= 1.":
        "在正确类别处减 1：dlogits[np.arange(m), y] -= 1。",
    "lower case; '-' and '/' become spaces; split off n't and 's; ( ) ! are tokens of their own.":
        "转成小写；'-' 和 '/' 变成空格；把 n't 和 's 切分出来；( ) ! 各自成为单独的词元。",
    # Not in messages.every(): what the checks build at run time and put in a {placeholder} of a message
    # (_t translates it too), and the hints of hidden cases that the test cells take from their loops' tables
    # or from mistakes=[...] built in a conditional.
    "at:       {where}": "位置：     {where}",
    "line {traceback_tb_lineno}: {line}": "第 {traceback_tb_lineno} 行：{line}",
    "axis {axes_0} differs": "轴 {axes_0} 不同",
    "{len_got_shape} axes instead of {len_expected_shape}": "有 {len_got_shape} 个轴，而不是 {len_expected_shape} 个",
    "a tuple of {len_result} items": "含 {len_result} 个元素的元组",
    "a list holding {join_sorted_type_item___name___for_item_in_got_if_type_item_is_not_str}":
        "含有 {join_sorted_type_item___name___for_item_in_got_if_type_item_is_not_str} 的列表",
    "float32 or float64": "float32 或 float64",
    "name '{name}' is not defined": "名称 '{name}' 未定义",
    "tokens": "词元列表",
    "result": "结果",
    "the input": "输入",
    "caches[4] (relu2, the cache of the second relu: Z2)": "caches[4]（relu2，即第二个 relu 的缓存：Z2）",
    "pad 0: X[pad:-pad] is empty when pad == 0; unpad with X[pad:pad + n_H_prev, pad:pad + n_W_prev].":
        "pad 为 0：pad == 0 时 X[pad:-pad] 是空的；用 X[pad:pad + n_H_prev, pad:pad + n_W_prev] 去掉填充。",
    "f = 1 and a non-square input: rows are h, columns are w.": "f = 1，且输入不是正方形：行对应 h，列对应 w。",
    "stride 3: window corners are h * stride ... h * stride + f.":
        "步幅为 3：窗口范围是 h * stride ... h * stride + f。",
    "overlapping windows (stride < f): accumulate with +=, do not assign.":
        "窗口重叠（stride < f）：用 += 累加，不要直接赋值。",
    "float32 inputs must work too.": "输入为 float32 时也必须正确。",
    "a window is f wide whatever the stride: vert_end = vert_start + f; n_H rounds down (//); pad 0 must work.":
        "无论步幅是多少，窗口宽度都是 f：vert_end = vert_start + f；n_H 向下取整（//）；pad 为 0 时也必须正确。",
    "with f = 1 each output is a sum over channels plus b; height and width differ here.":
        "f = 1 时，每个输出是对各通道求和再加 b；这里高度和宽度不相等。",
    "with stride 3 > f = 2 the windows skip columns: start = h * stride, end = start + f.":
        "步幅 3 > f = 2 时，窗口之间会跳过一些列：start = h * stride，end = start + f。",
    "stride 2: the gradient of output (h, w) is dA[i, h, w, c], not dA at the window corner.":
        "步幅为 2：输出 (h, w) 的梯度是 dA[i, h, w, c]，而不是窗口角点处的 dA。",
    "window corners: start = h * stride, end = start + f.": "窗口角点：start = h * stride，end = start + f。",
    "stride 3 > f: inputs outside every window get zero gradient.": "步幅 3 > f：不在任何窗口中的输入，梯度为 0。",
    "overlapping windows (stride < f): accumulate with +=; the mask covers one window only.":
        "窗口重叠（stride < f）：用 += 累加；掩码只覆盖一个窗口。",
    "pad 0: unpad with [pad:pad + n_H_prev] (pad:-pad is empty for pad 0).":
        "pad 为 0：用 [pad:pad + n_H_prev] 去掉填充（pad 为 0 时 pad:-pad 是空的）。",
    "f = 1 and a non-square input.": "f = 1，且输入不是正方形。",
    "stride 3 > f: some input positions get no gradient.": "步幅 3 > f：有些输入位置得不到梯度。",
    "stride 2 < f = 3: windows overlap and their gradients add up.": "步幅 2 < f = 3：窗口会重叠，它们的梯度要累加。",
    "n_H_prev + 2 pad - f is not a multiple of the stride.": "n_H_prev + 2 pad - f 不是步幅的整数倍。",
    "float32 inputs: compute in float32 or float64, both are fine.":
        "输入为 float32：用 float32 或 float64 计算都可以。",
    "pad 0 and stride 2: n_H rounds down (//).": "pad 为 0、步幅为 2：n_H 向下取整（//）。",
    "stride 3 > f = 2: the windows skip columns.": "步幅 3 > f = 2：窗口之间会跳过一些列。",
    "an even f = 4.": "f = 4，是偶数。",
    "the model's second layer.": "模型的第二层。",
    "stride 1: heavy overlap, gradients add up.": "步幅为 1：窗口大量重叠，梯度要累加。",
    "f = 1: dA_prev is dA.": "f = 1：dA_prev 就是 dA。",
    "stride 3 > f: some positions get no gradient.": "步幅 3 > f：有些位置得不到梯度。",
    "average: dA / (f * f) to every position of the window.": "平均池化：窗口的每个位置都得到 dA / (f * f)。",
    "ties: every position equal to the window's max gets dA (mask = window == max).":
        "并列最大：窗口中每个等于最大值的位置都得到 dA（mask = window == max）。",
    "ties and overlap.": "并列最大，且窗口重叠。",
    "float32 in: float32 (or float64) out.": "输入 float32：输出 float32（或 float64）。",
    "stride 1: every window position is kept.": "步幅为 1：每个窗口位置都保留。",
    "stride 3 > f = 2: n_H = (n_H_prev - f) // stride + 1.": "步幅 3 > f = 2：n_H = (n_H_prev - f) // stride + 1。",
    "windows that tile the input exactly (f = stride = 3).": "窗口恰好铺满输入（f = stride = 3）。",
    "the mean over the batch, not the sum.": "对小批量求平均值，而不是求和。",
    "label smoothing: (1 - eps) one_hot(y) + eps / K.": "标签平滑：(1 - eps) one_hot(y) + eps / K。",
    "logits of several hundreds: subtract the row's max first, use log-sum-exp.":
        "logits 达到几百：先减去该行的最大值，并使用 log-sum-exp。",
    "large logits and label smoothing: log p must stay finite (no log(0)).":
        "logits 很大且有标签平滑：log p 必须保持有限（不能出现 log(0)）。",
    "float32 logits.": "logits 为 float32。",
    "a batch of one image.": "只有一张图像的小批量。",
    "overlapping windows add up: dX[:, p:p + n_T, :] += ..., not =.":
        "重叠的窗口要累加：dX[:, p:p + n_T, :] += ...，不是 =。",
    "window position p of dX goes with W[p] (not W[w - 1 - p]).":
        "窗口内的位置 p 在 dX 中对应 W[p]（不是 W[w - 1 - p]）。",
    "sum over the sentences: do not divide by m (the loss already averages).":
        "对所有句子求和：不要除以 m（损失已经求过平均）。",
    "db sums over sentences too, not a mean.": "db 也要对句子求和，而不是求平均。",
    "the window's axes are (d, w) but W's are (w, d): transpose the window (or W) before reshaping, not W.reshape(d, "
    "w, F).":
        "窗口的轴是 (d, w)，而 W 的轴是 (w, d)：在 reshape 之前先转置窗口（或 W），而不是 W.reshape(d, w, F)。",
    "the window at position t is X[i, t:t + w]: read it forwards, not backwards.":
        "位置 t 处的窗口是 X[i, t:t + w]：要正着读，不要倒着读。",
    "add the bias b once per output.": "每个输出加一次偏置 b。",
    "divide the kept entries by 1 - p, do not multiply.": "把保留的元素除以 1 - p，不是乘以 1 - p。",
    "divide by the probability of KEEPING, 1 - p (not p).": "除以“保留”的概率 1 - p（不是 p）。",
    "scale the gradient like the output: dout * mask, with the mask holding 1 / (1 - p).":
        "像输出一样缩放梯度：dout * mask，其中掩码存放的是 1 / (1 - p)。",
    "positions t >= lengths[i] are padding: leave them out of the maximum (np.where(valid, A, -np.inf)).":
        "t >= lengths[i] 的位置是填充：求最大值时要排除它们（np.where(valid, A, -np.inf)）。",
    "setting the padding to 0 is not enough (a sentence's values can all be below 0): use -np.inf where t >= "
    "lengths[i].":
        "把填充设为 0 还不够（一个句子的值可能全都小于 0）：在 t >= lengths[i] 处用 -np.inf。",
    "when the maximum is reached at several positions, only the first gets dP (np.argmax), not all of them: a mask A "
    "== P counts the gradient several times.":
        "当最大值出现在多个位置时，只有第一个位置得到 dP（np.argmax），而不是所有位置：掩码 A == P 会把梯度重复计算多"
        "次。",
    "ties go to the FIRST position reaching the maximum (what np.argmax gives), not the last.":
        "并列时，梯度给“第一个”达到最大值的位置（即 np.argmax 给出的位置），不是最后一个。",
    "the three branches read the same X: add their dX (dX = dX3 + dX4 + dX5) before embedding_backward, do not keep "
    "only the last.":
        "三个分支读取的是同一个 X：在 embedding_backward 之前把它们的 dX 相加（dX = dX3 + dX4 + dX5），不要只保留最后"
        "一个。",
    "go back through dropout_backward(dH, dropout_cache) before splitting dH.":
        "在切分 dH 之前，先经过 dropout_backward(dH, dropout_cache) 反向传播。",
    "pass lengths on to max_over_time_forward.": "把 lengths 传给 max_over_time_forward。",
    "concatenate the branches in the order of WIDTHS (width 3 first).": "按 WIDTHS 的顺序拼接各分支（宽度 3 在前）。",
    "pass dropout, rng and train on to dropout_forward(H, dropout, rng, train).":
        "把 dropout、rng 和 train 传给 dropout_forward(H, dropout, rng, train)。",
    "T is at least min_length: max(longest sentence, min_length).":
        "T 至少为 min_length：max(最长句子的长度, min_length)。",
    "use the min_length argument, not a fixed 5.": "使用参数 min_length，不要固定写成 5。",
    "lower case first (text.lower()); ',' is a token, '.' disappears.":
        "先转成小写（text.lower()）；',' 是一个词元，'.' 会消失。",
    "split off 've, 'll, 're, 'd and 'm too.": "'ve、'll、're、'd 和 'm 也要切分出来。",
    "n't is split off the word before it: can't -> ca n't, won't -> wo n't.":
        "n't 要从它前面的词上切分出来：can't -> ca n't，won't -> wo n't。",
    "apostrophes at the start and end of a token (quotation marks) are stripped: 'memento' -> memento; '' "
    "disappears.":
        "词元开头和结尾的撇号（即引号）要去掉：'memento' -> memento；'' 会消失。",
    "( ) ! ? are tokens of their own; '.' becomes a space.": "( ) ! ? 各自成为单独的词元；'.' 变成空格。",
    "start from to_ascii(sentence) (given).": "从 to_ascii(sentence)（已给出）开始。",
    "'s is split off only after a letter or digit; a lone ' is stripped.":
        "只有跟在字母或数字后面的 's 才切分出来；单独的 ' 要去掉。",
    "apostrophes inside a token stay; only those at its ends go.": "词元内部的撇号保留；只去掉两端的撇号。",
    "a sentence without any token gives an empty list [].": "没有任何词元的句子得到空列表 []。",
    "an empty sentence gives an empty list [].": "空句子得到空列表 []。",
    "split at any white space: text.split() (not split(' ')).": "按任意空白切分：text.split()（不是 split(' ')）。",
    "every character other than a-z, 0-9, ( ) , ! ? ' becomes a space.":
        "除 a-z、0-9 和 ( ) , ! ? ' 以外的每个字符都变成空格。",
    # last: it would swallow every other detail line that starts with "got "
    "got {type_got___name}": "实际：{type_got___name}",
}
