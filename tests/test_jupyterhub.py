"""The shared-server round trip on a real JupyterHub (deploy/jupyterhub/), both sides.

Root of the machine, as in docs/jupyterhub.md: the hub's environment (a virtualenv built from
Debian's /usr/bin/python3 with deploy/jupyterhub/requirements.txt, in
/var/cache/cnn-from-scratch/ where every user can run it, cached by the hash of the
requirement files), real Unix accounts with passwords (cnn-instructor; cnn-student1..3,
members of the class's group), deploy/jupyterhub/setup_hub.py, then JupyterHub with its real
proxy (configurable-http-proxy from deploy/jupyterhub/node_modules, .ci/run installs it) on
127.0.0.1, PAM log-in and LocalProcessSpawner.  Then the class:

  instructor   course folder in their home; nbgrader generate_assignment, release_assignment
  cnn-student1 in Chromium: logs in on the hub's page, Assignment List > Fetch, writes the
               solved notebook (Jupyter's contents API), Submit
  cnn-student2 nbgrader fetch_assignment / submit as that Unix user, the notebook untouched
  cnn-student3 the same with the solved notebook renamed "cnn_step_by_step (1).ipynb"
  lms-student  no account: the instructor puts the work straight into submitted/
  instructor   in Chromium: the formgrader panel of JupyterLab lists the assignment (not blank)
  instructor   nbgrader collect; root: python -m cnn_course grade (make grade) in the course
               folder; instructor: nbgrader release_feedback (names lms-student, exit 0)
  students     cnn-student1 with the Assignment List's Fetch Feedback button, the others with
               nbgrader fetch_feedback; each fetched page is their own, with their score

Students never pass --course (the global nbgrader config of setup_hub.py has it).  Screenshots
of every browser step go to a folder the test prints; the hub's log is copied there too.
Everything is undone at the end, and leftovers of an aborted run are removed first: the
hub and its proxy stopped, every process of the test accounts killed, the accounts, their
homes and the group deleted.  Root only (it creates accounts): skipped otherwise, a failure
under CI=1.

Two expectations depend on `make grade` (cnn_course/grading.py) and are separate tests so
that the rest of the round trip reports on its own: what grading writes into the course
folder belongs to the folder's owner afterwards, and the feedback page of a renamed notebook
is named after the submitted name, so that nbgrader fetch_feedback finds it.
"""

import fcntl
import grp
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import stat
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from test_browser import CHROMIUM, CHROMIUM_ARGS, LAB_SETTINGS, TIMEOUT, free_port

from conftest import ASSIGNMENT, RELEASE, ROOT, course, notebooks

pytestmark = pytest.mark.jupyterhub

DEPLOY = ROOT / "deploy" / "jupyterhub"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
SYSTEM_PYTHON = Path("/usr/bin/python3")
CACHE = Path("/var/cache/cnn-from-scratch")     # world-readable: the hub environment, the run
RUN = CACHE / "hub-test"                  # this run's exchange, hub files and state, logs
COURSE_ID = "cnn-from-scratch"
INSTRUCTOR = "cnn-instructor"
BROWSER_STUDENT, STUB_STUDENT, RENAMED_STUDENT = "cnn-student1", "cnn-student2", "cnn-student3"
STUDENTS = [BROWSER_STUDENT, STUB_STUDENT, RENAMED_STUDENT]
LMS_STUDENT = "lms-student"
GROUP = "cnn-test-class"
RENAMED = f"{ASSIGNMENT} (1).ipynb"
SPAWN_TIMEOUT = 120_000                   # ms: log-in, server start and JupyterLab's first page
SCORE = re.compile(r"\(Score: ([\d.]+) / ([\d.]+)\)</h4>")

# What the main test found, for the two tests of grading's part (they run after it).
OUTCOME = {}


def announcer(config):
    """print() past pytest's output capture: progress lines while the test runs."""
    capture = config.pluginmanager.getplugin("capturemanager")

    def say(message):
        with capture.global_and_fixture_disabled():
            print(message, flush=True)
    return say


# ------------------------------------------------------------------ accounts and processes

