"""The seed page (copied lines of ../shared/seeds/000_66be10cd0d1fc5b5.txt) must come out right."""

from __future__ import annotations

from pathlib import Path

from pipelines.text import normalize_text

LINES = (Path(__file__).with_name("corpus") / "seed_000_lines.txt").read_text(encoding="utf-8").splitlines()


def test_pinyin_notes_and_script() -> None:
    out = normalize_text(LINES[0]).text
    assert out.startswith("3月3日,19个医药健康产业重大项目在昌平区中关村生命科学园签约落地。")
    assert "(" not in out.replace("(相关资料图)", "")


def test_shifted_run_realigned() -> None:
    out = normalize_text(LINES[0]).text
    # 昌平 was lost with a dropped user-defined pair; the rest must be realigned exactly
    assert "建设。”" in out and "区委书记甘靖中介绍。" in out
    assert "辈" not in out and "絽" not in out and "^" not in out


def test_second_shifted_run() -> None:
    out = normalize_text(LINES[1]).text
    assert "增效。“一带”即前沿技术产业带" in out


def test_parenthetical_untouched() -> None:
    assert normalize_text("(相關資料圖)").text == "(相关资料图)"
