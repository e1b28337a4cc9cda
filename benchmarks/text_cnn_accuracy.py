"""Accuracy and training time of the sentence classifier (source/cnn_text/), as the notebook trains it.

The notebook's own code (its given cells and the reference solutions of its exercises, read from
source/cnn_text/cnn_text.ipynb with nbformat) trains CNN-rand and CNN-non-static (GloVe 50-d)
on the fixed split of data/reviews.h5 with the notebook's settings, for several seeds; each run
prints its test accuracy (of the epoch with the best dev accuracy) and its wall time.  The
targets of issue 14: CNN-rand >= 76 %, GloVe >= 78 %, each under 3 minutes on the course's
2-core machine.

    .venv/bin/python benchmarks/text_cnn_accuracy.py                 # seeds 0 1 2, both models
    .venv/bin/python benchmarks/text_cnn_accuracy.py --seeds 0 --models CNN-static
"""

import argparse
import contextlib
import io
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")      # as the notebook's first cell

import numpy as np  # noqa: E402

from cnn_course import notebooks  # noqa: E402

FOLDER = Path(__file__).resolve().parent.parent / "source" / "cnn_text"
SKIP = ("test_", "selfcheck")          # graded tests and self-checks: not needed to train


def notebook_namespace():
    """The notebook's definitions (given code and reference solutions) up to its training function,
    with the data loaded: {name: value}, as in a kernel that ran those cells."""
    nb = notebooks.read(FOLDER / "cnn_text.ipynb")
    namespace = {}
    os.chdir(FOLDER)                   # the notebook reads data/reviews.h5 from its folder
    sys.path.insert(0, str(FOLDER))
    for cell in nb.cells:
        meta = notebooks.nbgrader_metadata(cell)
        if cell.cell_type != "code" or meta.get("grade_id", "").startswith(SKIP):
            continue
        code = notebooks.solution_code(cell) if meta.get("solution") else cell.source
        with contextlib.redirect_stdout(io.StringIO()):        # the cells' own printing
            exec("\n".join(line for line in code.splitlines() if not line.startswith("%")), namespace)
        if meta.get("grade_id") == "train":
            return namespace
    raise RuntimeError("no cell 'train' in the notebook")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--models", nargs="+", default=["CNN-rand", "CNN-non-static"],
                        choices=["CNN-rand", "CNN-static", "CNN-non-static"])
    args = parser.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    ns = notebook_namespace()
    data, vocab = ns["data"], ns["vocab"]
    print(f"numpy {np.__version__}; {len(data['train']['labels'])} training sentences; "
          f"epochs: CNN-rand {ns['EPOCHS_RAND']}, GloVe {ns['EPOCHS_GLOVE']}", flush=True)
    results = {}
    for model in args.models:
        for seed in args.seeds:
            if model == "CNN-rand":
                params = ns["initialize_parameters"](len(vocab), ns["EMBEDDING_DIM_RAND"], seed=seed)
                epochs, static = ns["EPOCHS_RAND"], False
            else:
                params = ns["initialize_parameters"](len(vocab), E=ns["glove_embedding"](seed), seed=seed)
                epochs, static = ns["EPOCHS_GLOVE"], model == "CNN-static"
            start = time.perf_counter()
            best, history = ns["train"](params, data["train"], data["dev"], epochs=epochs, static=static, seed=seed,
                                        verbose=False)
            seconds = time.perf_counter() - start
            accuracy = ns["accuracy"](data["test"], best)
            results.setdefault(model, []).append((accuracy, seconds))
            print(f"{model:15s} seed {seed}: test accuracy {accuracy:.2%} (epoch {history['best_epoch']} of {epochs}, "
                  f"dev {max(history['dev_acc']):.2%}), {seconds:.0f} s", flush=True)
    for model, runs in results.items():
        accuracies, seconds = np.array(runs).T
        print(f"{model:15s} test accuracy mean {accuracies.mean():.2%} (min {accuracies.min():.2%}, max "
              f"{accuracies.max():.2%}); seconds mean {seconds.mean():.0f} (max {seconds.max():.0f})")


if __name__ == "__main__":
    main()