def processes_of(uids, homes):
    """Pids of the processes (from /proc) whose real uid is in uids or whose working folder is
    in one of the homes (root's grading of an aborted run, in the instructor's course)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            uid = int(re.search(r"^Uid:\s+(\d+)", (entry / "status").read_text(), re.M).group(1))
            cwd = os.readlink(entry / "cwd")
        except (OSError, AttributeError):
            continue
        if uid in uids or any(cwd == str(home) or cwd.startswith(f"{home}/") for home in homes):
            found.append(int(entry.name))
    return found


def kill_pid_from(pidfile, program):
    """Kill the process a pid file names if it is still that program (a leftover)."""
    try:
        pid = int(Path(pidfile).read_text().strip())
        if program.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
            os.kill(pid, signal.SIGKILL)
    except (OSError, ValueError):
        pass


def remove_accounts(say):
    """Delete the test accounts (killing their processes first), their homes and the group."""
    uids, homes = {}, [Path("/home") / name for name in [INSTRUCTOR, *STUDENTS]]
    for name in [INSTRUCTOR, *STUDENTS]:
        try:
            account = pwd.getpwnam(name)
            uids[name] = account.pw_uid
            homes.append(Path(account.pw_dir))
        except KeyError:
            pass
    for _attempt in range(20):
        pids = processes_of(set(uids.values()), homes)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.25)
    for name in uids:
        subprocess.run(["userdel", "--remove", "--force", name], capture_output=True)
        say(f"  removed the account {name}")
    for name in [INSTRUCTOR, *STUDENTS]:
        home = Path("/home") / name
        if home.exists():
            shutil.rmtree(home)
    try:
        grp.getgrnam(GROUP)
        subprocess.run(["groupdel", GROUP], check=True, capture_output=True)
    except KeyError:
        pass


def create_account(name, password, home_mode):
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", "--key", f"HOME_MODE={home_mode}", name],
                   check=True, capture_output=True, text=True)
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", check=True, capture_output=True, text=True)


# ------------------------------------------------------------------ the hub's environment

def hub_environment(say):
    """The hub's virtualenv, from Debian's python3, readable by every user; built once per
    version of the requirement files (and of that python), then reused."""
    digest = hashlib.sha256()
    for path in [ROOT / "constraints.txt", ROOT / "requirements.txt", DEPLOY / "requirements.txt"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(subprocess.run([SYSTEM_PYTHON, "--version"], capture_output=True, text=True).stdout.encode())
    venv = CACHE / f"hub-venv-{digest.hexdigest()[:16]}"
    done = venv / ".complete"
    if done.exists():
        say(f"  hub environment: {venv} (cached)")
    else:
        say(f"  hub environment: building {venv} from {SYSTEM_PYTHON} (first run: a few minutes)")
        shutil.rmtree(venv, ignore_errors=True)
        started = time.monotonic()
        for command in ([SYSTEM_PYTHON, "-m", "venv", venv],
                        [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "-r", DEPLOY / "requirements.txt"]):
            result = subprocess.run(command, capture_output=True, text=True, umask=0o022, timeout=1800)
            assert result.returncode == 0, (f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}\n"
                                            f"{result.stderr[-3000:]}")
        done.write_text(digest.hexdigest() + "\n")
        say(f"  hub environment built in {time.monotonic() - started:.0f} s")
        for stale in CACHE.glob("hub-venv-*"):          # environments of older requirement files
            if stale != venv:
                shutil.rmtree(stale, ignore_errors=True)
    return venv


# ------------------------------------------------------------------ the hub

class Hub:
    """The running hub, its class and the instructor's course folder."""

    def __init__(self, venv, url, passwords, log, shots):
        self.venv, self.bin, self.url, self.passwords, self.log, self.shots = (
            venv, venv / "bin", url, passwords, log, shots)
        self.exchange = RUN / "exchange"
        self.course = Path(pwd.getpwnam(INSTRUCTOR).pw_dir) / COURSE_ID

    def home(self, user):
        return Path(pwd.getpwnam(user).pw_dir)

    def run_as(self, user, *args, cwd=None, input=None, check=True):
        """Run a command as a Unix user of the class, in their home (or cwd), with the hub's
        environment first on PATH, as a terminal of their hub server has it."""
        account = pwd.getpwnam(user)
        env = {"HOME": account.pw_dir, "USER": user, "LOGNAME": user, "LANG": "C.UTF-8",
               "PATH": os.pathsep.join([str(self.bin), "/usr/bin", "/bin"])}
        result = subprocess.run([str(a) for a in args], cwd=cwd or account.pw_dir, env=env, input=input,
                                user=account.pw_uid, group=account.pw_gid,
                                extra_groups=os.getgrouplist(user, account.pw_gid),
                                capture_output=True, text=True, timeout=600)
        if check:
            assert result.returncode == 0, (f"as {user}: {' '.join(map(str, args))} failed ({result.returncode}):\n"
                                            f"{result.stdout}\n{result.stderr}")
        return result

    def nbgrader(self, user, *args, cwd=None, check=True):
        """``nbgrader ARGS`` as a user; returns the CompletedProcess (nbgrader logs to stderr)."""
        return self.run_as(user, self.bin / "nbgrader", *args, cwd=cwd, check=check)

    def write_as(self, user, path, text):
        """Write a file as that user (so it is theirs, with their umask)."""
        self.run_as(user, self.bin / "python", "-c",
                    "import sys; open(sys.argv[1], 'w', encoding='utf-8').write(sys.stdin.read())", path, input=text)

    def log_tail(self, lines=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def wait_for_hub(url, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, f"JupyterHub exited ({process.returncode}):\n{log.read_text()[-4000:]}"
        try:
            with urllib.request.urlopen(f"{url}/hub/api/", timeout=5) as response:
                return json.loads(response.read())["version"]
        except (urllib.error.URLError, ConnectionError, OSError):
            assert time.monotonic() < deadline, f"JupyterHub did not answer in {seconds} s:\n{log.read_text()[-4000:]}"
            time.sleep(0.3)


@pytest.fixture(scope="module")
def hub(request, tmp_path_factory):
    """Accounts, setup_hub.py, the instructor's released course, and JupyterHub running."""
    say = announcer(request.config)
    if os.geteuid() != 0:
        message = "creates Unix accounts and runs JupyterHub's PAM log-in and spawner: run it as root"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    for path, remedy in [(CHROMIUM, "apt-get install chromium"), (SYSTEM_PYTHON, "apt-get install python3-venv"),
                         (PROXY, "npm ci --prefix deploy/jupyterhub (.ci/run does it)"),
                         (Path("/usr/sbin/useradd"), "apt-get install passwd")]:
        if not path.exists():
            pytest.fail(f"{path} is missing: {remedy}")
    shots = tmp_path_factory.mktemp("jupyterhub_screenshots")
    say(f"\njupyterhub screenshots and logs: {shots}")
    CACHE.mkdir(parents=True, exist_ok=True)
    CACHE.chmod(0o755)
    with ExitStack() as cleanup:
        lock = cleanup.enter_context(open(CACHE / "hub-test.lock", "w"))
        fcntl.flock(lock, fcntl.LOCK_EX)          # one run at a time on this machine (the same accounts)
        started = time.monotonic()
        venv = hub_environment(say)
        global_config = venv / "etc" / "jupyter" / "nbgrader_config.py"

        # leftovers of an aborted run: its hub and proxy, the accounts' processes, the accounts
        kill_pid_from(RUN / "hub.pid", "jupyterhub")
        kill_pid_from(RUN / "state" / "jupyterhub-proxy.pid", "configurable-http-proxy")
        remove_accounts(say)
        shutil.rmtree(RUN, ignore_errors=True)
        RUN.mkdir(mode=0o755)

        def undo():
            say("  cleaning up: accounts, group, hub files")
            remove_accounts(say)
            global_config.unlink(missing_ok=True)
            for name in ["jupyterhub.log", "setup_hub.log"]:
                if (RUN / name).exists():
                    shutil.copy2(RUN / name, shots / name)
            shutil.rmtree(RUN, ignore_errors=True)
        cleanup.callback(undo)

        passwords = {name: secrets.token_urlsafe(12) for name in [INSTRUCTOR, *STUDENTS]}
        # the instructor's home as useradd makes it by default here (0755): setup_hub.py closes it
        create_account(INSTRUCTOR, passwords[INSTRUCTOR], "0755")
        for student in STUDENTS:
            create_account(student, passwords[student], "0700")
        say(f"  accounts {INSTRUCTOR}, {', '.join(STUDENTS)} created ({time.monotonic() - started:.0f} s)")

        port, hub_port, api_port = free_port(), free_port(), free_port()
        url = f"http://127.0.0.1:{port}"
        setup = subprocess.run(
            [venv / "bin" / "python", DEPLOY / "setup_hub.py", "--instructor", INSTRUCTOR, "--group", GROUP,
             "--exchange", RUN / "exchange", "--nbgrader-config-dir", global_config.parent,
             "--hub-dir", RUN / "hub", "--state-dir", RUN / "state", "--proxy", PROXY, "--bind-url", url],
            capture_output=True, text=True)
        (RUN / "setup_hub.log").write_text(setup.stdout + setup.stderr)
        say("\n".join("    " + line for line in setup.stdout.splitlines()))
        assert setup.returncode == 0, setup.stdout + setup.stderr
        for student in STUDENTS:
            subprocess.run(["usermod", "--append", "--groups", GROUP, student], check=True)

        hub = Hub(venv, url, passwords, RUN / "jupyterhub.log", shots)
        # the instructor's course folder: what course.copy_course gives, and the committed release
        course.copy_course(hub.course)
        shutil.copytree(RELEASE, hub.course / "release" / ASSIGNMENT)
        subprocess.run(["chown", "-R", f"{INSTRUCTOR}:{INSTRUCTOR}", hub.course], check=True)
        for name, settings in LAB_SETTINGS.items():     # no news pop-up in the browser users' JupyterLab
            for user in [INSTRUCTOR, BROWSER_STUDENT]:
                path = hub.home(user) / ".jupyter" / "lab" / "user-settings" / name
                hub.run_as(user, "mkdir", "-p", path.parent)
                hub.write_as(user, path, json.dumps(settings))

        with open(hub.log, "w") as log:
            process = subprocess.Popen(
                [venv / "bin" / "jupyterhub", "-f", RUN / "hub" / "jupyterhub_config.py",
                 f"--JupyterHub.hub_bind_url=http://127.0.0.1:{hub_port}",
                 f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api_port}"],
                cwd=RUN / "state", stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env={"PATH": os.pathsep.join([str(venv / "bin"), "/usr/bin", "/bin"]), "LANG": "C.UTF-8"})
        (RUN / "hub.pid").write_text(str(process.pid))

        def stop_hub():
            process.terminate()            # the hub stops every user's server and its proxy, then exits
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            kill_pid_from(RUN / "state" / "jupyterhub-proxy.pid", "configurable-http-proxy")
            say("  JupyterHub stopped")
        cleanup.callback(stop_hub)
        version = wait_for_hub(url, process, hub.log)
        say(f"  JupyterHub {version} at {url} ({time.monotonic() - started:.0f} s)")
        yield hub


# ------------------------------------------------------------------ the browser

def log_in(context, hub, user, shot):
    """Log in on the hub's page; wait for the user's JupyterLab (the hub spawns it)."""
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(hub.passwords[user])
    shot(page, f"{user}_login_page")
    page.locator("#login_submit").click()
    page.wait_for_url(re.compile(rf"/user/{user}/lab"), timeout=SPAWN_TIMEOUT)
    expect(page.locator("#jp-main-dock-panel")).to_be_visible(timeout=SPAWN_TIMEOUT)
    expect(page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Nbgrader$"))).to_be_visible(timeout=TIMEOUT)
    return page


def menu(page, title, item):
    """Click a main-menu item (e.g. Nbgrader > Assignment List)."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{title}$")).click()
    page.locator(".lm-Menu-item:visible", has_text=re.compile(rf"^{item}")).first.click()


def menu_items(page, title):
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{title}$")).click()
    items = page.locator(".lm-Menu:visible .lm-Menu-itemLabel").all_inner_texts()
    page.keyboard.press("Escape")
    return [item for item in items if item.strip()]


def page_config(page):
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent)")


def assignment_row(page, section):
    """The cnn_step_by_step row of a section of the Assignment List (released_assignments_list,
    fetched_assignments_list, submitted_assignments_list); a downloaded assignment's row holds
    the (collapsed) rows of its notebooks, which come after it."""
    return page.locator(f"#{section} .list_item", has_text=ASSIGNMENT).first


def put_notebook(page, user, path, nb):
    """Save a notebook through the user's Jupyter contents API, from their logged-in page
    (the hub's cookie, and the server's _xsrf cookie as JupyterLab sends it)."""
    status = page.evaluate(
        """async ([url, body]) => {
            const xsrf = (document.cookie.match(/(?:^|;\\s*)_xsrf=([^;]+)/) || [])[1];
            const response = await fetch(url, {method: 'PUT', body: JSON.stringify(body),
                headers: {'Content-Type': 'application/json', 'X-XSRFToken': decodeURIComponent(xsrf || '')}});
            return response.status; }""",
        [f"/user/{user}/api/contents/{path}", {"type": "notebook", "format": "json", "content": nb}])
    assert status in (200, 201), f"PUT {path} through the contents API: HTTP {status}"


def score_of(page_html):
    match = SCORE.search(page_html)
    assert match, "no '(Score: x / y)' heading in the feedback page"
    return float(match.group(1)), float(match.group(2))


def fetched_pages(hub, user):
    """{file name: text} of the feedback a student fetched (~/ASSIGNMENT/feedback/<time>/)."""
    return {p.name: p.read_text() for p in sorted((hub.home(user) / ASSIGNMENT / "feedback").glob("*/*.html"))}


# ------------------------------------------------------------------ the round trip

def test_round_trip_on_jupyterhub(request, hub, source_nb, release_nb):
    started, say = time.monotonic(), announcer(request.config)

    def step(message):
        say(f"  {time.monotonic() - started:5.1f} s  {message}")

    def shot(page, name):
        page.screenshot(path=hub.shots / f"{name}.png")

    solved = notebooks.fill_solutions(release_nb, source_nb)
    instructor = hub.course

    # ---- one-time setup, as setup_hub.py left it
    mode = stat.S_IMODE(os.stat(hub.exchange).st_mode)
    assert mode == 0o1777 and os.stat(hub.exchange).st_uid == 0, f"exchange root mode {mode:o}"
    assert stat.S_IMODE(os.stat(hub.home(INSTRUCTOR)).st_mode) == 0o700
    denied = hub.run_as(STUB_STUDENT, "cat", instructor / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", check=False)
    assert denied.returncode != 0 and "Permission denied" in denied.stderr, denied
    step("setup: exchange root 1777 root-owned; instructor's home 0700 (a student cannot read source/)")

    # ---- instructor: generate and release (no --course: the global config has the course id)
    hub.nbgrader(INSTRUCTOR, "generate_assignment", ASSIGNMENT, "--force", cwd=instructor)
    released = hub.nbgrader(INSTRUCTOR, "release_assignment", ASSIGNMENT, cwd=instructor)
    assert f"Released as: {COURSE_ID} {ASSIGNMENT}" in released.stderr, released.stderr
    assert (hub.exchange / COURSE_ID / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    moved = hub.run_as(STUB_STUDENT, "mv", hub.exchange / COURSE_ID, hub.exchange / "taken", check=False)
    assert moved.returncode != 0 and "Operation not permitted" in moved.stderr, moved
    step("instructor: nbgrader release_assignment; the sticky bit keeps a student from moving it away")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        student_context = browser.new_context(viewport={"width": 1400, "height": 900})
        instructor_context = browser.new_context(viewport={"width": 1400, "height": 900})
        for context in (student_context, instructor_context):
            context.set_default_timeout(TIMEOUT)
        try:
            # ---- cnn-student1 in the browser: log in, Assignment List, Fetch
            student = log_in(student_context, hub, BROWSER_STUDENT, shot)
            disabled = page_config(student).get("disabledExtensions", [])
            for plugin in ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                           "@jupyter/nbgrader:course-list"]:
                assert plugin in disabled, f"{plugin} not hidden from students: {disabled}"
            items = menu_items(student, "Nbgrader")
            assert "Assignment List" in items and "Formgrader" not in items and "Course List" not in items, items
            assert student.request.get(f"{hub.url}/user/{BROWSER_STUDENT}/formgrader").status == 404
            policy = student.request.get(f"{hub.url}/user/{BROWSER_STUDENT}/lab").headers["content-security-policy"]
            assert policy.startswith("frame-ancestors 'none'"), policy     # JupyterHub's default, kept
            shot(student, "1_student_jupyterlab")
            step(f"{BROWSER_STUDENT}: logged in; Nbgrader menu {items}: no Formgrader (404), Course List, Create "
                 "Assignment; frame-ancestors 'none'")
            menu(student, "Nbgrader", "Assignment List")
            fetch = assignment_row(student, "released_assignments_list").get_by_role("button", name="Fetch")
            expect(fetch).to_be_visible(timeout=TIMEOUT)
            shot(student, "2_student_assignment_list_released")
            fetch.click()
            expect(assignment_row(student, "fetched_assignments_list")).to_be_visible(timeout=TIMEOUT)
            assert (hub.home(BROWSER_STUDENT) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
            shot(student, "3_student_fetched")
            step(f"{BROWSER_STUDENT}: Assignment List > Fetch: ~/{ASSIGNMENT}/ downloaded")

            # ---- the solved notebook through the contents API, then Submit
            put_notebook(student, BROWSER_STUDENT, f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb", solved)
            assert os.stat(hub.home(BROWSER_STUDENT) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").st_uid == \
                pwd.getpwnam(BROWSER_STUDENT).pw_uid
            submit = assignment_row(student, "fetched_assignments_list").get_by_role("button", name="Submit")
            submit.click()
            expect(assignment_row(student, "submitted_assignments_list")).to_be_visible(timeout=TIMEOUT)
            shot(student, "4_student_submitted")
            step(f"{BROWSER_STUDENT}: solved notebook saved (contents API), Submit: listed as submitted")

            # ---- cnn-student2 and cnn-student3 on the command line, no --course
            for name in [STUB_STUDENT, RENAMED_STUDENT]:
                listed = hub.nbgrader(name, "list")
                assert f"{COURSE_ID} {ASSIGNMENT}" in listed.stderr, listed.stderr
                assert "No nbgrader_config.py file found" not in listed.stderr, listed.stderr   # the global one is
                hub.nbgrader(name, "fetch_assignment", ASSIGNMENT)
            folder = hub.home(RENAMED_STUDENT) / ASSIGNMENT
            hub.run_as(RENAMED_STUDENT, "rm", folder / f"{ASSIGNMENT}.ipynb")
            hub.write_as(RENAMED_STUDENT, folder / RENAMED, json.dumps(solved))
            for name in [STUB_STUDENT, RENAMED_STUDENT]:
                submitted = hub.nbgrader(name, "submit", ASSIGNMENT)
                assert f"Submitted as: {COURSE_ID} {ASSIGNMENT}" in submitted.stderr, submitted.stderr
            assert f"{RENAMED}: EXTRA" in submitted.stderr, submitted.stderr
            step(f"{STUB_STUDENT} (untouched) and {RENAMED_STUDENT} ('{RENAMED}'): nbgrader fetch_assignment, submit")

            # ---- the instructor's formgrader panel in JupyterLab: not blank
            teacher = log_in(instructor_context, hub, INSTRUCTOR, shot)
            items = menu_items(teacher, "Nbgrader")
            assert "Formgrader" in items and "Assignment List" in items, items
            policy = teacher.request.get(f"{hub.url}/user/{INSTRUCTOR}/formgrader").headers["content-security-policy"]
            assert policy.startswith("frame-ancestors 'self'"), policy
            menu(teacher, "Nbgrader", "Formgrader")
            panel = teacher.frame_locator("#formgrader iframe")
            exactly = re.compile(rf"^{ASSIGNMENT}$")     # not its Chinese edition, also in source/
            expect(panel.locator("td.name a", has_text=exactly)).to_have_text(ASSIGNMENT, timeout=TIMEOUT)
            expect(panel.locator("tr", has=panel.locator("td.name a", has_text=exactly))).to_contain_text("released")
            shot(teacher, "5_instructor_formgrader_panel")
            step(f"{INSTRUCTOR}: Nbgrader > Formgrader: the panel lists {ASSIGNMENT}, released")

            # ---- an LMS student: put straight into submitted/ (no timestamp, no secret)
            lms = instructor / "submitted" / LMS_STUDENT / ASSIGNMENT
            hub.run_as(INSTRUCTOR, "mkdir", "-p", lms.parent)
            hub.run_as(INSTRUCTOR, "cp", "-r", instructor / "release" / ASSIGNMENT, lms)
            hub.write_as(INSTRUCTOR, lms / f"{ASSIGNMENT}.ipynb", json.dumps(solved))

            # ---- instructor: collect
            collected = hub.nbgrader(INSTRUCTOR, "collect", ASSIGNMENT, cwd=instructor)
            for name in STUDENTS:
                assert f"Collecting submission: {name} {ASSIGNMENT}" in collected.stderr, collected.stderr
            step(f"{INSTRUCTOR}: nbgrader collect: {len(STUDENTS)} submissions; {LMS_STUDENT} added by hand")

            # ---- root: make grade in the instructor's course folder (the sandbox needs root)
            grading = subprocess.run([hub.bin / "python", "-m", "cnn_course", "grade", ASSIGNMENT],
                                     cwd=instructor, capture_output=True, text=True, timeout=900,
                                     env={"PATH": os.pathsep.join([str(hub.bin), "/usr/sbin", "/usr/bin", "/bin"]),
                                          "LANG": "C.UTF-8", "HOME": "/root"})
            print(grading.stdout[-3000:])
            assert grading.returncode == 0, grading.stdout[-3000:] + grading.stderr[-3000:]
            assert "UNISOLATED" not in grading.stdout, grading.stdout
            scores = {name: sum(s for s, _ in cells.values()) for name, cells in
                      course.class_scores(ASSIGNMENT, [*STUDENTS, LMS_STUDENT], course=instructor).items()}
            assert scores == {BROWSER_STUDENT: 100, STUB_STUDENT: 0, RENAMED_STUDENT: 100, LMS_STUDENT: 100}, scores
            # (__pycache__/*.pyc aside: bytecode Python caches when root imports cnn_course, not
            # grading's output; the folder is the instructor's, who may delete it at will)
            foreign = sorted(str(p.relative_to(instructor)) for p in [instructor, *instructor.rglob("*")]
                             if p.lstat().st_uid != pwd.getpwnam(INSTRUCTOR).pw_uid
                             and p.parent.name != "__pycache__")
            OUTCOME["not_the_instructors"] = foreign
            step(f"root: python -m cnn_course grade {ASSIGNMENT}: {scores}; "
                 f"{len(foreign)} paths in the course folder not the instructor's")

            # ---- instructor: release_feedback (the LMS student named, not a crash)
            feedback = hub.nbgrader(INSTRUCTOR, "release_feedback", ASSIGNMENT, cwd=instructor, check=False)
            print(feedback.stderr)
            assert feedback.returncode == 0, feedback.stderr
            assert "Traceback" not in feedback.stderr, feedback.stderr
            lms_line = (f"{LMS_STUDENT}: {ASSIGNMENT} came in without the exchange (LMS?): hand back "
                        f"feedback/{LMS_STUDENT}/{ASSIGNMENT}/*.html yourself")
            assert feedback.stderr.count(lms_line) == 1, feedback.stderr
            assert (instructor / "feedback" / LMS_STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file()
            for name in STUDENTS:
                assert f"Releasing feedback for student '{name}'" in feedback.stderr, feedback.stderr
            step(f"{INSTRUCTOR}: nbgrader release_feedback: exit 0, {LMS_STUDENT} named for handing back")

            # ---- cnn-student1: Fetch Feedback in the Assignment List
            student.locator("#refresh_assignments_list").click()
            fetch_feedback = assignment_row(student, "submitted_assignments_list").get_by_role(
                "button", name="Fetch Feedback")
            expect(fetch_feedback).to_be_visible(timeout=TIMEOUT)
            expect(assignment_row(student, "submitted_assignments_list")).to_contain_text("feedback available to fetch")
            shot(student, "6_student_feedback_available")
            fetch_feedback.click()
            expect(assignment_row(student, "submitted_assignments_list")).to_contain_text("view feedback",
                                                                                          timeout=TIMEOUT)
            shot(student, "7_student_feedback_fetched")
            (fetched,) = (hub.home(BROWSER_STUDENT) / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html")
            view = student_context.new_page()
            view.goto(f"{hub.url}/user/{BROWSER_STUDENT}/files/"
                      + urllib.parse.quote(str(fetched.relative_to(hub.home(BROWSER_STUDENT)))))
            expect(view.get_by_text(f"{ASSIGNMENT} (Score: 100.0 / 100.0)")).to_be_visible()
            shot(view, "8_student_feedback_page")
            step(f"{BROWSER_STUDENT}: Assignment List > Fetch Feedback: '(view feedback)'; the page says 100 / 100")
        except Exception:
            for number, page in enumerate([*student_context.pages, *instructor_context.pages]):
                shot(page, f"failure_page{number}")
            print(f"test failed; last lines of the hub's log:\n{hub.log_tail()}")
            raise
        finally:
            browser.close()

    # ---- the others: nbgrader fetch_feedback; each page is the student's own, with their score
    for name in [STUB_STUDENT, RENAMED_STUDENT]:
        OUTCOME.setdefault("fetch_feedback", {})[name] = hub.nbgrader(name, "fetch_feedback", ASSIGNMENT).stderr
    expected = {BROWSER_STUDENT: (f"{ASSIGNMENT}.html", 100.0), STUB_STUDENT: (f"{ASSIGNMENT}.html", 0.0)}
    for name, (page_name, points) in expected.items():
        pages = fetched_pages(hub, name)
        assert list(pages) == [page_name], f"{name} fetched {list(pages)}"
        own = (instructor / "feedback" / name / ASSIGNMENT / page_name).read_text()
        assert pages[page_name] == own, f"{name} fetched a page that is not feedback/{name}/{ASSIGNMENT}/{page_name}"
        assert score_of(pages[page_name]) == (points, 100.0), f"{name}: {score_of(pages[page_name])}"
    OUTCOME["renamed_pages"] = fetched_pages(hub, RENAMED_STUDENT)
    step(f"{BROWSER_STUDENT} fetched their page, score 100; {STUB_STUDENT} theirs, score 0 "
         f"(nbgrader fetch_feedback); {RENAMED_STUDENT} fetched {list(OUTCOME['renamed_pages'])}")
    OUTCOME["complete"] = True


# ------------------------------------------------------------------ make grade's part

def completed_round_trip():
    if not OUTCOME.get("complete"):
        pytest.fail("the round trip (test_round_trip_on_jupyterhub) did not get this far")


def test_grading_leaves_the_course_folder_to_its_owner(hub):
    """`make grade` runs as root (its sandbox needs it) in the instructor's course folder;
    what it writes there must then belong to the instructor, who goes on with nbgrader
    (release_feedback, the formgrader's gradebook) as themself."""
    completed_round_trip()
    foreign = OUTCOME["not_the_instructors"]
    assert not foreign, (f"make grade left {len(foreign)} paths in the course folder owned by someone other than "
                         f"{INSTRUCTOR}: {foreign[:12]}")


def test_renamed_notebook_gets_its_feedback(hub):
    """A notebook submitted as "cnn_step_by_step (1).ipynb" is graded as cnn_step_by_step.ipynb;
    its feedback page must be named after the submitted name, which nbgrader fetch_feedback
    hashes with the submission's secret to find it."""
    completed_round_trip()
    pages = OUTCOME["renamed_pages"]
    log = OUTCOME["fetch_feedback"][RENAMED_STUDENT]
    expected = f"{Path(RENAMED).stem}.html"
    assert list(pages) == [expected], f"{RENAMED_STUDENT} fetched {list(pages)}, not {expected}:\n{log}"
    own = (hub.course / "feedback" / RENAMED_STUDENT / ASSIGNMENT / expected).read_text()
    assert pages[expected] == own
    assert score_of(pages[expected]) == (100.0, 100.0)
