"""release/ is exactly what nbgrader generates from source/ now, and it is self-contained."""

import filecmp
import re
import shutil

import pytest
from PIL import Image

from cnn_course import ASSIGNMENTS
from conftest import RELEASE, ROOT, SOURCE, course, errors, execute, notebooks, stdout


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_is_up_to_date(tmp_path, assignment):
    fresh_course = course.copy_course(tmp_path)
    course.generate_release(assignment, course=fresh_course)
    fresh, committed = fresh_course / "release" / assignment, ROOT / "release" / assignment
    assert _files(fresh) == _files(committed), "release/ has other files than nbgrader generates: run `make release`"
    for name in _files(fresh):
        if name.endswith(".ipynb"):
            assert notebooks.read(fresh / name) == notebooks.read(committed / name), \
                f"release/{assignment}/{name} is stale: run `make release`"
        else:
            assert filecmp.cmp(fresh / name, committed / name, shallow=False), f"{name} is stale: run `make release`"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_assignment_has_the_one_cnn_checks_and_keeps_its_settings_to_itself(assignment):
    """cnn_checks.py is written once (cnn_course/student/) and copied with its banner into every
    assignment folder; assignment.toml is the tooling's, never released."""
    from cnn_course.assets import checks_copy
    from cnn_course.assignments import named
    from cnn_course.editions import checks_in

    language = named(assignment, ROOT).language.split("-")[0]      # zh editions: LANGUAGE = "zh"
    for folder in (ROOT / "source" / assignment, ROOT / "release" / assignment):
        assert (folder / "cnn_checks.py").read_text() == checks_in(language, checks_copy()), \
            f"{folder.relative_to(ROOT)}/cnn_checks.py differs from cnn_course/student/cnn_checks.py: run `make release`"
    assert (ROOT / "source" / assignment / "assignment.toml").exists()
    assert not (ROOT / "release" / assignment / "assignment.toml").exists()


def test_every_assignment_is_released():
    assert sorted(p.name for p in (ROOT / "release").iterdir() if p.is_dir()) == sorted(ASSIGNMENTS)


def test_release_has_stubs_and_no_solutions_or_hidden_tests(release_nb):
    text = "\n".join(cell.source for cell in release_nb.cells)
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert "sliding_window_view" not in text, "a hidden reference leaked into the release"
    for grade_id, cell in notebooks.solution_cells(release_nb).items():
        assert "raise NotImplementedError()" in cell.source, grade_id


def _referenced_images(nb):
    text = "\n".join(cell.source for cell in nb.cells)
    return sorted(set(re.findall(r"images/([\w.-]+\.(?:png|gif|jpg))", text)))


def test_figures_referenced_by_the_notebook_are_in_the_release(release_nb):
    names = _referenced_images(release_nb)
    assert len(names) >= 6
    for name in names:
        with Image.open(RELEASE / "images" / name) as image:
            assert image.width > 50 and image.height > 50, name
        assert filecmp.cmp(RELEASE / "images" / name, ROOT / "images" / name, shallow=False), \
            f"images/{name} changed since the release: run `make release`"
    with Image.open(RELEASE / "images" / "conv_sliding_window.gif") as gif:
        assert gif.n_frames >= 9, "the sliding-window figure should be animated"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_folder_alone_runs_every_cell_with_the_solutions(tmp_path, assignment):
    """Copied alone elsewhere and filled with correct answers, every assignment's release runs
    without errors, its test cells pass and its figures are drawn."""
    release = ROOT / "release" / assignment
    folder = tmp_path / "somewhere_else" / assignment
    shutil.copytree(release, folder)
    source_nb = notebooks.read(ROOT / "source" / assignment / f"{assignment}.ipynb")
    nb = execute(notebooks.fill_solutions(notebooks.read(release / f"{assignment}.ipynb"), source_nb), folder,
                 timeout=300)
    assert errors(nb) == []
    passing = sum("all tests passed" in cell.source for cell in source_nb.cells if notebooks.nbgrader_metadata(cell)
                  .get("grade"))
    assert stdout(nb).count("all tests passed") == passing
    images = [cell.get("id") for cell in nb.cells if cell.cell_type == "code"
              for out in cell.outputs if "image/png" in out.get("data", {})]
    assert len(images) >= 5, images


@pytest.mark.parametrize("name", ["images", "data"])
def test_source_folder_support_files_match_their_generators(name):
    if name == "images":
        for image in (SOURCE / "images").iterdir():
            assert filecmp.cmp(image, ROOT / "images" / image.name, shallow=False), image.name
    else:
        import numpy as np

        from cnn_course.assets import seed_conv_forward_Z

        Z = np.load(SOURCE / "data" / "conv_forward_Z.npy")
        assert np.allclose(Z, seed_conv_forward_Z(), rtol=0, atol=1e-12)
        assert abs(Z.mean() - 0.048995203528855794) < 1e-15
