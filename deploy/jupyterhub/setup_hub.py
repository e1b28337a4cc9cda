"""One-time setup, as root, of a JupyterHub for one class of "CNNs from scratch" on one machine.

    sudo /opt/cnn-from-scratch/hub/bin/python deploy/jupyterhub/setup_hub.py --instructor alice

Run it with the interpreter of the hub's environment (a virtualenv made from
deploy/jupyterhub/requirements.txt, see docs/jupyterhub.md).  It is safe to run again (after
changing an option, or to repair permissions); it prints what it does:

1. the exchange root (--exchange, default /srv/nbgrader/exchange), mode 1777 and owned by root:
   every user may create files in it, as nbgrader requires, and the sticky bit (the 1, as
   on /tmp) keeps anyone but their owner from deleting or renaming them.  Without it
   ``nbgrader release_assignment`` creates the folder itself, mode 0777 and owned by whoever
   ran first, and the other commands stop with "Unwritable directory";
2. the global nbgrader config for everyone (--nbgrader-config-dir, default /etc/jupyter, read by
   every nbgrader on the machine): the course id and that exchange root, so that students
   never need --course;
3. the hub's files in --hub-dir (default /etc/jupyterhub): jupyterhub_config.py, its settings
   (cnn-from-scratch.json) and the two role folders that the hub gives each user's server as
   JUPYTER_CONFIG_PATH:
     cnn-from-scratch/student     hides nbgrader's Create Assignment, Formgrader and Course
                                  List (Assignment List and Validate stay);
     cnn-from-scratch/instructor  keeps them, lets the formgrader render in JupyterLab's panel
                                  (Content-Security-Policy: frame-ancestors 'self', for this
                                  server only: see roles/instructor/jupyter_server_config.py
                                  for the trade-off and the subdomain alternative), and points
                                  the formgrader at the course folder (--course);
4. the class's Unix group (--group, default cnn-from-scratch; the hub lets its members log in)
   and the hub's state folder (--state-dir, default /srv/jupyterhub, root only);
5. the instructor's home made private (0700) if others could read it: the course folder in it
   holds the solutions, the hidden tests and the gradebook.
"""

import argparse
import grp
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COURSE_ID = "cnn-from-scratch"
MARKER = "# written by deploy/jupyterhub/setup_hub.py"


def say(message):
    print(f"setup_hub: {message}", flush=True)


def fail(message):
    sys.exit(f"setup_hub: error: {message}")


def write(path, text, mode=0o644):
    path.parent.mkdir(parents=True, exist_ok=True)
    changed = not path.exists() or path.read_text() != text
    path.write_text(text)
    path.chmod(mode)
    say(f"{'wrote' if changed else 'unchanged'} {path}")


def exchange_root(path):
    """Create the exchange root, mode 1777 and root-owned, with traversable parents."""
    for parent in reversed(path.parents):
        if not parent.exists():
            parent.mkdir(mode=0o755)
        elif not os.stat(parent).st_mode & stat.S_IXOTH:
            fail(f"{parent} is not traversable by other users, so students could not reach {path}")
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        fail(f"{path} exists and is not a folder")
    if not path.exists():
        path.mkdir()
        say(f"created the exchange root {path}")
    before = stat.S_IMODE(os.stat(path).st_mode)
    os.chown(path, 0, 0)
    path.chmod(0o1777)
    say(f"exchange root {path}: mode 1777 (was {before:04o}), owner root")


def global_nbgrader_config(folder, exchange, force):
    path = folder / "nbgrader_config.py"
    if path.exists() and MARKER not in path.read_text() and not force:
        fail(f"{path} exists and was not written by this script; add these two lines to it by hand, or "
             f"run again with --force to replace it:\n  c.CourseDirectory.course_id = {COURSE_ID!r}\n"
             f"  c.Exchange.root = {str(exchange)!r}")
    write(path, f'''{MARKER}
"""nbgrader configuration for every user of this machine (students and instructor alike):
the course and the exchange, so that nbgrader fetch_assignment / submit / fetch_feedback,
the Assignment List, release_assignment, collect and release_feedback all agree without
--course.  The course's own settings (grading) are in the course folder's nbgrader_config.py."""

c = get_config()  # noqa: F821 -- provided by nbgrader when it loads this file

c.CourseDirectory.course_id = {COURSE_ID!r}
# created by setup_hub.py: mode 1777 (everyone may add files, only owners may remove them)
c.Exchange.root = {str(exchange)!r}
''')


