"""`check` is the contract: what it accepts, import and the build accept; what would fail later, it reports first.

Runs on copies of the fixture project (tests/fixture/content), never on the live list.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixture" / "content"
LINE = re.compile(r"^(.+):(\d+): (.+?): (.+) \((.+)\)$")
SAM = "segment-anything"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    dest = tmp_path / "content"
    shutil.copytree(FIXTURE, dest)
    return dest


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def check(content: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    code = main(["check", "--content", str(content), *extra])
    return code, capsys.readouterr().out.splitlines()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_fixture_passes(content, capsys) -> None:
    assert check(content, capsys)[0] == 0


def test_a_hand_edit_in_any_yaml_style_passes_and_import_keeps_its_bytes(content, capsys) -> None:
    path = content / "papers" / f"{SAM}.md"
    text = path.read_text("utf-8")
    title = re.search(r"^title: (.*)$", text, re.M).group(1)  # type: ignore[union-attr]
    tags = re.search(r"^tags: \[(.*)\]$", text, re.M).group(1)  # type: ignore[union-attr]
    text = text.replace(f"title: {title}", 'title: "Segment Anything (SAM)"')
    text = text.replace(f"tags: [{tags}]", "tags:\n" + "".join(f"  - {t}\n" for t in tags.split(", ")).rstrip("\n"))
    text = re.sub(r"^authors: \[\]\n", "", text, flags=re.M).replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8"))
    before = files(content)
    assert check(content, capsys)[0] == 0
    assert main(["import", "--content", str(content)]) == 0
    assert files(content) == before  # the semantic no-op writes nothing


def test_import_rewrites_only_the_lists_lines(content, capsys) -> None:
    path = content / "papers" / f"{SAM}.md"
    text = path.read_text("utf-8")
    styled = text.replace("---\n", "---\n# a curator's comment\n", 1).replace(
        "\nlists:", "\nnotes: 'kept as written'\nlists:"
    )
    stale = styled.replace("  rank: 4\n", "  rank: 54\n", 1)
    path.write_text(stale, "utf-8")
    code, out = check(content, capsys)
    assert code == 1 and any(f"{SAM}.md:" in row and ": lists: import would remove" in row for row in out), out
    assert main(["import", "--content", str(content)]) == 0
    assert path.read_text("utf-8") == styled  # every line but the list entries kept its bytes


def test_a_copied_file_that_keeps_its_lists_is_blamed_not_the_original(content, capsys) -> None:
    original = content / "papers" / f"{SAM}.md"
    copy = content / "papers" / "my-new-paper.md"
    copy.write_text(re.sub(r"^title: .*$", "title: My New Paper", original.read_text("utf-8"), flags=re.M), "utf-8")
    before = files(content)
    code, out = check(content, capsys)
    blamed = [row for row in out if "is also in" in row or " same " in row]
    assert code == 1 and blamed and all("/my-new-paper.md:" in row for row in blamed), out
    assert main(["import", "--content", str(content)]) == 1
    assert files(content) == before


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "message"),
    [
        (f"papers/{SAM}.md", "added: 2026-11-01", "added: 2999-01-01", "added", "in the future"),
        (f"papers/{SAM}.md", "week: 2023-04-09", "week: 9999-12-31", "week", "out of range"),
        (f"papers/{SAM}.md", "week: 2023-04-09", "week: 2023-04-10", "week", "weeks start on Sunday"),
        (f"papers/{SAM}.md", "year: 2023", "year: 2099", "year", "in the future"),
        (f"papers/{SAM}.md", "arxiv: '2304.02643'", "arxiv: '2399.02643'", "arxiv", "month 99 does not exist"),
        ("categories.yml", "code: cs.AI", "code: index.html", "code", "would name a generated file"),
        (
            "tags.yml",
            "",
            "- id: speech\n  label: Speech\n  description: Speech.\n  title: 'speech'\n",
            "title",
            "expected a list",
        ),
        ("tags.yml", "  title: [", "  titel: [", "titel", "did you mean 'title'"),
        ("tags.yml", "- id: llm\n", "- id: llm\n  label2: x\n", "label2", "unknown key"),
        ("lists.yml", "kind: ranked", "kind: ranked\n  week_start: monday", "week_start", "only weekly lists"),
        ("lists.yml", 'added: "2026-11-01"', "added: 2999-01-01", "added", "in the future"),
    ],
)
def test_crash_classes_are_check_errors(content, capsys, file, old, new, field, message) -> None:
    if old:
        edit(content / file, old, new)
    else:
        (content / file).write_text((content / file).read_text("utf-8") + new, "utf-8")
    before = files(content)
    code, out = check(content, capsys)
    rows = [r for r in out if r.startswith(f"{content / file}:") and f": {field}: " in r]
    assert code == 1 and any(message in r for r in rows), out
    assert all(LINE.match(r) for r in out), out
    assert files(content) == before


def test_octal_looking_numbers_are_reported(content, capsys) -> None:
    edit(content / "papers" / f"{SAM}.md", "  rank: 4", "  rank: 010")  # YAML 1.1 reads 010 as octal 8
    code, out = check(content, capsys)
    assert code == 1 and any("YAML 1.1 reads" in r and ": lists.0.rank: " in r for r in out), out


def test_a_broken_source_list_fails_check_not_just_import(content, capsys) -> None:
    edit(content / "lists" / "best-nlp-papers-2023.txt", "citations", "citatons")
    code, out = check(content, capsys)
    assert code == 1 and any("best-nlp-papers-2023.txt:" in r and "expected 'N citations'" in r for r in out), out


def test_a_weekly_entry_off_its_weekday_fails_check(content, capsys) -> None:
    path = content / "lists" / "weekly-top-papers-2023-q2.md"
    text = path.read_text("utf-8")
    week = re.search(r"^\| ?(\d{4}-\d{2}-\d{2})", text, re.M).group(1)  # type: ignore[union-attr]
    path.write_text(text.replace(week, "2023-04-04", 1), "utf-8")
    code, out = check(content, capsys)
    assert code == 1 and any("weekly-top-papers-2023-q2.md:" in r and "weeks start on Sunday" in r for r in out), out


def test_a_symlinked_list_file_fails_check(content, capsys, tmp_path) -> None:
    path = content / "lists" / "best-nlp-papers-2023.txt"
    target = tmp_path / "elsewhere.txt"
    shutil.move(path, target)
    os.symlink(target, path)
    code, out = check(content, capsys)
    assert code == 1 and any("lists.yml:" in r and "not a plain file" in r for r in out), out


def test_every_vocabulary_problem_is_reported_with_annotations(content, capsys) -> None:
    edit(content / "tags.yml", "- id: llm\n", "- id: Bad/Tag\n")
    edit(content / "categories.yml", "code: cs.AI", "code: ..")
    edit(content / "lists.yml", "format: ranked", "format: csv")
    code, out = check(content, capsys, "--format", "github")
    assert code == 1
    for name in ("tags.yml", "categories.yml", "lists.yml"):
        assert any(r.startswith(f"::error file={content / name},line=") for r in out), (name, out)
    assert all(r.startswith("::error file=") for r in out), out


def test_a_shrunk_permalink_registry_is_caught_against_the_base(content, capsys, tmp_path) -> None:
    registry = content / "permalinks.txt"
    base = tmp_path / "base.txt"
    shutil.copy(registry, base)
    lines = registry.read_text("utf-8").splitlines(keepends=True)
    registry.write_text("".join(lines[1:]), "utf-8")
    code, out = check(content, capsys, "--base-permalinks", str(base))
    assert code == 1 and any(lines[0].strip() in r and "no longer registered" in r for r in out), out


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("注意力就是你所需要的一切", "zhu-yi-li-jiu-shi-ni-suo-xu-yao-de-yi-qie"),
        ("Внимание — это всё, что нужно", "vnimanie-eto-vse-chto-nuzhno"),
        ("FlauBERT : des modèles de langue", "flaubert-des-modeles-de-langue"),
        ("Ἀρχή of $\\alpha$-models", "archi-of-alpha-models"),
        ("한국어 모델", "han-gug-eo-mo-del"),
    ],
)
def test_slugs_are_readable_in_any_script(title: str, slug: str) -> None:
    from generator.names import slugify

    assert slugify(title) == slug


def test_add_manual_takes_a_slug_and_a_non_latin_title(content, capsys) -> None:
    args = ["add", "--manual", "--title", "大规模语言模型综述", "--tag", "llm", "--content", str(content)]
    assert main(args) == 0
    assert (content / "papers" / "da-gui-mo-yu-yan-mo-xing-zong-shu.md").is_file()
    assert main([*args[:3], "Another Title", "--tag", "llm", "--slug", "my-survey", "--content", str(content)]) == 0
    assert (content / "papers" / "my-survey.md").is_file()
    assert main([*args[:3], "Third", "--tag", "llm", "--slug", "my-survey", "--content", str(content)]) == 1
    assert "already used" in capsys.readouterr().err
    assert main(["check", "--content", str(content)]) == 0


def test_check_report_prints_coverage_per_field(content, capsys) -> None:
    assert main(["check", "--report", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert set(rows) >= {"authors", "year", "arxiv", "category", "venue", "aka", "abstract", "code", "provenance"}
    assert re.search(r"^abstract\s+20 of 20\s+100\.0 %$", rows["abstract"]), out
