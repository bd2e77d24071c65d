"""The MkDocs plugin: another site uses it with a minimal mkdocs.yml, problems stop the build with
path:line, options are checked, the wheel carries the theme, and `mkdocs serve` builds once per edit."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from generator.corpus import Corpus
from generator.icons import REPO_ICON, Icon, as_symbol, find_icon
from generator.rendercache import RenderCache, fingerprint
from generator.vocab import Vocabulary
from tests.conftest import FIXTURE_CONTENT, mkdocs_build

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = """\
site_name: Another reading list
theme:
  name: material
plugins:
  - search
  - reading-list:
      content: reading
"""


def minimal_site(tmp_path: Path, config: str = MINIMAL) -> Path:
    """A site that is not this repository: its own mkdocs.yml, an empty docs/, the content under reading/."""
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    (tmp_path / "docs").mkdir()
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "reading")
    return tmp_path


def test_another_site_builds_every_page_with_a_minimal_config(tmp_path: Path) -> None:
    site = minimal_site(tmp_path)
    result = mkdocs_build(site)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr[-3000:]
    papers = Corpus.load(site / "reading", Vocabulary.load(site / "reading")).papers
    for paper in papers:
        page = (site / "site" / "papers" / paper.slug / "index.html").read_text("utf-8")
        assert 'class="rl-paper"' in page and "Another reading list" in page
    for asset in ("assets/javascripts/reading.js", "assets/stylesheets/site.css", "assets/vendor/katex/katex.min.js"):
        assert (site / "site" / asset).is_file(), asset  # the plugin brings its theme and assets along
    assert not any((site / "docs").iterdir())  # nothing is written into docs_dir


def test_a_content_problem_stops_the_build_with_path_and_line(tmp_path: Path) -> None:
    site = minimal_site(tmp_path)
    paper = sorted((site / "reading" / "papers").glob("*.md"))[0]
    paper.write_text(paper.read_text("utf-8").replace("tags: [", "tags: [no-such-tag, ", 1), "utf-8")
    result = mkdocs_build(site)
    assert result.returncode != 0
    assert re.search(rf"{re.escape(str(paper))}:\d+: tags\.0: unknown tag 'no-such-tag'", result.stderr), result.stderr


def test_options_are_validated(tmp_path: Path) -> None:
    site = minimal_site(tmp_path, MINIMAL + "      search_engine: elastic\n")
    result = mkdocs_build(site)
    assert result.returncode != 0 and "search_engine" in result.stderr, result.stderr[-2000:]
    (tmp_path / "old").mkdir()
    old = minimal_site(tmp_path / "old", MINIMAL + "      pagefind_threshold: 3000\n")  # a retired option
    result = mkdocs_build(old)
    assert result.returncode != 0 and "pagefind_threshold" in result.stderr, result.stderr[-2000:]
    assert "remove it" in result.stderr  # strict: a deprecated option fails the build, saying what to do


def test_the_wheel_ships_the_plugin_its_theme_and_templates(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)]
    subprocess.run(cmd, check=True, capture_output=True)
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry_points = next(z.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    assert "reading-list = generator.plugin:ReadingListPlugin" in entry_points
    for name in ("generator/theme/main.html", "generator/theme/paper.html", "generator/templates/paper.md.j2"):
        assert name in names, name
    assert "generator/theme/assets/javascripts/reading.js" in names


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(log: Path, pattern: str, count: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = len(re.findall(pattern, log.read_text("utf-8", "replace")))
        if found >= count:
            return found
        time.sleep(0.2)
    return len(re.findall(pattern, log.read_text("utf-8", "replace")))


LIVERELOAD = re.compile(r"<script>(?:(?!</script>).)*</script>(?=</body>)", re.S)  # what `serve` adds to a page


def _get(url: str) -> str:
    """A page as `mkdocs serve` serves it, without the reload script it adds (its ids change every build)."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return LIVERELOAD.sub("", response.read().decode("utf-8"), count=1)


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve-dirty"])
def test_serve_builds_once_per_edit_and_renders_only_what_changed(tmp_path: Path, dirty: bool) -> None:
    """One build per edit; in it, only the pages that show the edited paper go through the theme again (the
    log's "N pages rendered, M reused"; with --dirty, the unchanged pages are not even read: "K unchanged");
    what the server then serves is the edit, and every other page whole. Strict, as mkdocs.yml may say."""
    site = minimal_site(tmp_path, MINIMAL.replace("theme:", "strict: true\ntheme:"))
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    port = _free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    cmd += ["--dirty"] if dirty else []
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    built = r"Documentation built in"
    papers = sorted((site / "reading" / "papers").glob("*.md"))
    paper, other = papers[0], papers[-1]
    try:
        assert _wait_for(log, built, 1, 120) == 1, log.read_text()
        time.sleep(2)  # any rebuild a first build would trigger (files it wrote) happens now
        assert _wait_for(log, built, 2, 0) == 1, log.read_text()
        before = _get(f"http://127.0.0.1:{port}/papers/{other.stem}/")
        # the abstract: shown on the paper's page alone (a title would be in every page's navigation here, which
        # lists every page: this site has no `nav:`)
        paper.write_text(paper.read_text("utf-8").rstrip() + " Edited while serving.\n", "utf-8")
        assert _wait_for(log, built, 2, 120) == 2, log.read_text()
        time.sleep(3)  # a second build for the same edit would show up here
        assert _wait_for(log, built, 3, 0) == 2, log.read_text()
        edited = _get(f"http://127.0.0.1:{port}/papers/{paper.stem}/")
        after = _get(f"http://127.0.0.1:{port}/papers/{other.stem}/")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    text = log.read_text()
    assert "WARNING" not in text and "Aborted" not in text, text
    counts = [
        tuple(int(n or 0) for n in m) for m in re.findall(r"(\d+) pages rendered, (\d+) reused(?:, (\d+))?", text)
    ]
    assert len(counts) == 2, text
    (first_rendered, first_reused, _), (rendered, reused, unchanged) = counts
    assert first_reused == 0 and first_rendered > 40
    assert rendered + reused + unchanged == first_rendered  # the same pages
    assert (unchanged > 0) == dirty and (reused > 0) != dirty, counts
    assert 1 <= rendered <= first_rendered // 3, counts  # the paper, the pages listing it; not the rest
    assert "<h1" in edited and "Edited while serving." in edited
    assert after == before and after.rstrip().endswith("</html>")  # a reused page, served whole


