"""What a reader's screen shows of the HTML report, measured in the browser (for tests/test_report_browser.py).

Each measurement is one JavaScript expression evaluated in the page over DevTools; it returns plain data
(lists of offenders) so that a failing assertion says which table, text or line is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

# Tables wider than the box they are in: on a tablet these would be cut off (or need sideways scrolling).
OVERFLOWING_TABLES = """[...document.querySelectorAll('table')].map(t => {
  const box = t.closest('.table-wrap') || t.parentElement;
  return {table: t.className, caption: (t.caption || {}).textContent || '', scroll: box.scrollWidth,
          visible: box.clientWidth};
}).filter(t => t.scroll > t.visible + 1)"""

# The smallest chart text as drawn on the screen: its font size times the scale of its chart.
SMALLEST_CHART_TEXT = """(() => {
  let smallest = null;
  for (const svg of document.querySelectorAll('svg.chart')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (smallest === null || px < smallest.px) smallest = {px, text: t.textContent, chart: svg.id || svg.className.baseVal};
    }
  }
  return smallest;
})()"""

# Chart texts that the pass-mark line runs through, and texts that stick out of their chart (cut off).
CHART_TEXT_PROBLEMS = """(() => {
  const crossed = [], outside = [];
  for (const svg of document.querySelectorAll('svg.chart')) {
    const view = svg.viewBox.baseVal, title = svg.querySelector('title').textContent;
    const segments = [];
    for (const path of svg.querySelectorAll('path.pass-line')) {
      for (const m of path.getAttribute('d').matchAll(/M([\\d.]+),([\\d.]+) ([HV])([\\d.]+)/g)) {
        const [x, y, kind, to] = [parseFloat(m[1]), parseFloat(m[2]), m[3], parseFloat(m[4])];
        segments.push(kind === 'H' ? [x, y, to, y] : [x, y, x, to]);
      }
    }
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBBox();
      if (b.x < view.x - 0.5 || b.y < view.y - 0.5 || b.x + b.width > view.x + view.width + 0.5 ||
          b.y + b.height > view.y + view.height + 0.5) outside.push([title, t.textContent]);
      for (const [x1, y1, x2, y2] of segments) {
        const [lx, hx, ly, hy] = [Math.min(x1, x2), Math.max(x1, x2), Math.min(y1, y2), Math.max(y1, y2)];
        if (lx <= b.x + b.width && hx >= b.x && ly <= b.y + b.height && hy >= b.y) {
          crossed.push([title, t.textContent]);
          break;
        }
      }
    }
    if (!segments.length) crossed.push([title, 'geen lijn voor voldoende']);
  }
  return {crossed, outside};
})()"""


@dataclass(frozen=True)
class Screen:
    """The report as shown at one viewport width."""

    width: int
    screenshot: bytes  # PNG of the first screen
    page_width: int  # document scrollWidth: more than `width` means the page scrolls sideways
    overflowing: list  # tables wider than their box
    smallest_chart_text: dict | None  # {px, text, chart}
    crossed: list  # (chart title, text) that a pass-mark line runs through
    outside: list  # (chart title, text) outside the chart's area


def measure(browser, url: str, width: int, height: int) -> Screen:
    """Open `url` at a phone (< 1000 px: mobile emulation), tablet or laptop width and measure it."""
    browser.call(
        "Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=width < 1000
    )
    browser.open(url)
    shot = browser.capture(clip={"x": 0, "y": 0, "width": width, "height": height})
    problems = browser.evaluate(CHART_TEXT_PROBLEMS)
    return Screen(
        width,
        shot,
        browser.evaluate("document.documentElement.scrollWidth"),
        browser.evaluate(OVERFLOWING_TABLES),
        browser.evaluate(SMALLEST_CHART_TEXT),
        problems["crossed"],
        problems["outside"],
    )
