"""Control groups for grading kernels: each kernel gets its own share of CPU, processes and memory.

A submission that forks a hundred busy processes (each in its own session, under any per-process
limit) would otherwise take the CPU from the students graded beside it until their cells time
out.  Every grading kernel is therefore started in a control group of its own, with

    cpu     at most KERNEL_CPUS CPUs, whatever its number of processes (cpu.max / cfs quota);
    pids    at most KERNEL_TASKS processes and threads (pids.max);
    memory  at most KERNEL_MEMORY bytes for all its processes together (memory.max / limit);

and when the kernel is gone every process left in its group is killed and the group removed.
Both cgroup versions are supported: the unified hierarchy (v2, Debian 12, systemd) and the
per-controller v1 hierarchies some containers mount (only v1 is exercised by the tests on the
development machines).  A run's groups live under one parent, ``cnn-grading-<pid>``: with v1
below the grading process's own group (so limits that apply to the grader apply to its kernels
too), with v2 below the root group (a v2 group that holds processes may not enable controllers
for its children); it is removed when grading ends.

``available()`` says whether this machine lets us create them (root, writable cgroupfs with the
cpu, pids and memory controllers); without them grading still works and warns.
"""

import os
import signal
import time
from pathlib import Path

try:
    from . import limits
except ImportError:            # imported by sandbox.py run as a file: limits.py is beside it
    import limits

KERNEL_CPUS, KERNEL_TASKS, KERNEL_MEMORY = limits.KERNEL_CPUS, limits.KERNEL_TASKS, limits.KERNEL_MEMORY  # limits.py
PERIOD = 100_000               # microseconds

ROOT = Path("/sys/fs/cgroup")
CONTROLLERS = ("cpu", "pids", "memory")


def _own_paths():
    """{controller: path of this process's group} for v1 hierarchies, or {"": path} for v2."""
    paths = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, names, path = line.split(":", 2)
        for name in names.split(","):
            paths[name] = path.lstrip("/")
    return paths


def _version():
    """2 for a unified hierarchy with our controllers, 1 for v1 controllers, None otherwise."""
    if (ROOT / "cgroup.controllers").exists():
        return 2
    if all((ROOT / name).is_dir() for name in CONTROLLERS):
        return 1
    return None


class Group:
    """A control group (v1: one directory per controller) at `relative` below the hierarchies."""

    def __init__(self, relative, version=None):
        self.version = version or _version()
        if self.version == 2:
            # below the root group: a v2 group that holds processes (ours) may not enable
            # controllers for children ("no internal processes"), the root group may
            self.dirs = [ROOT / relative]
        else:
            own = _own_paths()
            self.dirs = [ROOT / name / own.get(name, "") / relative for name in CONTROLLERS]
        self.relative = relative

    # ------------------------------------------------------------------ create and limit

    def create(self, limits=True):
        for folder in self.dirs:
            if self.version == 2:
                self._enable_controllers(folder.parent)
            folder.mkdir(parents=True, exist_ok=True)
        if limits:
            self.limit()
        return self

    @staticmethod
    def _enable_controllers(parent):
        """v2: a group can use a controller only if its parent enables it for its children."""
        control = parent / "cgroup.subtree_control"
        enabled = control.read_text().split()
        missing = [name for name in CONTROLLERS if name not in enabled]
        if missing:
            control.write_text(" ".join(f"+{name}" for name in missing))

    def limit(self, cpus=KERNEL_CPUS, tasks=KERNEL_TASKS, memory=KERNEL_MEMORY):
        if self.version == 2:
            (folder,) = self.dirs
            (folder / "cpu.max").write_text(f"{int(cpus * PERIOD)} {PERIOD}")
            (folder / "pids.max").write_text(str(tasks))
            (folder / "memory.max").write_text(str(memory))
            swap = folder / "memory.swap.max"
            if swap.exists():
                swap.write_text("0")
        else:
            cpu, pids, mem = self.dirs
            (cpu / "cpu.cfs_period_us").write_text(str(PERIOD))
            (cpu / "cpu.cfs_quota_us").write_text(str(int(cpus * PERIOD)))
            (pids / "pids.max").write_text(str(tasks))
            (mem / "memory.limit_in_bytes").write_text(str(memory))

    def add(self, pid):
        for folder in self.dirs:
            (folder / "cgroup.procs").write_text(str(pid))

    # ------------------------------------------------------------------ read

    def pids(self):
        """Every process in the group or below it."""
        found = set()
        for folder in self.dirs:
            if not folder.is_dir():
                continue
            for procs in folder.rglob("cgroup.procs"):
                try:
                    found.update(int(pid) for pid in procs.read_text().split())
                except OSError:
                    continue
        return found

    def limits(self):
        """{"cpu", "pids", "memory"} as set (for tests and messages)."""
        if self.version == 2:
            (folder,) = self.dirs
            quota, period = (folder / "cpu.max").read_text().split()
            return {"cpu": int(quota) / int(period), "pids": int((folder / "pids.max").read_text()),
                    "memory": int((folder / "memory.max").read_text())}
        cpu, pids, mem = self.dirs
        return {"cpu": int((cpu / "cpu.cfs_quota_us").read_text()) / int((cpu / "cpu.cfs_period_us").read_text()),
                "pids": int((pids / "pids.max").read_text()),
                "memory": int((mem / "memory.limit_in_bytes").read_text())}

    # ------------------------------------------------------------------ end

    def kill(self, timeout=5.0):
        """SIGKILL every process in the group (and below) until none is left or time is up."""
        deadline = time.monotonic() + timeout
        while True:
            pids = self.pids() - {os.getpid()}
            if not pids:
                return True
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def remove(self):
        """Kill what is left and remove the group and the groups below it (deepest first)."""
        self.kill()
        for folder in self.dirs:
            if not folder.is_dir():
                continue
            for below in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
                _rmdir(below)
            _rmdir(folder)


def _rmdir(folder):
    for _ in range(50):
        try:
            folder.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:       # busy for a moment after its last process died
            time.sleep(0.02)


def available():
    """True if this process may create control groups with cpu, pids and memory limits."""
    if os.geteuid() != 0 or _version() is None:
        return False
    probe = Group(f"cnn-grading-probe-{os.getpid()}")
    try:
        probe.create()
        probe.limits()
        return True
    except OSError:
        return False
    finally:
        try:
            probe.remove()
        except OSError:
            pass
