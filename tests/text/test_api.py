"""Unit tests of the public text API: decoding decisions, repairs, notes, script, titles."""

from __future__ import annotations

from pathlib import Path

from pipelines.text import TitleDecorations, decode_html, normalize_text, normalize_title, to_simplified

PAGE = '<html><head><meta charset="{meta}"><title>t</title></head><body><p>{body}</p></body></html>'


def page(body: str, meta: str, codec: str) -> bytes:
    return PAGE.format(meta=meta, body=body).encode(codec)


def test_utf8_header_over_gbk_bytes() -> None:
    d = decode_html(page("昌平区委书记甘靖中介绍，项目签约落地。", "gbk", "gbk"), "text/html; charset=utf-8")
    assert d.encoding == "gb18030"
    assert d.encoding_declared == "utf-8"
    assert "昌平区委书记" in d.text


def test_gb2312_declared_over_gbk_only_chars() -> None:
    d = decode_html(page("张喆、李堃和朱镕基讲话", "gb2312", "gbk"), "text/html; charset=gb2312")
    assert d.encoding == "gb18030"
    assert "张喆、李堃和朱镕基" in d.text and not d.repairs


def test_big5_declared_over_hkscs() -> None:
    d = decode_html(page("佢哋話嘅嘢係噉樣", "big5", "big5hkscs"), None)
    assert d.encoding == "big5hkscs"
    assert "嘅嘢係噉" in d.text


def test_gb2312_meta_over_utf8_bytes() -> None:
    d = decode_html(page("北京市昌平区", "gb2312", "utf-8"), None)
    assert (d.encoding, d.encoding_declared) == ("utf-8", "gb2312")


def test_bom_and_undecodable_counted() -> None:
    d = decode_html(b"\xef\xbb\xbfabc\xff", "text/html")
    assert d.encoding == "utf-8" and d.repairs == {"undecodable_bytes": 1}


def test_pinyin_notes_only_when_verified() -> None:
    n = normalize_text("19個醫(yī)藥健康產業(yè)項目(相關資料圖)(记者 张三)行(xíng)")
    assert n.text == "19个医药健康产业项目(相关资料图)(记者 张三)行"
    assert n.repairs["pinyin_notes"] == 3
    assert n.script_original == "zh-Hant"


def test_script_variants_and_width() -> None:
    assert normalize_text("這裡有著名景點").script_original == "zh-TW"
    assert normalize_text("香港衞生署綫路").text == "香港卫生署线路"
    assert normalize_text("ＡＢＣ１２３，好。").text == "ABC123，好。"
    assert normalize_text("昌平区", "zh-Hant").text == "昌平區"
    assert to_simplified("醫藥產業") == "医药产业"


def test_title_decorations_fixed_and_site_name() -> None:
    assert normalize_title("全球看點:19個醫藥項目落地昌平").text == "19个医药项目落地昌平"
    assert normalize_title("中冶華南舉行專項培訓_環球報資訊").text == "中冶华南举行专项培训"
    assert normalize_title("北京发布新规_京华网", site_title="京华网").text == "北京发布新规"


def test_title_decorations_learned(tmp_path: Path) -> None:
    learned = TitleDecorations()
    heads = ["市政府召开常务会议", "地铁新线今日开通", "高校毕业生招聘会举行", "春季植树活动启动", "老旧小区改造提速"]
    for h in heads:
        learned.observe("farm", f"{h}-蓝海快报")
    assert learned.strip("farm", "全市消费券发放完毕-蓝海快报") == "全市消费券发放完毕"
    learned.save(tmp_path / "deco.json")
    again = TitleDecorations.load(tmp_path / "deco.json")
    assert again.strip("farm", "新医院投入使用-蓝海快报") == "新医院投入使用"
    assert TitleDecorations.load(tmp_path / "missing.json").strip("farm", "x-蓝海快报") == "x-蓝海快报"


def test_shipped_script_tables_are_what_their_sources_give() -> None:
    # detect_script reads the table from pipelines/text/data (start-up cost); it must stay what
    # the character model and the pinned OpenCC say. Rewrite it with `python -m pipelines.text.script`.
    from pipelines.text import plausibility, script

    assert script._evidence() == script.compute_evidence()
    model = plausibility.char_model()
    for a, b in model.t2s.items():
        if len(a) == len(b) == 1:
            assert plausibility.simplify_chars(a) == b
    assert plausibility.place_names() == model.places
    shipped = Path(script.__file__).parent.joinpath(script.TABLES_FILE).read_text(encoding="utf-8")
    assert shipped == script.tables_json()


def test_char_class_matches_exactly_its_characters() -> None:
    import re

    from pipelines.text.charclass import char_class

    chars = {"a", "b", "c", "-", "]", "^", "\\", "中", "丮", "丯", "\u3000"}
    pattern = re.compile(f"[{char_class(chars)}]")
    for code in range(0x10000):
        assert bool(pattern.fullmatch(chr(code))) == (chr(code) in chars)
