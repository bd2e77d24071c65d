"""Commands beyond import and check: generate, build, serve, linkcheck."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .cli import command


def _root_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=Path("."), help="project folder holding mkdocs.yml (default: .)")


def _generate_args(p: argparse.ArgumentParser) -> None:
    _root_arg(p)
    p.add_argument("--zensical", action="store_true", help="write docs/ for Zensical, with zensical.yml and "
                   ".zensical/theme/ (then: zensical build -f zensical.yml; see bench/ENGINES.md)")  # fmt: skip


@command("generate", "write the docs/ pages MkDocs renders (only files that changed)", _generate_args)
def cmd_generate(ns: argparse.Namespace) -> int:
    """`generate`: write the page tree into docs/."""
    if ns.zensical:
        from .zensical_site import CONFIG, generate_zensical

        print(generate_zensical(ns.root).summary())
        print(f"build it with: zensical build -f {ns.root / CONFIG}")
        return 0
    from .generate import generate

    print(generate(ns.root).summary())
    return 0


def _mkdocs(*args: str) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.call([sys.executable, "-m", "mkdocs", *args], env=env)


@command("build", "generate and render the whole site into site/ (mkdocs build --strict)", _root_arg)
def cmd_build(ns: argparse.Namespace) -> int:
    """`build`: `mkdocs build --strict`."""
    return _mkdocs("build", "--strict", "--config-file", str(ns.root / "mkdocs.yml"))


def _serve_args(p: argparse.ArgumentParser) -> None:
    _root_arg(p)
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")


@command(
    "serve", "live preview: rebuilds what an edit of content/ changes and reloads (mkdocs serve --dirty)", _serve_args
)
def cmd_serve(ns: argparse.Namespace) -> int:
    """`serve`: `mkdocs serve --dirty` with live reload: pages whose generated text is unchanged are left as
    they are (the plugin tells MkDocs which), so an edit shows in about a second and a half."""
    return _mkdocs("serve", "--dirty", "--config-file", str(ns.root / "mkdocs.yml"), "--dev-addr", ns.dev_addr)


def _linkcheck_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("site", type=Path, nargs="?", default=Path("site"), help="built site folder (default: site)")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="mkdocs.yml, for the site's URL path")


@command("linkcheck", "check every internal link and anchor in the built site", _linkcheck_args)
def cmd_linkcheck(ns: argparse.Namespace) -> int:
    """`linkcheck`: every internal link and anchor of the built site."""
    from urllib.parse import urlsplit

    from .generate import site_info
    from .linkcheck import check_site

    prefix = urlsplit(site_info(ns.config).url).path if ns.config.exists() else "/"
    broken, pages = check_site(ns.site, prefix)
    for line in broken:
        print(line)
    print(f"{pages} pages checked, {len(broken)} broken internal link(s)", file=sys.stderr if broken else sys.stdout)
    return 1 if broken else 0
