"""The first assignment's source: what is particular to it (the checks shipped with it hold no
answers, ...); what every assignment must be is in tests/test_assignments.py."""



from conftest import SOURCE


def test_checks_module_holds_no_reference_solution():
    """cnn_checks.py ships to students: it may compare and explain, never compute answers."""
    text = (SOURCE / "cnn_checks.py").read_text()
    for name in ["np.pad(", "sliding_window_view", "einsum", "def zero_pad", "def conv_"]:
        assert name not in text, name
