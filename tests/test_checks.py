"""The feedback helper shipped with the assignment explains failures in plain words."""

import sys

import numpy as np
import pytest

from conftest import SOURCE

sys.path.insert(0, str(SOURCE))
import cnn_checks as check  # noqa: E402

pytestmark = pytest.mark.fast   # part of `make test-fast`


def _message(function, *args, **kwargs):
    with pytest.raises(check.CheckFailed) as failure:
        function(*args, **kwargs)
    return str(failure.value)


def test_wrong_values_name_function_case_first_entry_and_hint():
    expected = np.arange(12.0).reshape(2, 3, 2)
    got = expected.copy()
    got[1, 2, 0] = 99.0
    message = _message(check.array, got, expected, fn="conv_forward", case="A_prev (2, 3, 2)", name="Z",
                       hint="end = start + f")
    assert "conv_forward: Z has wrong values" in message
    assert "case:     A_prev (2, 3, 2)" in message
    assert "Z[1, 2, 0]" in message and "expected 10" in message and "got 99" in message
    assert "(1 of 12 entries differ)" in message and "hint:     end = start + f" in message


def test_wrong_shape_says_which_axis():
    message = _message(check.array, np.zeros((2, 3, 4)), np.zeros((2, 2, 4)), fn="pool_forward", name="A")
    assert "expected shape (2, 2, 4)" in message and "got shape      (2, 3, 4)" in message
    assert "axis 1 differs" in message


@pytest.mark.parametrize("got, words", [([1.0, 2.0], "should be a numpy array, got list"),
                                        (np.zeros(2, dtype=np.int64), "dtype int64"),
                                        (np.array([1.0, np.nan]), "wrong values")])
def test_wrong_type_dtype_and_nan_are_reported(got, words):
    assert words in _message(check.array, got, np.array([1.0, 2.0]), fn="f")


def test_float32_only_where_allowed():
    check.array(np.float32([1, 2]), np.array([1.0, 2.0]), fn="f", float32_ok=True)
    assert "dtype float32" in _message(check.array, np.float32([1, 2]), np.array([1.0, 2.0]), fn="f")


def test_mask_accepts_bool_or_zero_one_numbers():
    expected = np.array([[True, False], [False, False]])
    check.array(expected.copy(), expected, fn="mask")
    check.array(expected.astype(int), expected, fn="mask")
    assert "wrong values" in _message(check.array, ~expected, expected, fn="mask")


def test_number_rejects_a_1x1x1_array_with_a_hint():
    message = _message(check.number, np.ones((1, 1, 1)), 1.0, fn="conv_single_step")
    assert "array of shape (1, 1, 1)" in message and "b.item()" in message
    check.number(np.float32(1.0), 1.0, fn="conv_single_step", rtol=1e-6)
    check.number(np.array(2.0), 2.0, fn="conv_single_step")


def test_call_explains_stubs_exceptions_and_wrong_return_shapes():
    def stub():
        raise NotImplementedError()

    assert "stub: is not implemented yet" in _message(check.call, stub, fn="stub")
    assert "raised ZeroDivisionError" in _message(check.call, lambda: 1 / 0, fn="f")
    assert "should return a tuple (Z, cache), got ndarray" in _message(
        check.call, lambda: np.zeros(2), fn="f", returns=("Z", "cache"))


def test_call_keeps_warnings_off_stderr(capsys):
    import warnings

    def noisy():
        warnings.warn("careful", RuntimeWarning)
        return 1

    assert check.call(noisy, fn="noisy") == 1
    assert capsys.readouterr().err == ""


def test_unchanged_and_cache():
    a = np.ones(3)
    assert "changed A_prev in place" in _message(check.unchanged, a, a * 2, fn="f", name="A_prev")
    check.same_cache((a, {"f": 2}), (a, {"f": 2}), fn="pool_forward", names=("A_prev", "hparameters"))
    assert "cache should be a tuple" in _message(check.same_cache, [a], (a, {}), fn="f", names=("A_prev", "hp"))
    assert "cache item 'A_prev'" in _message(check.same_cache, (a * 2, {}), (a, {}), fn="f", names=("A_prev", "hp"))


