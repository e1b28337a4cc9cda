"""Start a grading kernel inside an operating-system sandbox (the kernelspec "cnn-sandbox").

``python -m cnn_course grade`` registers this script as the argv of a kernelspec, so every
notebook nbgrader executes while grading runs in a kernel that:

- sees only what it needs, read-only: the system's programs and libraries (/usr, /etc), the
  Python installation and virtual environment, its own folder (the data and helper files, not
  the notebook, whose copy on disk holds the hidden tests while nbgrader runs it) and the
  assignment's helper modules.  The course folder, other courses, other students, the
  exchange, /home, /root, /srv, /work... are not there at all;
- writes only to a private tmpfs of SCRATCH_BYTES (HOME, TMPDIR and matplotlib's folder are
  in it), which is gone with the kernel: nothing it writes reaches the disk or the next
  student graded by the same worker;
- runs as a user id of its own (UID_BASE + the launcher's pid, no other process has it), so
  per-user limits such as RLIMIT_NPROC are its own, in its own network namespace (no network,
  not even loopback), pid, ipc and uts namespaces (bubblewrap), with no new privileges;
- runs in a control group of its own (cgroups.py): at most one CPU, KERNEL_TASKS processes
  and KERNEL_MEMORY bytes for all its processes, so a submission that forks busy processes
  slows only itself; prlimit adds per-process limits (address space, CPU seconds, file size);
- writes its own stdout/stderr to a log of its own, not the grading worker's;
- freezes IPython's input and AST transformers before the first cell (kernel_guard.py);
- imports nothing from the submission folder: Python runs with -P (no current folder on
  sys.path) and finds the assignment's helper modules in a trusted copy taken from source/,
  so a numpy.py beside the notebook is never imported.

It talks to nbgrader through unix sockets in a folder of the worker's runtime folder
(nbgrader is started with ``--KernelManager.transport=ipc``).  With ``--unisolated`` (no
bubblewrap, or no root), the same kernel starts without namespaces and user switch: still -P,
trusted helpers, the control group (as root) and limits.

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

UID_BASE = 1_000_000            # kernel user ids: UID_BASE + pid of the launcher (unique while it runs)
try:
    from . import limits
except ImportError:             # run as a file (the kernelspec's argv): limits.py is beside it
    import limits

SCRATCH_BYTES, SHM_BYTES, LIMITS = limits.SCRATCH_BYTES, limits.SHM_BYTES, limits.PRLIMIT   # limits.py
CGROUP_ENV = "CNN_GRADING_CGROUP"   # the run's parent control group, set by grading.py
SANDBOX_LIB = "/opt/cnn-course-lib"    # where the trusted helper modules appear in the sandbox
SANDBOX_TMP = Path("/tmp")


def kernel_environment(home, tmp, mpl, lib):
    """A minimal environment: nothing of the instructor's."""
    return {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"]),
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "MPLCONFIGDIR": str(mpl),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "PYTHONPATH": str(lib),
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


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


def remove_tree(path):
    """Remove a folder whatever a kernel left in it (rm -rf walks any depth without recursion)."""
    if os.path.lexists(path):
        subprocess.run(["rm", "-rf", "--one-file-system", "--", str(path)], check=False)


def system_binds():
    """bubblewrap options for the system: /usr and /etc read-only, /bin, /lib... as on the host
    (symbolic links into /usr on Debian 12, folders elsewhere)."""
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for name in ["bin", "sbin", "lib", "lib32", "lib64", "libx32"]:
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    return args


def bwrap_arguments(notebook_dir, ipc_dir, connection, lib, matplotlib_cache=None):
    """bubblewrap options: an empty root with only what the kernel needs (see the docstring)."""
    args = ["bwrap", "--die-with-parent", "--new-session", "--unshare-net", "--unshare-pid", "--unshare-ipc",
            "--unshare-uts", "--hostname", "grading", "--proc", "/proc", "--dev", "/dev",
            "--size", str(SHM_BYTES), "--perms", "1777", "--tmpfs", "/dev/shm", *system_binds(),
            "--size", str(SCRATCH_BYTES), "--perms", "1777", "--tmpfs", str(SANDBOX_TMP)]
    made = {Path("/"), Path("/usr"), Path("/etc"), SANDBOX_TMP}

    def parents(path):
        """Create the folders above a mount point traversable (0755): bubblewrap would make
        them private to root, and the kernel's user could not reach what is below."""
        for depth in range(2, len(path.parts)):
            folder = Path(*path.parts[:depth])
            if folder not in made and not any(inside(folder, m) and m != Path("/") for m in [Path("/usr"), Path("/etc")]):
                args.extend(["--perms", "0755", "--dir", str(folder)])
                made.add(folder)

    def bind(source, target=None, writable=False):
        target = Path(target or source)
        parents(target)
        args.extend(["--bind" if writable else "--ro-bind", str(source), str(target)])
        made.add(target)

    # the interpreter and the virtual environment (e.g. ~/.pyenv/versions/3.11.7, <course>/.venv)
    for prefix in sorted({Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), Path(sys.prefix)}):
        if not any(inside(prefix, m) for m in [Path("/usr")]):
            bind(prefix)
    bind(notebook_dir)
    for notebook in sorted(notebook_dir.glob("*.ipynb")):   # nbgrader's copy holds the hidden tests
        args.extend(["--ro-bind", "/dev/null", str(notebook)])
    bind(lib, SANDBOX_LIB)
    bind(ipc_dir, writable=True)
    bind(connection)
    for name in ["home", "mpl"]:
        args.extend(["--perms", "0777", "--dir", str(SANDBOX_TMP / name)])
    for cache in sorted(Path(matplotlib_cache).glob("fontlist-*.json")) if matplotlib_cache else []:
        args.extend(["--ro-bind", str(cache), str(SANDBOX_TMP / "mpl" / cache.name)])
    return args + ["--chdir", str(notebook_dir)]


