"""End to end in a real browser: a student's and an instructor's JupyterLab session.

A temporary course (nbgrader_config.py, source/, release/, cnn_course/) gets its notebooks/
and its gradebook, then JupyterLab is started from the course environment (.venv) and driven
in Debian's Chromium with Playwright:

  1. the released notebook, run as is, stops at the first test: "zero_pad: is not implemented yet";
  2. with the reference solutions written in (through Jupyter's contents API), every test passes;
  3. nbgrader's Validate button reports success;
  4. the Formgrader lists the assignment;
  5. every figure of the notebook (markdown images and plots) is displayed.

Each step saves a screenshot in a folder printed in the test output.  Deselect with
``-m "not browser"``.  Chromium comes from Debian (``apt-get install chromium``, done by
.ci/run), not from Playwright's downloads.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import ASSIGNMENT, RELEASE, ROOT, notebooks

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BIN = Path(sys.executable).parent          # the course environment: .venv/bin
NOTEBOOK = f"notebooks/{ASSIGNMENT}.ipynb"
# JupyterLab user settings of the temporary course: every cell attached to the page (no
# windowed rendering, so all outputs and images are in the DOM), and no news pop-up.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}
TIMEOUT = 60_000                           # ms, for waits in the browser
RUN_TIMEOUT = 180_000                      # ms, for running the whole notebook / validating it
# The plots the solved notebook draws: padding, padded photo, edge detection, pooled photo,
# gradient check.
OUTPUT_FIGURES = 5

pytestmark = pytest.mark.browser


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args, cwd, env):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"


class Lab:
    """A running JupyterLab: its URL, token and course folder, and a REST helper."""

    def __init__(self, course, port, token, log):
        self.course, self.port, self.token, self.log = course, port, token, log
        self.base = f"http://127.0.0.1:{port}"

    def url(self, path):
        return f"{self.base}/{path}?token={self.token}"

    def api(self, method, path, body=None):
        request = urllib.request.Request(
            f"{self.base}/{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def log_tail(self, n=60):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A temporary course with notebooks/ and a gradebook, served by JupyterLab."""
    yield from serve(tmp_path_factory)


@pytest.fixture(scope="module")
def lab_zh(tmp_path_factory):
    """The same, in Chinese: JupyterLab's own menus too, as `make lab EDITION=zh` starts it."""
    yield from serve(tmp_path_factory, ["--LabApp.app_settings_dir={course}/cnn_course/jupyter_learner/settings_zh"])


def serve(tmp_path_factory, extra_args=()):
    """Start JupyterLab on a temporary course; yield its Lab; stop it."""
    course = tmp_path_factory.mktemp("browser_course")
    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ["source", "release", "cnn_course"]:
        shutil.copytree(ROOT / folder, course / folder, ignore=ignore)
    jupyter = course / ".jupyter"
    env = dict(os.environ, PATH=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]),
               # nothing from the user's ~/.jupyter or lab workspaces: a reproducible session
               JUPYTER_CONFIG_DIR=str(jupyter), JUPYTER_RUNTIME_DIR=str(jupyter / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(jupyter / "lab" / "user-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(jupyter / "lab" / "workspaces"))
    for name, settings in LAB_SETTINGS.items():
        path = jupyter / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))
    run(sys.executable, "-m", "cnn_course", "notebooks", cwd=course, env=env)
    run(sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force", cwd=course, env=env)

    port, token = free_port(), secrets.token_hex(16)
    log = course / "jupyterlab.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(BIN / "jupyter"), "lab", "--ip=127.0.0.1", f"--port={port}", "--no-browser",
             "--allow-root", f"--ServerApp.token={token}", f"--ServerApp.root_dir={course}",
             "--ServerApp.port_retries=0", *(arg.format(course=course) for arg in extra_args)],
            cwd=course, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Lab(course, port, token, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"JupyterLab exited ({process.returncode}):\n{server.log_tail()}"
            try:
                server.api("GET", "api/status")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                assert time.monotonic() < deadline, f"JupyterLab did not answer in 60 s:\n{server.log_tail()}"
                time.sleep(0.25)
        yield server
    finally:
        process.terminate()                # SIGTERM: the server shuts its kernels down, then exits
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def shots(tmp_path, capsys):
    """A folder for the screenshots, announced in the test output: shot(page, name) saves
    name.png there; shot.say(message) prints past pytest's capture."""
    folder = tmp_path / "browser_screenshots"
    folder.mkdir()
    with capsys.disabled():
        print(f"\nbrowser screenshots: {folder}")

    def shot(page, name):
        page.screenshot(path=folder / f"{name}.png")

    def say(message):
        with capsys.disabled():
            print(message)
    shot.folder, shot.say = folder, say
    return shot


def chromium(playwright, tmp_path):
    """Debian's Chromium, headless, with a profile of its own; its browser context."""
    context = playwright.chromium.launch_persistent_context(
        user_data_dir=str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS, headless=True, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT)
    return context


def open_notebook(page, lab, notebook=NOTEBOOK, idle="Idle"):
    """Open the assignment in page; wait for its cells and its kernel, connected and idle
    (idle: the word of the status bar, "空闲" in the Chinese JupyterLab)."""
    page.goto(lab.url(f"lab/tree/{notebook}"))
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=TIMEOUT)
    # The status bar says "Python 3 (ipykernel) | Idle" once the kernel is connected and idle.
    # (The toolbar indicator alone is not enough: it shows "idle" before the session exists,
    # and Run All Cells clicked then runs nothing.)
    expect(page.locator("#jp-main-statusbar .jp-StatusBar-TextItem",
                        has_text=re.compile(rf"^(?!No Kernel|无内核).* \| {idle}$"))).to_be_visible(timeout=TIMEOUT)
    expect(kernel_status(page)).to_have_attribute("data-status", "idle", timeout=TIMEOUT)
    return page


