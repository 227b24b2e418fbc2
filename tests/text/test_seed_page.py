"""The seed page (lines copied from ../shared/seeds/000_66be10cd0d1fc5b5.txt, plus lines made the
same way) must come out right: shifted GBK runs realigned, lost bytes shown as gaps, nothing
invented and nothing touched in clean text."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.text import normalize_text
from pipelines.text.gbk_shift import GAP, repair_shifted_runs

LINES = (Path(__file__).with_name("corpus") / "seed_000_lines.txt").read_text(encoding="utf-8").splitlines()
BODY, SECOND_RUN, HEADLINE, NOTE_ONLY, DROPPED_PAIR, ONE_CHARACTER, CLEAN_QUESTIONS = LINES


def test_pinyin_notes_and_script() -> None:
    out = normalize_text(BODY).text
    assert out.startswith("3月3日,19个医药健康产业重大项目在昌平区中关村生命科学园签约落地。")
    assert "(" not in out.replace("(相关资料图)", "")


def test_shifted_run_realigned_with_its_dropped_pair() -> None:
    # 。”昌平區 = A1A3 A1B1 B2FD C6BD 855E: the pair FD C6 is user-defined and was dropped, 昌平
    # comes back from the dictionary word and the rest of the page, 區 from the note `^(qū)`.
    out = normalize_text(BODY).text
    assert "更好地服务北京国际科创中心建设。”昌平区委书记甘靖中介绍。" in out
    assert not {"辈", "絽", "^", "?", GAP} & set(out)


def test_second_shifted_run() -> None:
    out = normalize_text(SECOND_RUN).text
    assert "促进生命科学园扩容、提质、增效。“一带”即前沿技术产业带,由生命科学园向北" in out
    assert GAP not in out


def test_note_on_ascii_is_a_trigger() -> None:
    # the `?` follows an ASCII letter, so only the note `^(qū)` tells that a run ends here
    assert normalize_text(NOTE_ONLY).text == "甘肃省DIA。”昌平区委书记甘靖中介绍。"


def test_unsure_dropped_pair_is_a_gap_not_an_invention() -> None:
    # 吳敏代表區: the dropped pair hid 代表 or another pair of Han characters that reads nearly
    # as well (no better evidence): two gaps, not 错; the surname is not decided either
    out = normalize_text(DROPPED_PAIR).text
    assert out.startswith(f"会上,{GAP}敏{GAP}{GAP}区生态环境局作了工作报告")


def test_one_character_run() -> None:
    # 園 = 88 40: the lead byte became `?`, the trail byte shows as `@`
    assert normalize_text(ONE_CHARACTER).text == "目前,科技园已引进企业52家,其中高新技术企业占比达到27%。"


def test_clean_question_marks_untouched() -> None:
    assert repair_shifted_runs(CLEAN_QUESTIONS) == (CLEAN_QUESTIONS, 0)


def test_headline_run_is_not_made_worse() -> None:
    # 男足??谑子? (海口首訓 + a swallowed space): the evidence is thin (`。口首` reads nearly as
    # well as `海口首`); whatever happens, no wrong character may be invented: each lost one is
    # right or a gap
    out = normalize_text(HEADLINE).text
    assert "男足??谑子?国足" in out or re.search(f"男足[海{GAP}]口首[训{GAP}]{GAP}?国足", out), out


def test_parenthetical_untouched() -> None:
    assert normalize_text("(相關資料圖)").text == "(相关资料图)"


def test_seed_page_lost_characters_inferred_and_counted() -> None:
    # the real page, read in place: its `?!` is 。” and the run's lost lead byte was 。's
    seed = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_66be10cd0d1fc5b5.txt"
    page = seed.read_text(encoding="utf-8") if seed.exists() else BODY
    result = normalize_text(page)
    assert "。”昌平区委书记" in result.text
    assert result.repairs["gbk_shift_lost_inferred"] >= 1


def test_lost_comma_with_its_dropped_pair() -> None:
    # 統計，今年 = ... A3AC BDF1 C4EA: the lost lead byte was `，`'s, and its trail byte AC with
    # 今's lead BD made a user-defined pair that the farm dropped: `?` is followed by 衲 (F1 C4)
    out = normalize_text("據統計?衲晟习肽暧诙伎h接待遊客").text
    assert out.startswith("据统计,今年上半年于都县接待游客") or out.startswith("据统计，今年上半年于都县接待游客")


def test_lost_full_stop_before_a_quote() -> None:
    # invented line damaged like the seed (tests/text/test_shift_recovery.shift_run at 。): the
    # lost lead byte is 。's. Without the rest of the page, 步 (no pair dropped) and 昌平 (FD C6
    # dropped) read nearly alike: a gap, not a guess (the seed page itself says 昌平 elsewhere)
    result = normalize_text("加快建設?!安絽^委書記表示")
    assert result.text == f"加快建设。“{GAP}区委书记表示"
    assert result.repairs["gbk_shift_lost_inferred"] == 1 and result.repairs["gbk_shift_lost_gaps"] == 1
