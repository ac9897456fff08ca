"""The executed course as a static website: ``make site`` (after ``make solutions``) -> build/site/.

    python -m labs_utils.site [--solutions build/solutions] [--out build/site]

Each lab page is nbconvert's JupyterLab HTML export of the executed notebook (every output and figure,
embedded), through a small template (``site_template/course``) that adds previous/next navigation and
loads nothing from the internet: formulas are converted from TeX to MathML when the site is built
(``latex2mathml``), which browsers render natively, so no MathJax and no web fonts are needed, and
RequireJS and Mermaid (unused by the labs) are left out. The index lists the labs with the topics of the
README's table. nbconvert is the tool because the course already pins it and builds its solutions' HTML
with it, the pages look like JupyterLab, and it needs no Node toolchain and no network (Jupyter Book 2,
the maintained MyST line, needs a Node.js runtime and fetches its site theme over the network).
"""
import argparse
import html
import re
import shutil
from pathlib import Path

import nbformat
from nbconvert.exporters import HTMLExporter
from nbconvert.filters.markdown import markdown2html

from .build import BADGE_START, BUILD, README, hosted_urls

TEMPLATES = Path(__file__).resolve().parent / "site_template"
# Display math $$...$$, inline math $...$ (not \$; it may wrap, not across a paragraph), and what must be
# left alone: fenced and inline code.
_MATH_OR_CODE = re.compile(r"(?s)(```.*?```|`(?:[^`\n]|\n(?!\n))*`)|\$\$(.+?)\$\$|(?<![\\$])\$((?:[^$\n]|\n(?!\n))+?)\$")
CSS = """
:root { --site-accent: #1a5fb4; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
       "PingFang SC", "Microsoft YaHei", sans-serif; }
nav.site { display: flex; gap: 1.5em; align-items: baseline; flex-wrap: wrap; max-width: 1100px;
           margin: 0.5em auto; padding: 0.6em 1em; border-bottom: 1px solid #ddd; font-size: 0.95em; }
nav.site a { color: var(--site-accent); text-decoration: none; }
nav.site a:hover { text-decoration: underline; }
nav.site .run { margin-left: auto; color: #555; }
main.index { max-width: 1000px; margin: 2em auto; padding: 0 1em; line-height: 1.5; }
main.index table { border-collapse: collapse; width: 100%; }
main.index th, main.index td { text-align: left; padding: 0.45em 0.6em; border-bottom: 1px solid #e3e3e3;
                               vertical-align: top; }
math { font-size: 1.1em; }
main.index code { background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; }
"""


class SiteError(RuntimeError):
    """The site cannot be built; the message says what to do."""


def _labs(solutions):
    labs = sorted(Path(solutions).glob("[0-9][0-9]_*.ipynb"))
    if not labs:
        raise SiteError(f"no executed notebooks in {solutions}: run `make solutions` first "
                        "(`make solutions PROFILE=quick` for a fast one)")
    return labs


def _title(nb):
    first = nb.cells[0].source.splitlines()[0]
    return re.sub(r"^#\s*", "", first).strip()


