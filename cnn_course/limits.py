"""Every limit of a grading run, in one place.

A submission is graded in a kernel of its own (sandbox.py), cell by cell (execute.py), as one
job of `make grade` (grading.py); each level has its limits, so that no submission, however
slow, large or hostile, can stop the batch or slow its neighbours.  Change them here (the cell
time limit can also be set per course in nbgrader_config.py, as nbgrader's Execute.timeout).

This file is also imported as a plain module (``import limits``) by sandbox.py and cgroups.py,
which run as scripts beside it when a kernel starts.
"""

# ---- one cell (nbgrader's Execute, cnn_course/execute.py)
CELL_SECONDS = 30
"""Execute.timeout, set in nbgrader_config.py: the slowest cell of a correct loop solution (edge
detection: a naive conv_forward over a 200 x 171 photo) takes about 1 s here; 30 s leaves room
for a solution ten times slower, while an infinite loop is interrupted and only its cell fails."""
CELL_SECONDS_MAX = 900
"""The most an assignment may give one cell (its assignment.toml, [limits] cell_seconds = {grade_id =
seconds}): cells that train a network, which take a minute or more with a correct solution."""


def cell_seconds(folder):
    """{grade_id: seconds} of the cells an assignment allows more than CELL_SECONDS (at most
    CELL_SECONDS_MAX), from source/<assignment>/assignment.toml; {} if it names none."""
    import tomllib
    from pathlib import Path

    path = Path(folder, "assignment.toml")
    if not path.is_file():
        return {}
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("limits", {}).get("cell_seconds", {})
    return {str(grade_id): min(int(seconds), CELL_SECONDS_MAX) for grade_id, seconds in table.items()}


INTERRUPT_GRACE = 5                 # seconds a kernel has to stop after an interrupt, else it is shut down
OUTPUT_BYTES = 50 * 1024 ** 2       # outputs kept per notebook; beyond, a note
TRACEBACK_BYTES = 20_000            # of one error's traceback
ANSWER_BYTES = 200 * 1024 ** 2      # the largest answer the kernel may send the grader (execute.decode_answer)

# ---- one submission (grading.py)
SUBMISSION_SECONDS = 900            # one student's whole autograde, wall clock
FEEDBACK_SECONDS = 60               # one student's feedback page (it takes well under one)
MARKDOWN_CHARS = 20_000             # of one markdown cell rendered in feedback (feedback.py: math parsing is quadratic)

# ---- one kernel's process tree (sandbox.py: prlimit per process; cgroups.py: all its processes)
SCRATCH_BYTES = 256 * 1024 ** 2     # its writable tmpfs (HOME, TMPDIR)
SHM_BYTES = 64 * 1024 ** 2          # its /dev/shm (bubblewrap's /dev would otherwise be unbounded)
PRLIMIT = {                         # prlimit options; all per process
    "--as": 6 * 1024 ** 3,          # address space: 6 GiB (numpy + matplotlib need ~1.5 GiB virtual)
    "--cpu": 600,                   # CPU seconds for the whole notebook (a cell's wall limit is CELL_SECONDS)
    "--fsize": 64 * 1024 ** 2,      # largest file it may write: 64 MiB
    "--nproc": 256,                 # processes of its user (its own user id)
    "--nofile": 1024,               # open files
    "--core": 0,                    # no core dumps
}
KERNEL_CPUS = 1.0                   # CPUs for all its processes together (numpy runs single-threaded here)
KERNEL_TASKS = 256                  # processes and threads (ipykernel alone has about 10)
KERNEL_MEMORY = 8 * 1024 ** 3       # bytes for all its processes together (each also has a 6 GiB address space)