@pytest.mark.parametrize("engine", ["lunr", "pagefind"])
def test_engine_option_is_honoured(tmp_path: Path, engine: str) -> None:
    site = minimal_site(tmp_path, MINIMAL + f"      search_engine: {engine}\n")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"search engine: {engine} (forced)" in result.stderr
    assert (site / "site" / "search" / "search_index.json").is_file() == (engine == "lunr")
    assert (site / "site" / "pagefind" / "pagefind.js").is_file() == (engine == "pagefind")


def test_render_cache_keys_cover_templates_config_and_navigation(tmp_path: Path) -> None:
    """A finished page is reused only while its template folder, config file and navigation are unchanged."""
    theme, config = tmp_path / "theme", tmp_path / "mkdocs.yml"
    (theme / ".icons").mkdir(parents=True)
    (theme / "main.html").write_text("<html>{{ page }}</html>", "utf-8")
    config.write_text("site_name: A\n", "utf-8")
    cache = RenderCache()

    def key(nav: list[tuple[str, str]]) -> str:
        cache.begin(fingerprint([config], [theme]), nav)
        return cache.key("papers/a.md", "papers/a/", "<p>body</p>", {"title": "A"})

    nav = [("Home", "")]
    first = key(nav)
    assert key(nav) == first
    assert cache.key("papers/a.md", "papers/a/", "<p>other</p>", {"title": "A"}) != first
    assert cache.key("papers/a.md", "papers/a/", "<p>body</p>", {"title": "B"}) != first
    assert key([("Home", ""), ("Papers", "papers/")]) != first
    os.utime(theme / ".icons", None)  # icon sets are not templates
    (theme / ".icons" / "x.svg").write_text("<svg/>", "utf-8")
    assert key(nav) == first
    (theme / "main.html").write_text("<html>{{ page }}!</html>", "utf-8")
    second = key(nav)
    assert second != first
    config.write_text("site_name: B\n", "utf-8")
    assert key(nav) != second


def test_the_repository_icon_is_one_file_not_an_inline_copy_per_page(built_site: Path) -> None:
    """Material inlines the repository icon twice per page (3 KB); the plugin writes it once and pages use it."""
    icon = (built_site / REPO_ICON).read_text("utf-8")
    assert icon.startswith('<svg id="icon" ') and "Font Awesome" in icon  # the theme's file, licence comment kept
    page = (built_site / "papers" / "segment-anything" / "index.html").read_text("utf-8")
    uses = re.findall(r'<svg viewBox="([^"]+)" aria-hidden="true"><use xlink:href="([^"]+)"/></svg>', page)
    assert uses == [("0 0 512 512", "../../assets/images/rl-repo-icon.svg#icon")] * 2  # header and drawer
    assert "Font Awesome" not in page
    assert not re.search(r"<(?:use|image)\b[^>]*\shref=", page)  # Material's instant navigation would throw on it


def test_icon_names_and_files_are_checked() -> None:
    assert find_icon("../../etc/passwd", ["/"]) is None  # a name, not a path
    assert as_symbol('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>') is None  # no viewBox
    assert as_symbol('<svg id="x" viewBox="0 0 1 1"></svg>') is None  # an id of its own
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0  0 24\n24"><path d="M0 0"/></svg>'
    assert as_symbol(svg) == Icon(svg.replace("<svg ", '<svg id="icon" '), "0 0 24 24")