def hub_files(hub_dir, settings, course):
    hub_dir.mkdir(parents=True, exist_ok=True)
    hub_dir.chmod(0o755)
    write(hub_dir / "jupyterhub_config.py", (HERE / "jupyterhub_config.py").read_text())
    write(hub_dir / "cnn-from-scratch.json", json.dumps(settings, indent=2) + "\n")
    roles = Path(settings["roles"]["student"]).parent
    if roles.exists():
        shutil.rmtree(roles)            # only what this script wrote there (it is ours alone)
    shutil.copytree(HERE / "roles", roles)
    for path in [roles, *roles.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    say(f"wrote the role folders {roles}/student and {roles}/instructor")
    write(roles / "instructor" / "nbgrader_config.py", f'''{MARKER}
"""The instructor's nbgrader settings inside their hub server (the formgrader, JupyterLab's
terminals): the course folder, and that folder's own nbgrader_config.py, so that the
formgrader grades and writes feedback with the course's settings."""

c = get_config()  # noqa: F821 -- provided by nbgrader when it loads this file

c.CourseDirectory.root = {str(course)!r}
load_subconfig({str(course / "nbgrader_config.py")!r})  # noqa: F821 -- nothing if it does not exist yet
''')


def class_group(name):
    try:
        grp.getgrnam(name)
        say(f"group {name} exists")
    except KeyError:
        subprocess.run(["groupadd", name], check=True)
        say(f"created the group {name}: add each student with `usermod -aG {name} USER`")


def private_home(user):
    home = Path(user.pw_dir)
    mode = stat.S_IMODE(os.stat(home).st_mode)
    if mode & 0o077:
        home.chmod(mode & 0o700)
        say(f"{home}: mode {mode & 0o700:04o} (was {mode:04o}): other users can no longer read the course in it")
    else:
        say(f"{home}: private already ({mode:04o})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instructor", required=True, help="the instructor's Unix account")
    parser.add_argument("--course", type=Path, help="the course folder (default: ~INSTRUCTOR/cnn-from-scratch)")
    parser.add_argument("--group", default="cnn-from-scratch", help="the class's Unix group (default: %(default)s)")
    parser.add_argument("--exchange", type=Path, default=Path("/srv/nbgrader/exchange"),
                        help="nbgrader's exchange root (default: %(default)s)")
    parser.add_argument("--nbgrader-config-dir", type=Path, default=Path("/etc/jupyter"),
                        help="where the global nbgrader_config.py goes (default: %(default)s)")
    parser.add_argument("--hub-dir", type=Path, default=Path("/etc/jupyterhub"),
                        help="where jupyterhub_config.py and its settings go (default: %(default)s)")
    parser.add_argument("--state-dir", type=Path, default=Path("/srv/jupyterhub"),
                        help="the hub's database and cookie secret, root only (default: %(default)s)")
    parser.add_argument("--proxy", help="configurable-http-proxy to run (default: the one on PATH)")
    parser.add_argument("--bind-url", default="http://:8000", help="where the hub listens (default: %(default)s)")
    parser.add_argument("--ssl-cert", type=Path, help="TLS certificate (or put a TLS proxy in front)")
    parser.add_argument("--ssl-key", type=Path, help="TLS key")
    parser.add_argument("--force", action="store_true", help="replace a global nbgrader_config.py not written here")
    args = parser.parse_args(argv)

    if os.geteuid() != 0:
        fail("run me as root (sudo): I create the exchange root and write system configuration")
    try:
        import jupyterhub  # noqa: F401
        import nbgrader  # noqa: F401
    except ImportError as error:
        fail(f"run me with the hub environment's python, which has jupyterhub and nbgrader ({error})")
    try:
        instructor = pwd.getpwnam(args.instructor)
    except KeyError:
        fail(f"no Unix account {args.instructor!r}: create it first (useradd -m {args.instructor})")
    proxy = args.proxy or shutil.which("configurable-http-proxy")
    if not proxy or not os.access(proxy, os.X_OK):
        fail(f"configurable-http-proxy not found ({proxy or 'not on PATH'}): "
             "npm install -g configurable-http-proxy@5.2.0, or pass --proxy")
    if bool(args.ssl_cert) != bool(args.ssl_key):
        fail("--ssl-cert and --ssl-key go together")
    course = (args.course or Path(instructor.pw_dir) / "cnn-from-scratch").absolute()
    exchange, hub_dir = args.exchange.absolute(), args.hub_dir.absolute()

    exchange_root(exchange)
    global_nbgrader_config(args.nbgrader_config_dir.absolute(), exchange, args.force)
    class_group(args.group)
    args.state_dir.mkdir(parents=True, exist_ok=True)
    args.state_dir.chmod(0o700)
    say(f"hub state folder {args.state_dir.absolute()} (root only)")
    roles = hub_dir / "cnn-from-scratch"
    settings = {
        "instructor": args.instructor, "group": args.group, "course": str(course),
        "proxy": str(Path(proxy).absolute()), "bind_url": args.bind_url,
        "state_dir": str(args.state_dir.absolute()),
        "roles": {"student": str(roles / "student"), "instructor": str(roles / "instructor")},
    }
    if args.ssl_cert:
        settings.update(ssl_cert=str(args.ssl_cert.absolute()), ssl_key=str(args.ssl_key.absolute()))
    hub_files(hub_dir, settings, course)
    private_home(instructor)
    say("done. Start the hub with:\n"
        f"  {Path(sys.executable).parent / 'jupyterhub'} -f {hub_dir / 'jupyterhub_config.py'}\n"
        f"Students: add them to the group ({args.group}); they log in with their Unix password.")


if __name__ == "__main__":
    main()
