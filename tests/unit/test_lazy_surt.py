"""surt is imported without tldextract (and requests, urllib3), which SURT keys never use; the
real tldextract is there for whoever asks for it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_surt_keys_without_tldextract_and_tldextract_on_demand() -> None:
    script = textwrap.dedent("""
        import json, sys
        from archive.warc import surt_key
        keys = [surt_key(u) for u in ("http://www.Example.com:80/a?b=2&a=1", "https://127.0.0.1:8443/x y")]
        loaded_before = [m for m in ("tldextract", "requests", "urllib3") if m in sys.modules]
        handy = sys.modules["surt.handyurl"]
        real_class = handy.tldextract.TLDExtract  # the stand-in loads the real module here
        import tldextract
        print(json.dumps({"keys": keys, "loaded_before": loaded_before,
                          "real": real_class is tldextract.TLDExtract and hasattr(tldextract, "__file__")}))
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    import surt

    print(found)
    assert found["loaded_before"] == [] and found["real"]
    assert found["keys"] == [surt.surt("http://www.Example.com:80/a?b=2&a=1"), surt.surt("https://127.0.0.1:8443/x y")]