def readme_topics():
    """``{stem: topic markdown}`` from the README's lab table (the one headed ``| notebook | topic |``)."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| notebook | topic |"):].split("\n\n", 1)[0]
    return dict(re.findall(r"^\| `(\d\d_\w+)` \| (.*?) \|", table, re.M))


def _inline(markdown):
    return re.sub(r"^<p>|</p>\s*$", "", markdown2html(markdown).strip())


def _nav(labs, titles, i):
    """The bar above and below lab ``i`` (or the index when ``i`` is None)."""
    parts = ['<a href="index.html">All labs</a>']
    if i is not None:
        if i > 0:
            parts.append(f'<a rel="prev" href="{labs[i - 1].stem}.html">&larr; {html.escape(titles[i - 1])}</a>')
        if i + 1 < len(labs):
            parts.append(f'<a rel="next" href="{labs[i + 1].stem}.html">{html.escape(titles[i + 1])} &rarr;</a>')
        _, colab, kaggle = hosted_urls("student", labs[i].name)
        parts.append(f'<span class="run">Run the handout: <a href="{colab}">Colab</a> · '
                     f'<a href="{kaggle}">Kaggle</a></span>')
    return '<nav class="site">' + " ".join(parts) + "</nav>"


def _without_badges(nb):
    """The title cell without its badge images (they load from the internet; the bar links instead)."""
    title = nb.cells[0]
    title.source = "\n".join(l for l in title.source.split("\n") if not l.startswith(BADGE_START))
    title.source = re.sub(r"\n{3,}", "\n\n", title.source)
    return nb


def _mathml(markdown):
    """``markdown`` with every TeX formula replaced by MathML (code spans and blocks untouched)."""
    from latex2mathml.converter import convert

    def replace(m):
        if m.group(1):
            return m.group(1)
        if m.group(2) is not None:
            return "\n\n" + convert(m.group(2).strip(), display="block") + "\n\n"
        return convert(m.group(3).strip())
    return _MATH_OR_CODE.sub(replace, markdown)


def _with_mathml(nb):
    """Markdown cells and Markdown outputs (``findings.show``, ``display(Markdown(...))``) in MathML."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _mathml(cell.source)
        for output in cell.get("outputs", []):
            if "text/markdown" in output.get("data", {}):
                output["data"]["text/markdown"] = _mathml(output["data"]["text/markdown"])
    return nb


def build_site(solutions=None, out=None):
    """Write the site; returns the index path."""
    solutions, out = Path(solutions or BUILD / "solutions"), Path(out or BUILD / "site")
    labs = _labs(solutions)
    notebooks = [nbformat.read(p, as_version=4) for p in labs]
    titles = [_title(nb) for nb in notebooks]
    tmp = out.with_name(out.name + ".part")   # never a half-written site
    shutil.rmtree(tmp, ignore_errors=True)
    static = tmp / "_static"
    static.mkdir(parents=True)
    (static / "site.css").write_text(CSS, encoding="utf-8")
    (tmp / ".nojekyll").write_text("")   # GitHub Pages: serve _static/ as it is (Jekyll drops _folders)
    exporter = HTMLExporter(template_name="course", extra_template_basedirs=[str(TEMPLATES)])
    for i, (path, nb) in enumerate(zip(labs, notebooks)):
        body, _ = exporter.from_notebook_node(_with_mathml(_without_badges(nb)), resources={
            "metadata": {"name": titles[i]}, "site_nav": _nav(labs, titles, i)})
        (tmp / f"{path.stem}.html").write_text(body, encoding="utf-8")
    topics = readme_topics()
    rows = "\n".join(
        f'<tr><td><a href="{p.stem}.html">{html.escape(t)}</a></td><td>{_inline(topics.get(p.stem, ""))}</td></tr>'
        for p, t in zip(labs, titles))
    index = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>TensorFlow Labs</title>
<link rel="stylesheet" href="_static/site.css">
<link rel="icon" href="data:,">
</head>
<body>
{_nav(labs, titles, None)}
<main class="index">
<h1>TensorFlow Labs</h1>
<p>Deep learning with TensorFlow 2 and Keras 3, from reverse-mode autodiff to LeNet-5: every lab below
is shown executed, with all its outputs and figures. To run a lab yourself, open its handout on Colab or
Kaggle from the bar at the top of its page, or clone the course and run <code>make lab</code>.</p>
<table>
<thead><tr><th>lab</th><th>topics</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""
    (tmp / "index.html").write_text(index, encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out / "index.html"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m labs_utils.site", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--solutions", help="executed notebooks (default build/solutions)")
    parser.add_argument("--out", help="where the site goes (default build/site)")
    args = parser.parse_args(argv)
    try:
        index = build_site(args.solutions, args.out)
    except SiteError as err:
        raise SystemExit(f"error: {err}") from None
    print(f"{index}\nview it: python -m http.server -d {index.parent} 8000, then open http://localhost:8000")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
