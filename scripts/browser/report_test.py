"""Browser test of `dealwire report`: opens reports in headless Chromium through ChromeDriver
and checks what a person would: the page loads without console errors, the charts are
drawn, a filter changes the table, a deal card shows a highlighted evidence span, and a
dataset full of markup and `</script>` neither breaks the page nor runs anything.

Usage: python scripts/browser/report_test.py DEALWIRE_BINARY OUT_DIR
Writes the reports and screenshots (report.png, report-card.png, report-small.png) to OUT_DIR.
Ends with "browser: N passed, M failed"; the exit status is 1 when anything failed.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

CHROMIUM = os.environ.get("DEALWIRE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("DEALWIRE_CHROMEDRIVER", "/usr/bin/chromedriver")
# The flags that work on the project's machines (no sandbox as root, no network of its own).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--window-size=1400,1000",
]
CHARTS = ["chart-types", "chart-status", "chart-timeline", "chart-orgs", "chart-network", "chart-patents"]
HOSTILE_TITLE = "</script><script>window.pwned=1</script>"
HOSTILE_NAME = '<img src=x onerror="window.pwned=2">'


def run(cmd):
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def driver_for(profile):
    opts = Options()
    opts.binary_location = CHROMIUM
    for f in FLAGS:
        opts.add_argument(f)
    opts.add_argument("--user-data-dir=" + profile)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#deal-table tbody tr")


def count_text(driver):
    return driver.find_element(By.ID, "row-count").text


class Suite:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, fn):
        try:
            fn()
        except Exception:  # a failed check is reported and the others still run
            self.failed += 1
            print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)
        else:
            self.passed += 1
            print(f"ok   {name}", flush=True)


def hostile_inputs(deals_path, articles_path, out_dir):
    """A deal file and an articles file whose strings are markup and script closers."""
    with open(deals_path, encoding="utf-8") as f:
        record = json.loads(f.readline())
    with open(articles_path, encoding="utf-8") as f:
        articles = [json.loads(line) for line in f if line.strip()]
    article = next(a for a in articles if a["id"] == record["article"]["id"])
    record["article"]["title"] = HOSTILE_TITLE
    record["article"]["url"] = "javascript:window.pwned=3"
    record["parties"][0]["name"] = HOSTILE_NAME
    record["quotes"] = [{"speaker": "<b>x</b>", "title": None, "organization": None, "text": "</script><!-- \u2028"}]
    # Appended, so that the evidence offsets into each sentence still hold.
    for s in article["sentences"]:
        s["text"] += " </script><!-- <i>"
    deals = os.path.join(out_dir, "hostile-deals.jsonl")
    arts = os.path.join(out_dir, "hostile-articles.jsonl")
    with open(deals, "w", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
    with open(arts, "w", encoding="utf-8") as f:
        f.write(json.dumps(article) + "\n")
    return deals, arts


def main():
    binary, out_dir = sys.argv[1], os.path.abspath(sys.argv[2])
    os.makedirs(out_dir, exist_ok=True)
    deals = os.path.join(out_dir, "deals.jsonl")
    articles = os.path.join(out_dir, "articles.jsonl")
    report = os.path.join(out_dir, "report.html")
    run([binary, "-q", "extract", "corpus/", "-o", deals, "--articles", articles])
    run([binary, "report", deals, "-o", report, "--title", "dealwire corpus"])
    h_deals, h_articles = hostile_inputs(deals, articles, out_dir)
    hostile = os.path.join(out_dir, "hostile.html")
    run([binary, "report", h_deals, h_articles, "-o", hostile, "--title", HOSTILE_TITLE])

    suite = Suite()
    profile = tempfile.mkdtemp(prefix="dealwire-chromium-")
    driver = driver_for(profile)
    try:
        driver.get("file://" + report)

        def no_console_errors_on_load():
            errors = console_errors(driver)
            assert not errors, errors

        def charts_drawn():
            for chart in CHARTS:
                svg = driver.find_element(By.CSS_SELECTOR, f"#{chart} svg")
                assert svg.size["width"] > 300 and svg.size["height"] > 100, (chart, svg.size)
                marks = svg.find_elements(By.CSS_SELECTOR, "rect, circle, polyline, path, line")
                assert len(marks) >= 8, (chart, len(marks))
                texts = [t.text for t in svg.find_elements(By.TAG_NAME, "text") if t.text.strip()]
                assert texts, (chart, "no labels")

        def table_pages():
            assert len(rows(driver)) == 50, len(rows(driver))
            assert driver.find_element(By.ID, "page-info").text.startswith("page 1 of ")
            driver.find_element(By.ID, "page-next").click()
            assert driver.find_element(By.ID, "page-info").text.startswith("page 2 of ")
            driver.find_element(By.ID, "page-prev").click()

        def filter_changes_table():
            before = count_text(driver)
            Select(driver.find_element(By.ID, "f-type")).select_by_value("patent_acquisition")
            after = count_text(driver)
            assert after != before, (before, after)
            shown = rows(driver)
            assert 0 < len(shown) < 50, len(shown)
            for r in shown:
                assert "patent acquisition" in r.text, r.text
            Select(driver.find_element(By.ID, "f-primary")).select_by_value("0")
            assert all("in passing" in r.text for r in rows(driver))
            driver.find_element(By.ID, "f-reset").click()
            assert count_text(driver) == before
            box = driver.find_element(By.ID, "f-party")
            box.send_keys("Xiaomi")
            shown = rows(driver)
            assert shown and all("Xiaomi" in r.text for r in shown), [r.text for r in shown]

        def sort_by_date():
            driver.find_element(By.ID, "f-reset").click()
            first = rows(driver)[0].find_element(By.CSS_SELECTOR, "td.date").text
            driver.find_element(By.ID, "sort-date").click()
            oldest = rows(driver)[0].find_element(By.CSS_SELECTOR, "td.date").text
            assert oldest < first, (oldest, first)
            driver.find_element(By.ID, "sort-date").click()

        def card_highlights_evidence():
            driver.find_element(By.ID, "f-reset").click()
            driver.find_element(By.ID, "f-party").send_keys("Xiaomi")
            rows(driver)[0].click()
            card = driver.find_element(By.ID, "card")
            marks = card.find_elements(By.CSS_SELECTOR, ".sentence mark.ev")
            assert marks, card.text
            assert any("Xiaomi" in m.text for m in marks), [m.text for m in marks]
            assert all(m.get_attribute("title") for m in marks)
            background = marks[0].value_of_css_property("background-color")
            assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
            # Section headings are upper-cased by the style sheet.
            assert "PARTIES" in card.text.upper() and "EVIDENCE" in card.text.upper()
            driver.execute_script("document.getElementById('deals').scrollIntoView()")
            driver.save_screenshot(os.path.join(out_dir, "report-card.png"))

        def transfer_row_opens_card():
            row = driver.find_element(By.CSS_SELECTOR, "#transfers tr[data-deal]")
            row.click()
            card = driver.find_element(By.ID, "card")
            assert "patent acquisition" in card.text, card.text

        def no_console_errors_after_use():
            errors = console_errors(driver)
            assert not errors, errors

        def screenshot():
            driver.find_element(By.ID, "f-reset").click()
            driver.find_element(By.ID, "f-party").send_keys("Xiaomi")
            rows(driver)[0].click()
            driver.execute_script("window.scrollTo(0, 0)")
            height = driver.execute_script("return document.documentElement.scrollHeight")
            width = driver.execute_script("return document.documentElement.scrollWidth")
            for name, scale in (("report.png", 1), ("report-small.png", 0.5)):
                shot = driver.execute_cdp_cmd(
                    "Page.captureScreenshot",
                    {
                        "format": "png",
                        "captureBeyondViewport": True,
                        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": scale},
                    },
                )
                with open(os.path.join(out_dir, name), "wb") as f:
                    f.write(base64.b64decode(shot["data"]))
            assert os.path.getsize(os.path.join(out_dir, "report.png")) > 10_000

        suite.check("no console errors on load", no_console_errors_on_load)
        suite.check("charts drawn", charts_drawn)
        suite.check("table pages", table_pages)
        suite.check("a filter changes the table", filter_changes_table)
        suite.check("sort by date", sort_by_date)
        suite.check("a deal card highlights its evidence", card_highlights_evidence)
        suite.check("a patent sale opens its card", transfer_row_opens_card)
        suite.check("no console errors after use", no_console_errors_after_use)
        suite.check("screenshot saved", screenshot)

        driver.get("file://" + hostile)

        def hostile_data_stays_text():
            assert driver.title == HOSTILE_TITLE, driver.title
            assert driver.execute_script("return typeof window.pwned") == "undefined"
            assert not driver.find_elements(By.CSS_SELECTOR, "main img, header img, #deals b")
            assert len(driver.find_elements(By.TAG_NAME, "script")) == 2
            assert HOSTILE_NAME in rows(driver)[0].text
            rows(driver)[0].click()
            card = driver.find_element(By.ID, "card")
            assert HOSTILE_TITLE in card.text, card.text
            assert not card.find_elements(By.CSS_SELECTOR, "a"), "a javascript: URL became a link"
            assert card.find_elements(By.CSS_SELECTOR, "mark.ev")
            assert driver.execute_script("return typeof window.pwned") == "undefined"
            errors = console_errors(driver)
            assert not errors, errors

        suite.check("hostile records stay text", hostile_data_stays_text)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)

    print(f"browser: {suite.passed} passed, {suite.failed} failed", flush=True)
    return 1 if suite.failed else 0


if __name__ == "__main__":
    sys.exit(main())
