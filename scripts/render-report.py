#!/usr/bin/env python3
"""Renders panel's HTML report in headless Chromium and checks that the charts are drawn.

    python3 scripts/render-report.py REPORT.html OUT.png

Takes a screenshot of REPORT.html (made by `panel export report --format html`) with Chromium
(Debian's `chromium` package), then reads the PNG back (Pillow) and counts the pixels drawn in the
charts' colours: the bars, and the quota line of the stability chart. Exits 1 when the bars do not
form the expected separate charts (severity, histograms, agreement, stability) or the quota line
is missing. Needs: apt-get install chromium; pip install pillow.
"""
import shutil
import subprocess
import sys
import tempfile

from PIL import Image

BAR = (0x2A, 0x6F, 0xDB)
FLAG = (0xD1, 0x49, 0x5B)
LINE = (0xE0, 0xA8, 0x00)


def screenshot(html, png, width=1200, height=9000):
    browser = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
    if browser is None:
        sys.exit("no chromium found: apt-get install chromium")
    with tempfile.TemporaryDirectory() as profile:
        # No network is needed or allowed: the report is one self-contained file.
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={profile}",
                        "--no-first-run", "--disable-background-networking", f"--window-size={width},{height}",
                        f"--screenshot={png}", f"file://{html}"], check=True, capture_output=True, timeout=120)


def bands(rows, gap=30):
    """Runs of rows, separated by at least `gap` rows without a mark."""
    found = []
    for row in sorted(rows):
        if found and row - found[-1][1] <= gap:
            found[-1][1] = row
        else:
            found.append([row, row])
    return found


def main(html, png):
    screenshot(html, png)
    image = Image.open(png).convert("RGB")
    width, height = image.size
    pixels = image.load()
    counts = {"bar": 0, "flag": 0, "line": 0}
    bar_rows = set()
    for y in range(height):
        for x in range(width):
            pixel = pixels[x, y]
            if pixel == BAR:
                counts["bar"] += 1
                bar_rows.add(y)
            elif pixel == FLAG:
                counts["flag"] += 1
            elif pixel == LINE:
                counts["line"] += 1
    charts = bands(bar_rows)
    print(f"{png}: {width}x{height}; bar pixels {counts['bar']}, flagged {counts['flag']}, quota line {counts['line']}; "
          f"{len(charts)} separate charts drawn in the bar colour at rows " + ", ".join(f"{a}-{b}" for a, b in charts))
    ok = counts["bar"] >= 5000 and counts["line"] >= 100 and len(charts) >= 4
    print("charts present" if ok else "FAIL: charts missing")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
