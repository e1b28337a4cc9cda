"""The instructor's Jupyter server on the course's JupyterHub (JUPYTER_CONFIG_PATH of the
instructor's server only; jupyterhub_config.py sets it).

The formgrader panel of JupyterLab shows nbgrader's formgrader page in an iframe.  Since
JupyterHub 4.1 every single-user server sends ``Content-Security-Policy: frame-ancestors
'none'``, so the browser refuses to draw any page of the server inside a frame, even inside
the same server's JupyterLab: the panel stays blank.  The instructor's server (and only it)
sends ``frame-ancestors 'self'`` instead, as nbgrader's "Formgrader with jupyterhub>=4.1"
notes describe.

Trade-off: without subdomains every user's server is on the hub's one origin
(https://hub.example.edu/user/<name>/), so 'self' admits pages served by any user's server,
not just the instructor's.  A page that could get the instructor's browser to open it
from a student's server (which JupyterHub does not allow unless the instructor is given
access to students' servers or sharing is enabled: keep both off) could then frame the
instructor's JupyterLab and act in it.  Students' servers keep 'none'.  The safe alternative
is per-user subdomains, ``c.JupyterHub.enable_subdomains = True`` with ``subdomain_host``
(a wildcard DNS entry and a wildcard TLS certificate): each server then has its own origin
and 'self' means the instructor's server alone.  Without either, the formgrader still works
in a browser tab of its own: https://hub.example.edu/user/<instructor>/formgrader.
"""

c = get_config()  # noqa: F821 -- provided by Jupyter when it loads this file

c.ServerApp.tornado_settings = {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}