def test_the_self_check_is_keyed_by_assignment(tmp_path, monkeypatch, capsys):
    """Two assignments may have a function of the same name: the self-check runs the tests of
    the one named, else of this notebook (JupyterLab's JPY_SESSION_NAME), else says which to name."""
    import json

    def test(points, value, name="f"):
        return {"points": points, "source": f"assert {name}() == {value}"}

    data = {"assignments": {"first": {"test_f": test(10, 1)},
                            "second": {"test_f": test(30, 2), "test_g": test(5, 0, "g")}},
            "solutions": {"first": {"f": "def f(): return 1"}, "second": {"f": "def f(): return 2"}}, "stubs": {}}
    (tmp_path / "cnn_selfcheck.json").write_text(json.dumps(data))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    namespace = {"f": lambda: 2, "g": lambda: 0}
    check.selfcheck("f", namespace)
    assert "'f' is an exercise of first and second: say which, e.g. assignment='first'" in capsys.readouterr().out
    check.selfcheck("f", namespace, assignment="second")
    assert "30 / 30 points" in capsys.readouterr().out
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "first.ipynb"))
    check.selfcheck("f", namespace)
    assert "0 / 10 points" in capsys.readouterr().out
    check.selfcheck("g", namespace)                      # only the second assignment has g
    assert "5 / 5 points" in capsys.readouterr().out
    check.solution("f")
    assert "return 1" in capsys.readouterr().out
    check.selfcheck("h", namespace)
    assert "No exercise named 'h': one of f, g." in capsys.readouterr().out


def test_integer_results_any_integer_dtype_but_not_floats():
    check.array(np.array([[5, 9, 0]], dtype=np.int32), np.array([[5, 9, 0]]), fn="pad_batch", name="ids")
    message = _message(check.array, np.array([[5.0, 9.0, 0.0]]), np.array([[5, 9, 0]]), fn="pad_batch", name="ids")
    assert "ids should hold integers" in message and "dtype=np.int64" in message


def test_a_known_mistake_gets_its_own_hint_and_other_wrong_values_do_not():
    expected, last_only = np.array([2.0, 1.0]), np.array([1.0, 1.0])
    mistakes = [(last_only, "repeated words must add up")]
    message = _message(check.array, last_only.copy(), expected, fn="embedding_backward", name="dE",
                       hint="general", mistakes=mistakes)
    assert "hint:     repeated words must add up" in message
    message = _message(check.array, np.array([7.0, 1.0]), expected, fn="embedding_backward", name="dE",
                       hint="general", mistakes=mistakes)
    assert "hint:     general" in message and "add up" not in message


@pytest.mark.parametrize("got, words", [
    (["it", "", "is"], "split(' ') gives ''"),
    (["it", "'memento'"], "token.strip"),
    ("it is", "should be a list of strings, got str"),
    (["it", 3], "a list holding int"),
    (["it", "was"], "differ from position 1 on"),
])
def test_tokens_say_where_they_differ_and_why(got, words):
    message = _message(check.tokens, got, ["it", "is"], fn="tokenize", case="'It is'")
    assert words in message, message


def test_tokens_blame_the_lower_case_when_the_lowered_sentence_is_right():
    message = _message(check.tokens, ["t", "is"], ["it", "is"], fn="tokenize", lowered=["it", "is"])
    assert "lower case first" in message
    check.tokens(["it", "is"], ["it", "is"], fn="tokenize")


def test_a_random_generator_crosses_to_the_kernel_with_its_state():
    import json
    arrays = {}
    sent = json.loads(json.dumps(check.encode((np.random.default_rng(5), 1), arrays)))
    generator, _ = check.decode(sent, arrays)
    assert (generator.random(4) == np.random.default_rng(5).random(4)).all()
    assert isinstance(check.decode({"$rng": {"bit_generator": "MT19937"}}, {}), check.Foreign)


def test_same_shape_checks_type_shape_and_dtype_but_not_values():
    check.same_shape(np.array([0.0, 7.0]), np.array([1.0, 2.0]), fn="dropout_forward", name="out")
    assert "wrong shape" in _message(check.same_shape, np.zeros(3), np.zeros(2), fn="dropout_forward", name="out")
    assert "numpy array, got list" in _message(check.same_shape, [0.0, 1.0], np.zeros(2), fn="dropout_forward")
