"""Start a grading kernel inside an operating-system sandbox (the kernelspec "cnn-sandbox").

``python -m cnn_course grade`` registers this script as the argv of a kernelspec, so every
notebook nbgrader executes while grading runs in a kernel that:

- sees the file system read-only, with the course folder, /tmp and the instructor's home
  replaced by empty folders: it cannot read source/, the gradebook, hidden tests or other
  students' work, and it can write only to its own scratch folder (HOME, TMPDIR); of its own
  folder it sees the data and helper files but not the notebook, whose copy on disk holds
  the hidden tests while nbgrader runs it;
- runs as the unprivileged user nobody (setpriv), in its own network namespace (no
  network, not even loopback), pid, ipc and uts namespaces (bubblewrap);
- has limits (prlimit) on memory, CPU seconds, file size, processes and open files;
- freezes IPython's input and AST transformers before the first cell (kernel_guard.py), so
  student code cannot rewrite the test cells that follow;
- imports nothing from the submission folder: Python runs with -P (no current folder on
  sys.path) and finds the assignment's helper modules in a trusted copy taken from source/,
  so a numpy.py beside the notebook is never imported.

It talks to nbgrader through unix sockets in a runtime folder private to one submission
(nbgrader is started with ``--KernelManager.transport=ipc`` and its own
``JUPYTER_RUNTIME_DIR``).  With ``--unisolated`` (no bubblewrap, or no root), the same kernel
starts without namespaces and user switch: still -P, trusted helpers and limits.

Usage (as a kernelspec argv): sandbox.py --course ROOT [--unisolated] CONNECTION_FILE
The kernel's working folder (the notebook's folder, autograded/<student>/<assignment>/) is
the current folder, as Jupyter starts kernels there.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NOBODY = 65534
LIMITS = {                      # prlimit options; all per process
    "--as": 6 * 1024 ** 3,      # address space: 6 GiB (numpy + matplotlib need ~1.5 GiB virtual)
    "--cpu": 600,               # CPU seconds for the whole notebook (a cell's wall limit is Execute.timeout)
    "--fsize": 64 * 1024 ** 2,  # largest file it may write: 64 MiB
    "--nproc": 256,             # processes of user nobody
    "--nofile": 1024,           # open files
    "--core": 0,                # no core dumps
}


def kernel_environment(scratch, lib):
    """A minimal environment: nothing of the instructor's, caches and temp in scratch."""
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"]),
        "LANG": "C.UTF-8",
        "HOME": str(scratch / "home"),
        "TMPDIR": str(scratch / "tmp"),
        "MPLCONFIGDIR": str(scratch / "mpl"),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "PYTHONPATH": str(lib),
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    for name in ("home", "tmp", "mpl"):
        (scratch / name).mkdir()
    return env


def trusted_helpers(course, assignment, lib):
    """Copy the assignment's helper modules (e.g. cnn_checks.py) from source/ into lib."""
    lib.mkdir()
    for module in sorted((course / "source" / assignment).glob("*.py")):
        shutil.copy2(module, lib / module.name)
    shutil.copy2(Path(__file__).with_name("kernel_guard.py"), lib / "cnn_kernel_guard.py")


def inside(path, folder):
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
        return True
    except ValueError:
        return False