def kernel_status(page):
    """The kernel indicator of the notebook toolbar; data-status is idle, busy, ..."""
    return page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator")


def run_all_cells(page, menu="Run", label="Run All Cells"):
    """Run > Run All Cells (JupyterLab stops at the first cell that raises); wait until the
    first code cell has run.  menu, label: their words in the lab's language."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{menu}")).click()
    item = page.locator('#jp-mainmenu-run .lm-Menu-item[data-command="runmenu:run-all"]')
    expect(item).to_have_text(re.compile(rf"^{label}"))
    item.click()
    first_prompt = page.locator(".jp-NotebookPanel .jp-CodeCell").first.locator(".jp-InputPrompt")
    expect(first_prompt).to_have_text(re.compile(r"^\s*\[\d+\]:\s*$"), timeout=TIMEOUT)


def output(page, text):
    """The output areas of the notebook that contain text."""
    return page.locator(".jp-NotebookPanel .jp-OutputArea-output", has_text=text)


def errors(page):
    """The outputs of the notebook written to stderr: tracebacks (JupyterLab renders them as
    stderr) and warnings."""
    return page.locator(".jp-NotebookPanel .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")


def markdown_images(nb):
    """The image paths of the markdown cells of nb (![...](path) and <img src="path">)."""
    pattern = re.compile(r'!\[[^\]]*\]\(\s*([^)\s]+)|<img[^>]*\ssrc="([^"]+)"')
    return [a or b for cell in nb.cells if cell.cell_type == "markdown"
            for a, b in pattern.findall(cell.source)]


def test_student_and_instructor_in_jupyterlab(request, shots, source_nb, release_nb, tmp_path):
    if not CHROMIUM.exists():           # a failure, not a skip: CI must prove the browser test ran
        pytest.fail(f"{CHROMIUM} is missing: this test drives Debian's Chromium; install it with "
                    "`apt-get install chromium` (.ci/run does it before `make test`)")
    lab = request.getfixturevalue("lab")
    self_checks = "selfcheck" in (RELEASE / f"{ASSIGNMENT}.ipynb").read_text()
    functions = [name.removeprefix("test_") for name in notebooks.graded_cells(release_nb)]
    solved = notebooks.fill_solutions(release_nb, source_nb)
    started = time.monotonic()

    def step(name):
        shots.say(f"  {time.monotonic() - started:5.1f} s  {name}")

    with sync_playwright() as p:
        context = chromium(p, tmp_path)
        try:
            # 1. The released notebook, run as is, stops at the first test with the stub message.
            page = open_notebook(context.pages[0] if context.pages else context.new_page(), lab)
            step("1. notebook open, kernel idle")
            run_all_cells(page)
            failure = errors(page).first           # the traceback of the cell the run stopped at
            expect(failure).to_be_visible(timeout=RUN_TIMEOUT)
            expect(kernel_status(page)).to_have_attribute("data-status", "idle", timeout=RUN_TIMEOUT)
            expect(errors(page)).to_have_count(1)
            assert "CheckFailed: zero_pad: is not implemented yet" in failure.inner_text(), failure.inner_text()
            expect(output(page, "all tests passed.")).to_have_count(0)
            failure.scroll_into_view_if_needed()
            shots(page, "1_release_run_all_stub_failure")
            step("1. run all: stopped at 'zero_pad: is not implemented yet'")

            # 2. The reference solutions, saved through the contents API: every test passes.
            # The tab is closed first (no "leave page?" prompt, no autosave of the old notebook
            # over the new one) and a new one opened on the file as it now is on disk.
            page.close(run_before_unload=False)
            lab.api("PUT", f"api/contents/{NOTEBOOK}", {"type": "notebook", "format": "json", "content": solved})
            page = open_notebook(context.new_page(), lab)
            run_all_cells(page)
            last_prompt = page.locator(".jp-NotebookPanel .jp-CodeCell").last.locator(".jp-InputPrompt")
            expect(last_prompt).to_have_text(re.compile(r"^\s*\[\d+\]:\s*$"), timeout=RUN_TIMEOUT)
            expect(kernel_status(page)).to_have_attribute("data-status", "idle", timeout=RUN_TIMEOUT)
            assert errors(page).count() == 0, f"errors or stderr in the solved notebook: {errors(page).all_inner_texts()}"
            expect(output(page, "zero_pad: all tests passed.")).to_have_count(1)
            expect(output(page, "pool_backward: all tests passed.")).to_have_count(1)
            missing = [fn for fn in functions if output(page, f"{fn}: all tests passed.").count() != 1]
            assert not missing, f"no '<function>: all tests passed.' for {missing}"
            if self_checks:     # the self-check cells after each test, and the score summary
                missing = [fn for fn in functions
                           if output(page, re.compile(rf"\b{fn}\b.*all checks passed")).count() != 1]
                assert not missing, f"no '<function>: ... all checks passed' for {missing}"
                summary = output(page, "Score the autograder would give: 100 / 100")
                expect(summary).to_have_count(1)
                summary.scroll_into_view_if_needed()
                shots(page, "2b_selfcheck_summary_100_of_100")
            output(page, "pool_backward: all tests passed.").scroll_into_view_if_needed()
            shots(page, "2_solutions_all_tests_passed")
            step(f"2. solutions: all tests passed{' and all self-checks' if self_checks else ''}")

            # 3. nbgrader's Validate button: it saves the notebook, runs nbgrader validate on the
            # saved file, and shows the verdict in a "Validation Results" dialog.
            page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
            dialog = page.locator(".jp-Dialog")
            expect(dialog.locator(".jp-Dialog-header")).to_have_text("Validation Results", timeout=RUN_TIMEOUT)
            verdict = dialog.locator(".jp-Dialog-body").inner_text().strip()
            shots.say(f"validate dialog: {verdict!r}")
            assert verdict == "Success! Your notebook passes all the tests.", verdict
            expect(dialog.locator(".validation-success")).to_be_visible()
            shots(page, "3_validate_success")
            dialog.locator(".jp-mod-accept").click()
            expect(dialog).to_have_count(0)
            step("3. validate: success")

            # 4. The Formgrader, as an instructor opens it: the assignment is in the gradebook.
            formgrader = context.new_page()
            formgrader.goto(lab.url("formgrader"))
            expect(formgrader).to_have_url(re.compile(r"/formgrader/manage_assignments"))
            assignment = formgrader.locator("td.name a", has_text=re.compile(rf"^{ASSIGNMENT}$"))   # not its _zh edition
            expect(assignment).to_have_text(ASSIGNMENT)
            shots(formgrader, "4_formgrader_lists_assignment")
            step(f"4. formgrader lists {ASSIGNMENT}")

            # 5. Back in the notebook: every figure (markdown images and plot outputs) is displayed.
            # windowingMode "none" (LAB_SETTINGS) attaches every cell, so no scrolling is needed.
            page.bring_to_front()
            expect(page.locator(".jp-NotebookPanel .jp-Cell")).to_have_count(len(solved.cells))
            expected = markdown_images(solved)
            assert len(expected) >= 5, expected
            page.wait_for_function(
                """n => { const imgs = [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook img')];
                          return imgs.length >= n && imgs.every(img => img.complete); }""",
                arg=len(expected) + OUTPUT_FIGURES)
            found = page.locator(".jp-NotebookPanel .jp-Notebook img").evaluate_all(
                """imgs => imgs.map(img => ({src: img.getAttribute('src'), width: img.naturalWidth,
                                              markdown: !!img.closest('.jp-MarkdownCell')}))""")
            broken = [image["src"][:60] for image in found if image["width"] == 0]
            assert not broken, f"images not displayed (naturalWidth 0): {broken}"
            in_markdown = [image["src"] for image in found if image["markdown"]]
            plots = [image for image in found if not image["markdown"]]
            missing = [path for path in expected if not any(src.split("?")[0].endswith(path) for src in in_markdown)]
            assert not missing, f"markdown images not in the page: {missing} (found {in_markdown})"
            assert len(plots) >= OUTPUT_FIGURES, f"{len(plots)} figures in the outputs, expected {OUTPUT_FIGURES}"
            page.locator(".jp-NotebookPanel .jp-Notebook img[src*='conv_sliding_window.gif']").scroll_into_view_if_needed()
            shots(page, "5_figures_displayed")
            step(f"5. {len(found)} images displayed: {len(in_markdown)} in markdown, {len(plots)} plots")
        except Exception:                  # leave the evidence: every open tab, and the server's log
            for number, tab in enumerate(context.pages):
                shots(tab, f"failure_tab{number}")
            shots.say(f"test failed; last lines of {lab.log}:\n{lab.log_tail(30)}")
            raise
        finally:
            context.close()


def test_a_learner_reads_the_new_messages(request, shots, source_nb, release_nb, graded_course, tmp_path):
    """The walkthrough of a learner who makes the commonest mistakes, in Chromium:

    1. float(b) in conv_single_step: the failure is a few lines (no traceback through the
       course's checks), with the learner's own line and the hint b.item();
    2. the cells below, run on: conv_forward's test says conv_single_step must be fixed first
       instead of blaming the (correct) conv_forward;
    3. a feedback page, opened as a file: its formulas are drawn (MathML, nothing loaded from
       the network) and its index names the functions.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install chromium` (.ci/run does it)")
    lab = request.getfixturevalue("lab")
    wrong = (ROOT / "tests" / "corpus" / "cnn_step_by_step" / "wrong" / "conv_single_step__float_of_b.py").read_text()
    learner = notebooks.fill_solutions(release_nb, source_nb, {"conv_single_step": wrong})
    with sync_playwright() as p:
        context = chromium(p, tmp_path)
        try:
            lab.api("PUT", f"api/contents/{NOTEBOOK}", {"type": "notebook", "format": "json", "content": learner})
            page = open_notebook(context.pages[0] if context.pages else context.new_page(), lab)
            run_all_cells(page)
            first = errors(page).first
            expect(first).to_be_visible(timeout=RUN_TIMEOUT)
            expect(kernel_status(page)).to_have_attribute("data-status", "idle", timeout=RUN_TIMEOUT)
            text = first.inner_text()
            assert "CheckFailed: conv_single_step: raised TypeError" in text and "b.item()" in text, text
            assert "float(b)" in text and "at:" in text and "cnn_checks.py" not in text, text
            assert len(text.splitlines()) <= 8, text
            first.scroll_into_view_if_needed()
            shots(page, "learner_1_float_of_b_short_message_with_hint")

            # run on from the cell after the failed test: conv_forward's test names the helper
            cells = page.locator(".jp-NotebookPanel .jp-Cell")
            index = cells.evaluate_all(
                """cells => cells.findIndex(c => c.querySelector("[data-mime-type='application/vnd.jupyter.stderr']"))""")
            assert index > 0
            cells.nth(index + 1).click()
            page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
            page.locator('#jp-mainmenu-run .lm-Menu-item[data-command="notebook:run-all-below"]').click()
            helper = output(page, "conv_forward: cannot be checked yet")
            expect(helper).to_be_visible(timeout=RUN_TIMEOUT)
            assert "fix conv_single_step first" in helper.inner_text()
            helper.scroll_into_view_if_needed()
            shots(page, "learner_2_conv_forward_names_its_helper")
            page.close(run_before_unload=False)

            # a feedback page, as a student opens the file
            root, _ = graded_course
            feedback = context.new_page()
            feedback.goto((root / "feedback" / "untouched" / ASSIGNMENT / f"{ASSIGNMENT}.html").as_uri())
            math = feedback.locator("math")
            assert math.count() > 20
            sizes = math.evaluate_all("ms => ms.map(m => m.getBoundingClientRect().width)")
            assert sum(width > 0 for width in sizes) == len(sizes), "formulas not drawn"
            expect(feedback.locator("#toc a", has_text="conv_forward")).to_have_count(1)
            feedback.locator("math").nth(5).scroll_into_view_if_needed()
            shots(feedback, "learner_3_feedback_page_formulas_offline")
        except Exception:
            for number, tab in enumerate(context.pages):
                shots(tab, f"failure_tab{number}")
            raise
        finally:
            context.close()


def test_a_chinese_learner_in_a_chinese_jupyterlab(request, shots, tmp_path):
    """Issue 15, in Chromium: a learner opens the Chinese edition in a JupyterLab whose menus are
    Chinese (make lab EDITION=zh); with float(b) in conv_single_step, Run All stops at its test
    with the message and hint in Chinese; with every function right, every test passes, the
    self-checks say so in Chinese and the Chinese diagrams are displayed."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install chromium` (.ci/run does it)")
    lab = request.getfixturevalue("lab_zh")
    name = f"{ASSIGNMENT}_zh"
    notebook = f"notebooks/{name}.ipynb"
    source_nb = notebooks.read(ROOT / "source" / name / f"{name}.ipynb")
    release_nb = notebooks.read(ROOT / "release" / name / f"{name}.ipynb")
    wrong = (ROOT / "tests" / "corpus" / ASSIGNMENT / "wrong" / "conv_single_step__float_of_b.py").read_text()
    chinese = re.compile(r"[\u4e00-\u9fff]")
    with sync_playwright() as p:
        context = chromium(p, tmp_path)
        try:
            learner = notebooks.fill_solutions(release_nb, source_nb, {"conv_single_step": wrong})
            lab.api("PUT", f"api/contents/{notebook}", {"type": "notebook", "format": "json", "content": learner})
            page = open_notebook(context.pages[0] if context.pages else context.new_page(), lab, notebook, idle="空闲")
            menus = page.locator(".lm-MenuBar-item").all_inner_texts()
            assert "文件" in menus and "运行" in menus, menus            # JupyterLab's own words in Chinese
            run_all_cells(page, menu="运行", label="运行所有单元格")
            first = errors(page).first
            expect(first).to_be_visible(timeout=RUN_TIMEOUT)
            expect(kernel_status(page)).to_have_attribute("data-status", "idle", timeout=RUN_TIMEOUT)
            text = first.inner_text()
            assert "CheckFailed: conv_single_step:" in text and "b.item()" in text, text
            assert "提示" in text and chinese.search(text.partition("提示")[2]), text   # the hint, in Chinese
            first.scroll_into_view_if_needed()
            shots(page, "zh_1_wrong_function_chinese_message_and_hint")
            page.close(run_before_unload=False)

            solved = notebooks.fill_solutions(release_nb, source_nb)
            lab.api("PUT", f"api/contents/{notebook}", {"type": "notebook", "format": "json", "content": solved})
            page = open_notebook(context.new_page(), lab, notebook, idle="空闲")
            run_all_cells(page, menu="运行", label="运行所有单元格")
            last_prompt = page.locator(".jp-NotebookPanel .jp-CodeCell").last.locator(".jp-InputPrompt")
            expect(last_prompt).to_have_text(re.compile(r"^\s*\[\d+\]:\s*$"), timeout=RUN_TIMEOUT)
            expect(kernel_status(page)).to_have_attribute("data-status", "idle", timeout=RUN_TIMEOUT)
            assert errors(page).count() == 0, f"errors or stderr in the solved notebook: {errors(page).all_inner_texts()}"
            functions = [grade_id.removeprefix("test_") for grade_id in notebooks.graded_cells(release_nb)]
            missing = [fn for fn in functions if output(page, f"{fn}: all tests passed.").count() != 1]
            assert not missing, missing
            checked = output(page, re.compile(r"^\u2714 conv_forward[:：].*[\u4e00-\u9fff]"))
            expect(checked).to_have_count(1)
            checked.scroll_into_view_if_needed()
            shots(page, "zh_2_right_function_passes_selfcheck_in_chinese")
            page.wait_for_function("""() => [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook img')]
                                              .every(img => img.complete)""")
            diagrams = page.locator(".jp-MarkdownCell img[src*='.zh.']").evaluate_all(
                "imgs => imgs.map(img => [img.getAttribute('src'), img.naturalWidth])")
            assert len(diagrams) >= 5 and all(width > 0 for _, width in diagrams), diagrams
            page.locator(".jp-MarkdownCell img[src*='zero_padding.zh.png']").scroll_into_view_if_needed()
            shots(page, "zh_3_chinese_diagram_displayed")
        except Exception:
            for number, tab in enumerate(context.pages):
                shots(tab, f"failure_tab{number}")
            shots.say(f"test failed; last lines of {lab.log}:\n{lab.log_tail(30)}")
            raise
        finally:
            context.close()