def join_cgroup():
    """Move this process (and so the kernel it becomes) into a control group of its own below
    the run's (CNN_GRADING_CGROUP); remove the empty groups of this run's finished kernels."""
    parent = os.environ.get(CGROUP_ENV)
    if not parent or os.geteuid() != 0:
        return None
    import cgroups  # beside this script, which runs as a file (the kernelspec's argv)

    siblings = cgroups.Group(parent)
    for folder in siblings.dirs:
        for old in folder.glob("kernel-*") if folder.is_dir() else []:
            stale = cgroups.Group(f"{parent}/{old.name}")
            if not stale.pids():
                for path in stale.dirs:
                    cgroups._rmdir(path)
    group = cgroups.Group(f"{parent}/kernel-{os.getpid()}").create()
    group.add(os.getpid())
    return group


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--course", type=Path, required=True)
    parser.add_argument("--unisolated", action="store_true")
    parser.add_argument("--matplotlib-cache", type=Path, help="a folder with matplotlib's font list, built "
                        "once by install_kernelspec and shown to each kernel")
    parser.add_argument("connection_file", type=Path)
    args = parser.parse_args(argv)

    course = args.course.resolve()
    notebook_dir = Path.cwd().resolve()
    isolated = not args.unisolated
    runtime_dir = args.connection_file.resolve().parent
    if isolated and (runtime_dir in {Path("/tmp"), Path("/var/tmp"), Path.home()} or inside(course, runtime_dir)):
        sys.exit(f"sandbox: the kernel's runtime folder {runtime_dir} is shared; start grading with "
                 "`python -m cnn_course grade`, which gives each worker a private one (TMPDIR)")
    for stale in runtime_dir.glob("kernel-scratch-*"):     # the previous student's kernel, now gone
        remove_tree(stale)
    scratch = Path(tempfile.mkdtemp(prefix="kernel-scratch-", dir=runtime_dir))
    lib = scratch / "lib"
    trusted_helpers(course, notebook_dir.name, lib)
    connection = scratch / "connection.json"
    connection.write_text(args.connection_file.read_text())
    info = json.loads(connection.read_text())
    ipc_dir = Path(info.get("ip", "")).parent if info.get("transport") == "ipc" else None
    if ipc_dir is None or not inside(ipc_dir, runtime_dir) or ipc_dir == runtime_dir:
        sys.exit(f"sandbox: the kernel's sockets must be in a folder of their own in {runtime_dir} "
                 "(KernelManager.transport=ipc, KernelManager.ip=<runtime>/ipc/kernel)")
    # the kernel's own log: nothing it prints reaches the grading worker's log
    log = os.open(scratch / "kernel.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    stdin = os.open(os.devnull, os.O_RDONLY)
    os.dup2(stdin, 0)
    os.close(stdin)
    join_cgroup()
    kernel = [sys.executable, "-P", "-m", "ipykernel_launcher", "-f", str(connection),
              "--IPKernelApp.exec_lines=import cnn_kernel_guard",
              "--HistoryManager.enabled=False"]   # no history database in a throwaway home
    limits = ["prlimit"] + [f"{option}={value}" for option, value in LIMITS.items()] + ["--"]
    for leftover in ipc_dir.iterdir() if ipc_dir.is_dir() else []:   # the previous kernel's sockets
        remove_tree(leftover)
    ipc_dir.mkdir(exist_ok=True)
    if isolated:
        uid = UID_BASE + os.getpid()
        os.chown(ipc_dir, uid, uid)
        os.chmod(ipc_dir, 0o700)
        os.chown(connection, uid, uid)
        os.chmod(connection, 0o400)
        os.chmod(scratch, 0o755)
        env = kernel_environment(SANDBOX_TMP / "home", SANDBOX_TMP, SANDBOX_TMP / "mpl", SANDBOX_LIB)
        command = (bwrap_arguments(notebook_dir, ipc_dir, connection, lib, args.matplotlib_cache)
                   + ["--", "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                      "--no-new-privs"] + limits + kernel)
    else:
        for name in ("home", "tmp", "mpl"):
            (scratch / name).mkdir()
        if args.matplotlib_cache:      # saves each kernel rebuilding it (a quarter second of CPU)
            for cache in args.matplotlib_cache.glob("fontlist-*.json"):
                shutil.copy2(cache, scratch / "mpl" / cache.name)
        env = kernel_environment(scratch / "home", scratch / "tmp", scratch / "mpl", lib)
        command = limits + kernel
    if os.environ.get("CNN_SANDBOX_DEBUG"):
        (scratch / "command.txt").write_text(" ".join(command))
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