def bwrap_arguments(course, notebook_dir, runtime_dir):
    """bubblewrap options: read-only root, hidden course//tmp/home, the few folders it needs."""
    args = ["bwrap", "--die-with-parent", "--unshare-net", "--unshare-pid", "--unshare-ipc",
            "--unshare-uts", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    hidden = []

    def mount(path, *options):
        """Mount at path, first creating traversable (0755) folders above it inside hidden
        folders, where bubblewrap would otherwise create them private (0700)."""
        below = [h for h in hidden if inside(path, h) and path != h]
        if below:
            top = max(below, key=lambda h: len(h.parts))
            for depth in range(len(top.parts) + 1, len(path.parts)):
                args.extend(["--perms", "0755", "--dir", str(Path(*path.parts[:depth]))])
        args.extend([*options, str(path)])

    for folder in [Path("/tmp"), Path("/var/tmp"), Path("/dev/shm")]:
        mount(folder, "--perms", "1777", "--tmpfs")
        hidden.append(folder)
    home = Path(os.path.expanduser("~")).resolve()
    for folder in [home, course]:
        if folder != Path("/") and folder.is_dir():
            mount(folder, "--tmpfs")
            hidden.append(folder)
    # the interpreter and the virtual environment, where a hidden folder covers them
    # (e.g. ~/.pyenv/versions/3.11.7, <course>/.venv, /tmp/clone/.venv): just those folders
    for prefix in sorted({Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}):
        if any(inside(prefix, folder) for folder in hidden):
            mount(prefix, "--ro-bind", str(prefix))
    mount(notebook_dir, "--ro-bind", str(notebook_dir))
    for notebook in sorted(notebook_dir.glob("*.ipynb")):   # nbgrader's copy holds the hidden tests
        args.extend(["--ro-bind", "/dev/null", str(notebook)])
    mount(runtime_dir, "--bind", str(runtime_dir))
    return args + ["--chdir", str(notebook_dir)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--course", type=Path, required=True)
    parser.add_argument("--unisolated", action="store_true")
    parser.add_argument("--matplotlib-cache", type=Path, help="a folder with matplotlib's font list, built "
                        "once by install_kernelspec and copied into each kernel's scratch folder")
    parser.add_argument("connection_file", type=Path)
    args = parser.parse_args(argv)

    course = args.course.resolve()
    notebook_dir = Path.cwd().resolve()
    isolated = not args.unisolated
    runtime_dir = args.connection_file.resolve().parent
    if isolated and (runtime_dir in {Path("/tmp"), Path("/var/tmp"), Path.home()} or inside(course, runtime_dir)):
        sys.exit(f"sandbox: the kernel's runtime folder {runtime_dir} is shared; start grading with "
                 "`python -m cnn_course grade`, which gives each submission a private one (TMPDIR)")
    for stale in runtime_dir.glob("kernel-scratch-*"):     # the previous student's kernel, now gone
        shutil.rmtree(stale, ignore_errors=True)
    scratch = Path(tempfile.mkdtemp(prefix="kernel-scratch-", dir=runtime_dir))
    lib = scratch / "lib"
    trusted_helpers(course, notebook_dir.name, lib)
    env = kernel_environment(scratch, lib)
    if args.matplotlib_cache:      # saves each kernel rebuilding it (a quarter second of CPU)
        for cache in args.matplotlib_cache.glob("fontlist-*.json"):
            shutil.copy2(cache, scratch / "mpl" / cache.name)
    connection = scratch / "connection.json"
    connection.write_text(args.connection_file.read_text())
    kernel = [sys.executable, "-P", "-m", "ipykernel_launcher", "-f", str(connection),
              "--IPKernelApp.exec_lines=import cnn_kernel_guard",
              "--HistoryManager.enabled=False"]   # no history database in a throwaway home
    limits = ["prlimit"] + [f"{option}={value}" for option, value in LIMITS.items()] + ["--"]
    if isolated:
        for path in [scratch, *scratch.iterdir(), runtime_dir]:
            os.chown(path, NOBODY, NOBODY)
        os.chmod(connection, 0o600)
        os.chown(connection, NOBODY, NOBODY)
        command = (bwrap_arguments(course, notebook_dir, runtime_dir)
                   + ["--", "setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                      "--no-new-privs"] + limits + kernel)
    else:
        command = limits + kernel
    if os.environ.get("CNN_SANDBOX_DEBUG"):
        print("sandbox:", " ".join(command), file=sys.stderr)
    os.execvpe(command[0], command, env)


def kernelspec(course, unisolated=False, matplotlib_cache=None):
    """The kernel.json of the sandboxed grading kernel for this course."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--course", str(Path(course).resolve())]
    argv += ["--unisolated"] if unisolated else []
    argv += ["--matplotlib-cache", str(matplotlib_cache)] if matplotlib_cache else []
    return {"argv": argv + ["{connection_file}"], "display_name": "Python 3 (grading sandbox)",
            "language": "python", "interrupt_mode": "message",
            "metadata": {"debugger": False}}


def install_kernelspec(course, folder, unisolated=False):
    """Write <folder>/kernels/cnn-sandbox/kernel.json; use folder as JUPYTER_PATH."""
    spec_dir = Path(folder) / "kernels" / "cnn-sandbox"
    spec_dir.mkdir(parents=True, exist_ok=True)
    cache = Path(folder) / "matplotlib"
    if not any(cache.glob("fontlist-*.json")):
        cache.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], capture_output=True,
                       env={**os.environ, "MPLCONFIGDIR": str(cache)})
    (spec_dir / "kernel.json").write_text(json.dumps(kernelspec(course, unisolated, cache), indent=1))
    return Path(folder)


if __name__ == "__main__":
    main()
