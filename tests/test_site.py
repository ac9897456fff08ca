"""`make site`: the executed course as a static website, built from a quick-profile run of every lab
and opened in headless Chromium (skipped, saying why, without a browser)."""
import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
from browser import SHOTS, launch, require_browser
from notebook_tools import NOTEBOOKS

from labs_utils import build
from labs_utils.site import SiteError, build_site

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_browser()
    solutions = tmp_path_factory.mktemp("solutions")
    assert build.build_solutions(out_dir=solutions, profile="quick"), "a quick run of the course failed"
    for path in NOTEBOOKS:   # the executed solutions open themselves on Colab/Kaggle too
        title = nbformat.read(solutions / path.name, as_version=4).cells[0].source
        assert title.splitlines()[2] == build.badge_line("solutions", path.name)
    return build_site(solutions, tmp_path_factory.mktemp("site") / "site").parent


def test_site_needs_the_executed_solutions(tmp_path):
    with pytest.raises(SiteError, match="run `make solutions` first"):
        build_site(tmp_path / "nothing", tmp_path / "site")
    assert not (tmp_path / "site").exists()


@pytest.fixture(scope="module")
def served(site):
    """The site over HTTP, as a student or GitHub Pages serves it (file:// pages may not load fonts)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _internal_targets(page, base):
    """Every link and resource of the page that stays on the site, as (path, fragment)."""
    urls = page.eval_on_selector_all("a[href], link[href], script[src], img[src]",
                                     "els => els.map(e => e.href || e.src)")
    out = []
    for url in urls:
        parsed = urlparse(url)
        if url.startswith(base):
            out.append((unquote(parsed.path).lstrip("/"), parsed.fragment))
        else:
            assert parsed.scheme in ("https", "data"), f"{url}: not https, not on the site"
    return out


def test_every_page_loads_with_no_error_and_no_broken_link(site, served):
    from playwright.sync_api import sync_playwright

    pages = ["index.html"] + [f"{p.stem}.html" for p in NOTEBOOKS]
    assert sorted(p.name for p in site.glob("*.html")) == sorted(pages)
    assert (site / ".nojekyll").exists()   # GitHub Pages keeps _static/
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems = []
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
        page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
        page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        for name in pages:
            page.goto(f"{served}/{name}", wait_until="networkidle")
            # Every formula became MathML: no TeX left for a script to typeset, no conversion error.
            assert page.locator("merror").count() == 0, name
            prose = "\n".join(page.locator(".jp-RenderedMarkdown").all_inner_texts())
            assert not re.search(r"\$[^$\s][^$]*\$", prose), f"{name}: unconverted TeX"
            for path, fragment in _internal_targets(page, served):
                target = site / path
                assert target.is_file(), f"{name}: broken link to {path}"
                if fragment:
                    assert re.search(rf'id="{re.escape(fragment)}"', target.read_text(encoding="utf-8")), \
                        f"{name}: no #{fragment} in {path}"
            assert not problems, f"{name}: {problems}"
            if name == "index.html":
                assert page.locator("main.index tbody tr").count() == len(NOTEBOOKS)
                assert "backpropagation (反向传播)" in page.inner_text("main")   # the README's topics
                page.screenshot(path=str(SHOTS / "site-index.png"))
        # A lab page: all outputs and figures, formulas, the Chinese terms, previous/next.
        page.goto(f"{served}/01_autodiff.html", wait_until="networkidle")
        assert page.locator("img[src^='data:image/png']").count() >= 3
        assert page.locator("math").count() > 50 and page.locator("math[display=block]").count() > 3
        assert page.locator("script").count() == 0   # nothing to load, nothing to run
        assert "反向传播" in page.inner_text("body")
        assert page.locator("a[rel=prev][href='00_setup.html']").count() == 2
        assert page.locator("a[rel=next][href='02_mlp.html']").count() == 2
        assert page.locator("img[src*='colab-badge']").count() == 0   # badges load from the internet
        page.screenshot(path=str(SHOTS / "site-lab01.png"))
        browser.close()


def test_tex_becomes_mathml_and_code_is_left_alone():
    from labs_utils.site import _mathml

    text = ("the loss $L = (y -\n\\hat y)^2$, the shell's `$HOME\nand $PATH`, a price of \\$5\n"
            "```bash\necho $PATH $x$\n```\n$$\\frac{\\partial L}{\\partial w}$$")
    out = _mathml(text)
    assert out.count("<math") == 2 and 'display="block"' in out and "<mfrac>" in out
    assert "`$HOME\nand $PATH`" in out and "echo $PATH $x$" in out and "\\$5" in out
    assert "\\hat" not in out and "\\frac" not in out


def test_the_index_takes_each_labs_topics_from_the_readme_lab_table():
    from labs_utils.site import readme_topics

    topics = readme_topics()
    assert sorted(topics) == sorted(p.stem for p in NOTEBOOKS)
    assert topics["01_autodiff"].startswith("backpropagation (反向传播)")
