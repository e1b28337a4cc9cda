"""Teaching diagrams for the assignment "Convolutional Neural Networks: Step by Step".

Every figure is drawn from scratch with matplotlib (object-oriented API on the
Agg canvas, so no global pyplot state is touched) and pillow; no image is copied
from anywhere.  The only external picture is matplotlib's bundled public-domain
``grace_hopper.jpg`` sample photo, which is resized and re-saved.

Files written (see ``FIGURES``): ``zero_padding.png``, ``conv_sliding_window.gif``,
``slice_corners.png``, ``pooling.png``, ``conv_volume.png``, ``grace_hopper.png``.

The module is run by ``python -m cnn_course figures``; it can also be used as
``draw_all(Path("images"))``.  Output is deterministic: no randomness, and the
PNG "Software" metadata is removed so re-runs give identical bytes.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cbook import get_sample_data
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Polygon, Rectangle
from PIL import Image

DPI = 100
FONT = 13          # default font size for numbers and labels
TITLE_FONT = 15
WINDOW_COLORS = ["#f7c59f", "#a8d8ea", "#c3e6a5", "#e4b7e5"]   # one per pooling window
HIGHLIGHT = "#ff9f43"                                          # current window / cell


# --------------------------------------------------------------------------- helpers
def _new_figure(width: float, height: float) -> Figure:
    """Return a white ``Figure`` of the given size (inches) attached to an Agg canvas."""
    fig = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _grid_axes(ax, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    """Prepare ``ax`` for grid drawings: equal aspect, no frame, y growing downwards."""
    ax.set_xlim(*xlim)
    ax.set_ylim(ylim[1], ylim[0])      # inverted: row 0 at the top
    ax.set_aspect("equal")
    ax.axis("off")


def _save_png(fig: Figure, path: Path) -> None:
    """Save ``fig`` as a PNG without the (version-dependent) Software metadata, then close it."""
    fig.savefig(path, dpi=DPI, facecolor="white", metadata={"Software": None})
    fig.clear()


def _draw_grid(ax, values, x0: float = 0.0, y0: float = 0.0, colors=None,
               fmt: str = "{:g}", fontsize: float = FONT, zorder: float = 1.0,
               edgecolor: str = "0.3", show=None) -> None:
    """Draw a 2-D array as a grid of unit cells with numbers, top-left corner at (x0, y0).

    ``colors`` is a colour string, a callable ``(row, col) -> colour`` or None (white).
    ``show`` is an optional callable ``(row, col) -> bool`` deciding whether a number is written.
    """
    values = np.asarray(values)
    for (r, c), v in np.ndenumerate(values):
        fc = colors(r, c) if callable(colors) else (colors or "white")
        ax.add_patch(Rectangle((x0 + c, y0 + r), 1, 1, facecolor=fc, edgecolor=edgecolor,
                               lw=1.0, zorder=zorder))
        if show is None or show(r, c):
            ax.text(x0 + c + 0.5, y0 + r + 0.5, fmt.format(v), ha="center", va="center",
                    fontsize=fontsize, zorder=zorder + 0.5)


def _outline(ax, x: float, y: float, w: float, h: float, color: str,
             lw: float = 3.0, zorder: float = 10, **kw) -> None:
    """Draw an unfilled rectangle outline (used to mark windows and slices)."""
    ax.add_patch(Rectangle((x, y), w, h, fill=False, edgecolor=color, lw=lw, zorder=zorder, **kw))


def _arrow(ax, start, end, color: str = "0.2", lw: float = 2.0) -> None:
    """Draw a simple straight arrow between two data points."""
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=22,
                                 color=color, lw=lw, zorder=20))


def _pool(a: np.ndarray, f: int, stride: int, fn) -> np.ndarray:
    """Pool the 2-D array ``a`` with window ``f`` and ``stride`` using reduction ``fn``."""
    n_h, n_w = (a.shape[0] - f) // stride + 1, (a.shape[1] - f) // stride + 1
    out = np.zeros((n_h, n_w))
    for i in range(n_h):
        for j in range(n_w):
            out[i, j] = fn(a[i * stride:i * stride + f, j * stride:j * stride + f])
    return out


# Chinese editions (cnn_course/editions.py): the diagrams with words are drawn a second time,
# as <name>.zh.<ext>, with these words and the editions' font (cnn_course/student/fonts/).
ZH_WORDS = {
    "input: 3 x 3 x 3": "输入：3 x 3 x 3",
    "padded: 7 x 7 x 3 (grey cells are the added zeros)": "填充后：7 x 7 x 3（灰色格子是补上的 0）",
    "Zero-padding: a 3-channel image padded with pad = 2": "零填充：对一张 3 通道图像做 pad = 2 的填充",
    "input (5 x 5)": "输入（5 x 5）",
    "filter (3 x 3)": "滤波器（3 x 3）",
    "output (3 x 3)": "输出（3 x 3）",
    "done: output size = (5 - 3) / 1 + 1 = 3, so the output is 3 x 3":
        "完成：输出大小 = (5 - 3) / 1 + 1 = 3，所以输出是 3 x 3",
    "a_prev (6 x 6), filter f = 2, stride = 1": "a_prev（6 x 6），滤波器 f = 2，步幅 = 1",
    "Definition of a slice using vertical and horizontal start/end (2x2 filter)":
        "用垂直和水平方向的起止位置定义一个切片（2x2 滤波器）",
    "input (4 x 4)": "输入（4 x 4）",
    "output (2 x 2)": "输出（2 x 2）",
    "A_prev:\nn_H_prev x n_W_prev x n_C_prev": "A_prev：\nn_H_prev x n_W_prev x n_C_prev",
    "n_C filters,\neach f x f x n_C_prev": "n_C 个滤波器，\n每个 f x f x n_C_prev",
    "+ b, stride,\npad": "+ b，步幅，\n填充",
    r"$n_C$ = number of filters": "n_C = 滤波器的个数",
    "A convolution layer: input volume, filters, output volume": "卷积层：输入数据体、滤波器、输出数据体",
}
ZH_FONT = Path(__file__).with_name("student") / "fonts" / "wqy-microhei-subset.ttf"


def _w(text: str, zh: bool) -> str:
    """The words of a diagram in its language."""
    return ZH_WORDS[text] if zh else text


def _name(name: str, zh: bool) -> str:
    """zero_padding.png, or zero_padding.zh.png for the Chinese editions."""
    stem, ext = name.rsplit(".", 1)
    return f"{stem}.zh.{ext}" if zh else name


@contextmanager
def _chinese_font(zh: bool):
    """While drawing a Chinese diagram: Latin letters in DejaVu Sans, Chinese in WenQuanYi."""
    if not zh:
        yield
        return
    from matplotlib import font_manager, rc_context

    font_manager.fontManager.addfont(str(ZH_FONT))
    with rc_context({"font.family": ["DejaVu Sans", "WenQuanYi Micro Hei"]}):
        yield


# --------------------------------------------------------------------------- figures
def draw_zero_padding(out_dir: Path, zh: bool = False) -> None:
    """Write zero_padding.png: a 3-channel 3x3 image, and the same image padded with pad = 2."""
    pad, shift = 2, 0.6
    tints = {"R": "#f4a6a6", "G": "#a8dca8", "B": "#a9c4f0"}
    image = np.array([[[1, 4, 2], [3, 5, 1], [2, 0, 6]],
                      [[7, 2, 3], [1, 8, 4], [5, 2, 1]],
                      [[2, 9, 5], [6, 1, 3], [4, 7, 2]]])           # channel, row, col
    padded = np.pad(image, ((0, 0), (pad, pad), (pad, pad)))

    fig = _new_figure(10, 6.6)
    ax = fig.add_axes((0.01, 0.0, 0.98, 0.9))
    _grid_axes(ax, (-0.7, 15.7), (-0.2, 10.3))

    def stack(volume, x0, y0, pad_width):
        """Draw channels B, G, R back to front, each shifted up-right by ``shift``."""
        n = volume.shape[1]
        for k, name in reversed(list(enumerate("RGB"))):
            inside = lambda r, c: pad_width <= r < n - pad_width and pad_width <= c < n - pad_width
            xk, yk = x0 + k * shift, y0 - k * shift
            _draw_grid(ax, volume[k], xk, yk, zorder=10 - 3 * k, show=lambda r, c: k == 0,
                       colors=lambda r, c, t=tints[name], ins=inside: t if ins(r, c) else "#f2f2f2")
            if k > 0:   # back channels: write numbers only in the visible top / right strips
                for (r, c), v in np.ndenumerate(volume[k]):
                    if r == 0 or c == n - 1:
                        ax.text(xk + c + (0.5 if c < n - 1 else 1 - shift / 2),
                                yk + r + (shift / 2 if r == 0 else 0.5), str(v), ha="center",
                                va="center", fontsize=FONT - 2, zorder=10 - 3 * k + 0.5)
            ax.text(xk - 0.12, yk + (shift / 2 if k else 0.5), name, fontsize=FONT,
                    fontweight="bold", ha="right", va="center",
                    color={"R": "#c0392b", "G": "#27803c", "B": "#2e5cb8"}[name])

    stack(image, 0.0, 4.2, 0)
    ax.text(1.5 + shift, 7.5, _w("input: 3 x 3 x 3", zh), ha="center", va="top", fontsize=FONT)
    _arrow(ax, (4.9, 5.1), (6.7, 5.1))
    ax.text(5.8, 4.8, "pad = 2", ha="center", va="bottom", fontsize=FONT)
    stack(padded, 7.0, 1.0 + 2 * shift, pad)
    ax.text(10.5 + shift, 9.45, _w("padded: 7 x 7 x 3 (grey cells are the added zeros)", zh),
            ha="center", va="top", fontsize=FONT)
    fig.suptitle(_w("Zero-padding: a 3-channel image padded with pad = 2", zh), fontsize=TITLE_FONT, y=0.96)
    _save_png(fig, out_dir / _name("zero_padding.png", zh))


def draw_conv_sliding_window(out_dir: Path, zh: bool = False) -> None:
    """Write conv_sliding_window.gif: a 3x3 filter sliding over a 5x5 input with stride 1."""
    x = np.array([[1, 0, 2, 1, 0],
                  [0, 1, 1, 2, 1],
                  [2, 1, 0, 1, 2],
                  [1, 2, 1, 0, 1],
                  [0, 1, 2, 1, 0]])
    w = np.array([[1, 0, -1],
                  [1, 1, 0],
                  [0, -1, 1]])
    f, n_out = w.shape[0], x.shape[0] - w.shape[0] + 1
    out = np.array([[np.sum(x[i:i + f, j:j + f] * w) for j in range(n_out)] for i in range(n_out)])
    x_in, x_w, x_out = 0.0, 7.0, 12.5

    frames, steps = [], [(i, j) for i in range(n_out) for j in range(n_out)] + [None]
    for step_no, step in enumerate(steps):
        fig = _new_figure(9, 3.6)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        _grid_axes(ax, (-0.4, 15.9), (-1.3, 7.0))
        done = step_no if step is not None else n_out * n_out     # cells already written
        win = (lambda r, c: "#ffd9b3" if step and step[0] <= r < step[0] + f
               and step[1] <= c < step[1] + f else "white")
        _draw_grid(ax, x, x_in, 0.0, colors=win)
        _draw_grid(ax, w, x_w, 1.0, colors="#ffd9b3" if step else "#eeeeee")
        _draw_grid(ax, out, x_out, 1.0,
                   colors=lambda r, c: HIGHLIGHT if (r, c) == step else "white",
                   show=lambda r, c: r * n_out + c < done + (step is not None), fmt="{:d}")
        ax.text(2.5, -0.45, _w("input (5 x 5)", zh), ha="center", fontsize=FONT)
        ax.text(x_w + 1.5, 0.55, _w("filter (3 x 3)", zh), ha="center", fontsize=FONT)
        ax.text(x_out + 1.5, 0.55, _w("output (3 x 3)", zh), ha="center", fontsize=FONT)
        ax.text(6.0, 2.5, "*", ha="center", va="center", fontsize=24)
        ax.text(11.25, 2.5, "=", ha="center", va="center", fontsize=22)
        if step is not None:
            i, j = step
            _outline(ax, x_in + j, i, f, f, HIGHLIGHT, lw=3.5)
            _outline(ax, x_w, 1.0, f, f, HIGHLIGHT, lw=3.5)
            msg = (f"第 {step_no + 1}/9 步：output[{i}, {j}] = sum(窗口 * 滤波器) = {out[i, j]}      （步幅 = 1）" if zh
                   else f"step {step_no + 1}/9:  output[{i}, {j}] = sum(window * filter) = {out[i, j]}"
                   "      (stride = 1)")
        else:
            msg = _w("done: output size = (5 - 3) / 1 + 1 = 3, so the output is 3 x 3", zh)
        ax.text(7.75, 6.2, msg, ha="center", va="center", fontsize=FONT)
        fig.canvas.draw()
        rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3]
        frames.append(Image.fromarray(rgb).quantize(colors=64, method=Image.Quantize.MEDIANCUT,
                                                    dither=Image.Dither.NONE))
        fig.clear()
    durations = [600] * (len(frames) - 1) + [2500]
    frames[0].save(out_dir / _name("conv_sliding_window.gif", zh), save_all=True, append_images=frames[1:],
                   duration=durations, loop=0, optimize=False)


def draw_slice_corners(out_dir: Path, zh: bool = False) -> None:
    """Write slice_corners.png: a 2x2 slice a_prev[vert_start:vert_end, horiz_start:horiz_end]."""
    n, f, vs, hs = 6, 2, 2, 1
    ve, he = vs + f, hs + f
    a_prev = np.fromfunction(lambda r, c: (3 * r + 2 * c) % 10, (n, n), dtype=int)
    red = "#d62728"

    fig = _new_figure(12, 6.6)
    ax = fig.add_axes((0.0, 0.0, 1.0, 0.9))
    _grid_axes(ax, (-6.6, 12.6), (-2.4, 8.1))
    _draw_grid(ax, a_prev, colors=lambda r, c: "#ffd0d0" if vs <= r < ve and hs <= c < he
               else ("#f4f4f4" if (r == ve and hs <= c < he) or (c == he and vs <= r < ve)
                     else "white"))
    _outline(ax, hs, vs, f, f, red, lw=3.5)
    for k in range(n):                                    # row / column indices
        ax.text(-0.35, k + 0.5, str(k), ha="center", va="center", fontsize=11, color="0.4")
        ax.text(k + 0.5, -0.35, str(k), ha="center", va="center", fontsize=11, color="0.4")
    line = dict(color=red, lw=1.6, ls="--", zorder=12)
    for y, label in [(vs, f"vert_start = {vs}"),
                     (ve, f"vert_end = vert_start + f = {ve}\n" + (f"（不含第 {ve} 行）" if zh
                                                                        else f"(row {ve} is NOT included)"))]:
        ax.plot([-1.0, n + 0.3], [y, y], **line)
        ax.text(-1.15, y, label, ha="right", va="center", fontsize=FONT, color=red)
    ax.plot([hs, hs], [-0.7, n + 0.1], **line)            # horiz_start: label above the grid
    ax.text(hs, -0.8, f"horiz_start = {hs}", ha="center", va="bottom", fontsize=FONT, color=red)
    ax.plot([he, he], [-0.1, n + 0.7], **line)            # horiz_end: label below the grid
    ax.text(he, n + 0.8, f"horiz_end = horiz_start + f = {he}  " + (f"（不含第 {he} 列）" if zh else
                                                                      f"(column {he} is NOT included)"),
            ha="left", va="top", fontsize=FONT, color=red)
    ax.text(n / 2, -1.75, _w("a_prev (6 x 6), filter f = 2, stride = 1", zh), ha="center", fontsize=FONT)
    # the extracted slice, on the right
    _draw_grid(ax, a_prev[vs:ve, hs:he], 9.0, 2.0, colors="#ffd0d0")
    _outline(ax, 9.0, 2.0, f, f, red, lw=3.5)
    _arrow(ax, (n + 0.6, 3.0), (8.7, 3.0), color=red)
    ax.text(7.6, 4.45, "a_prev[vert_start:vert_end,\n       horiz_start:horiz_end]\n"
            f"= a_prev[{vs}:{ve}, {hs}:{he}]", ha="left", va="top", fontsize=FONT)
    fig.suptitle(_w("Definition of a slice using vertical and horizontal start/end (2x2 filter)", zh),
                 fontsize=TITLE_FONT, y=0.96)
    _save_png(fig, out_dir / _name("slice_corners.png", zh))


def draw_pooling(out_dir: Path, zh: bool = False) -> None:
    """Write pooling.png: max and average pooling (f = 2, stride = 2) of the same 4x4 input."""
    a = np.array([[1, 3, 2, 1],
                  [4, 6, 5, 0],
                  [7, 2, 9, 8],
                  [1, 0, 3, 4]])
    f = stride = 2
    window_color = lambda r, c: WINDOW_COLORS[(r // stride) * 2 + c // stride]
    output_color = lambda i, j: WINDOW_COLORS[i * 2 + j]
    fig = _new_figure(12, 4.0)
    for k, (name, fn) in enumerate([("Max", np.max), ("Average", np.mean)]):
        ax = fig.add_axes((0.02 + 0.5 * k, 0.02, 0.46, 0.86))
        _grid_axes(ax, (-0.2, 8.4), (-0.9, 4.3))
        _draw_grid(ax, a, colors=window_color)
        for i in range(2):
            for j in range(2):
                _outline(ax, j * stride, i * stride, f, f, "0.15", lw=2.5)
        _arrow(ax, (4.4, 2.0), (5.6, 2.0))
        _draw_grid(ax, _pool(a, f, stride, fn), 6.0, 1.0, colors=output_color, fontsize=FONT + 1)
        _outline(ax, 6.0, 1.0, 2, 2, "0.15", lw=2.5)
        ax.text(2.0, -0.35, _w("input (4 x 4)", zh), ha="center", fontsize=FONT)
        ax.text(7.0, 0.65, _w("output (2 x 2)", zh), ha="center", fontsize=FONT)
        title = (f"{ {'Max': '最大', 'Average': '平均'}[name]}池化（f = 2，步幅 = 2）" if zh
                 else f"{name} pooling (f = 2, stride = 2)")
        ax.set_title(title, fontsize=TITLE_FONT, pad=8)
    _save_png(fig, out_dir / _name("pooling.png", zh))


def _box(ax, x: float, y: float, w: float, h: float, d: float, color: str, z: float = 1) -> tuple:
    """Draw an oblique-projection box (front face w x h, depth d); return the depth offset."""
    dx, dy = 0.45 * d, 0.35 * d
    faces = [[(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
             [(x, y + h), (x + w, y + h), (x + w + dx, y + h + dy), (x + dx, y + h + dy)],
             [(x + w, y), (x + w + dx, y + dy), (x + w + dx, y + h + dy), (x + w, y + h)]]
    for face, shade in zip(faces, (1.0, 0.85, 0.7)):
        rgb = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)]) / 255 * shade
        ax.add_patch(Polygon(face, closed=True, facecolor=rgb, edgecolor="0.2", lw=1.2, zorder=z))
    return dx, dy


def draw_conv_volume(out_dir: Path, zh: bool = False) -> None:
    """Write conv_volume.png: input volume, n_C filters and output volume with the size formulas."""
    fig = _new_figure(12, 6.2)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(-0.8, 15.6)
    ax.set_ylim(-3.6, 6.9)
    ax.set_aspect("equal")
    ax.axis("off")
    small = 11
    # input volume
    dx, dy = _box(ax, 0.0, 1.0, 4.0, 4.0, 2.0, "#9ecae1")
    ax.text(-0.15, 3.0, "n_H_prev", rotation=90, ha="right", va="center", fontsize=small)
    ax.text(2.0, 0.85, "n_W_prev", ha="center", va="top", fontsize=small)
    ax.text(4.0 + dx / 2 + 0.15, 1.0 + dy / 2 - 0.1, "n_C_prev", rotation=38, ha="left",
            va="center", fontsize=small)
    ax.text(2.4, 0.0, _w("A_prev:\nn_H_prev x n_W_prev x n_C_prev", zh), ha="center", va="top",
            fontsize=FONT)
    ax.text(5.85, 3.4, "*", ha="center", va="center", fontsize=26)
    # filters: a few small boxes with the same depth as the input
    for k, (yk, col) in enumerate([(4.3, "#fdae6b"), (2.6, "#a1d99b"), (0.9, "#bcbddc")]):
        _box(ax, 6.6, yk, 1.0, 1.0, 2.0, col, z=2 + k)
    ax.text(7.5, 0.55, "...", ha="center", va="center", fontsize=FONT)
    ax.text(7.5, 0.0, _w("n_C filters,\neach f x f x n_C_prev", zh), ha="center", va="top", fontsize=FONT)
    _arrow(ax, (8.7, 3.3), (10.2, 3.3))
    ax.text(9.45, 3.6, _w("+ b, stride,\npad", zh), ha="center", va="bottom", fontsize=small)
    # output volume: smaller spatially, deeper (one channel per filter)
    dx, dy = _box(ax, 11.0, 1.7, 2.6, 2.6, 3.0, "#fdd0a2")
    ax.text(10.85, 3.0, "n_H", rotation=90, ha="right", va="center", fontsize=small)
    ax.text(12.3, 1.55, "n_W", ha="center", va="top", fontsize=small)
    ax.text(13.6 + dx / 2 + 0.15, 1.7 + dy / 2 - 0.1, "n_C", ha="left", va="center", fontsize=small)
    ax.text(13.0, 0.0, "Z:\nn_H x n_W x n_C", ha="center", va="top", fontsize=FONT)
    formula = r"\left\lfloor \frac{n_{%s,prev} - f + 2 \cdot pad}{stride} \right\rfloor + 1"
    ax.text(7.4, -1.55, r"$n_H = " + formula % "H" + r"$", ha="right", va="center", fontsize=FONT + 6)
    ax.text(7.9, -1.55, r"$n_W = " + formula % "W" + r"$", ha="left", va="center", fontsize=FONT + 6)
    ax.text(7.4, -2.85, _w(r"$n_C$ = number of filters", zh), ha="center", va="center", fontsize=FONT)
    ax.text(7.4, 6.45, _w("A convolution layer: input volume, filters, output volume", zh),
            ha="center", va="center", fontsize=TITLE_FONT)
    _save_png(fig, out_dir / _name("conv_volume.png", zh))


def draw_grace_hopper(out_dir: Path) -> None:
    """Write grace_hopper.png: matplotlib's public-domain sample photo, 200 px tall, RGB uint8."""
    src = get_sample_data("grace_hopper.jpg")
    if hasattr(src, "read"):                 # newer matplotlib: an open binary file object
        with src:
            img = Image.open(src)
            img.load()
    else:                                    # older matplotlib: a path
        img = Image.open(src)
        img.load()
    img = img.convert("RGB")
    height = 200
    width = round(img.width * height / img.height)
    img.resize((width, height), Image.Resampling.LANCZOS).save(out_dir / "grace_hopper.png")


FIGURES: dict[str, Callable[[Path], None]] = {
    "zero_padding.png": draw_zero_padding,
    "conv_sliding_window.gif": draw_conv_sliding_window,
    "slice_corners.png": draw_slice_corners,
    "pooling.png": draw_pooling,
    "conv_volume.png": draw_conv_volume,
    "grace_hopper.png": draw_grace_hopper,
}


WITH_WORDS = ["zero_padding.png", "conv_sliding_window.gif", "slice_corners.png", "pooling.png", "conv_volume.png"]


def draw_all(out_dir: Path, progress: Callable[[str], None] = print) -> list[Path]:
    """Draw every figure into out_dir (created if needed), and the Chinese version of each one
    with words; return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in FIGURES.items():
        for zh in ([False, True] if name in WITH_WORDS else [False]):
            with _chinese_font(zh):
                draw(out_dir, zh=True) if zh else draw(out_dir)
            path = out_dir / _name(name, zh)
            progress(f"figures: wrote {path}")
            written.append(path)
    return written
