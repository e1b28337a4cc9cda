"""JupyterHub for one class of "CNNs from scratch": one instructor, the students, one machine.

- log-in: PAM, i.e. the machine's Unix accounts and their passwords; the instructor and the
  members of the class's Unix group may log in (add a student: ``usermod -aG GROUP USER``);
- servers: LocalProcessSpawner, one JupyterLab per user, run as that user in their home, from
  the hub's own environment (the course environment plus JupyterHub: requirements.txt here);
- proxy: configurable-http-proxy (npm, pinned in package.json), started by the hub;
- roles: every user's server gets JUPYTER_CONFIG_PATH=<its role's folder>: students get
  roles/student (nbgrader's Create Assignment, Formgrader and Course List hidden; the
  Assignment List and Validate kept), the instructor roles/instructor (all of nbgrader, the
  formgrader allowed in JupyterLab's panel, the course folder for the formgrader).

setup_hub.py (run once as root) copies this file into its --hub-dir (/etc/jupyterhub) with
the settings it reads, cnn-from-scratch.json, and the role folders beside it; start the hub
with the interpreter of the hub's environment:

    /opt/cnn-from-scratch/hub/bin/jupyterhub -f /etc/jupyterhub/jupyterhub_config.py

(docs/jupyterhub.md: the whole round trip, and a systemd unit.)  Command-line options
override what is here, e.g. ``--ip 127.0.0.1 --port 8000`` (tests/test_jupyterhub.py).
"""

import json
import os
import sys

c = get_config()  # noqa: F821 -- provided by JupyterHub when it loads this file

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "cnn-from-scratch.json")) as file:
    settings = json.load(file)
# The hub's environment: every user's server runs from it too (it must be readable by all
# users, e.g. /opt/cnn-from-scratch/hub, never a venv under /root).
BIN = os.path.dirname(os.path.abspath(sys.executable))

# ---------------------------------------------------------------- who may log in
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = {settings["instructor"]}
c.PAMAuthenticator.allowed_groups = {settings["group"]}
# Only those: someone taken out of the group cannot log in any more, even if they did before.
c.Authenticator.allow_existing_users = False
# Nobody is a hub admin: an admin can open every student's server (and act as them).  The
# hub is administered by root on the command line.
c.Authenticator.admin_users = set()

# ---------------------------------------------------------------- the hub itself
c.JupyterHub.bind_url = settings.get("bind_url", "http://:8000")
if settings.get("ssl_cert"):       # PAM passwords cross the network: use TLS, here or in a proxy in front
    c.JupyterHub.ssl_cert = settings["ssl_cert"]
    c.JupyterHub.ssl_key = settings["ssl_key"]
STATE = settings["state_dir"]      # root's only (0700): the hub's database, cookie secret, proxy pid
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "jupyterhub-proxy.pid")
c.ConfigurableHTTPProxy.command = [settings["proxy"]]

# ---------------------------------------------------------------- every user's server
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [os.path.join(BIN, "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"


def role_config(spawner):
    """The Jupyter config folder of this user's role (JUPYTER_CONFIG_PATH: above the
    environment's own config, below the user's ~/.jupyter)."""
    role = "instructor" if spawner.user.name == settings["instructor"] else "student"
    return settings["roles"][role]


c.Spawner.environment = {
    # nbgrader, python and jupyter of the hub's environment first, in terminals too
    "PATH": os.pathsep.join([BIN, "/usr/local/bin", "/usr/bin", "/bin"]),
    "JUPYTER_CONFIG_PATH": role_config,
}
