"""Any result renders in every report format: random criteria trees, gaps in the data, subjects out of scope."""

from __future__ import annotations

from html.parser import HTMLParser
from io import BytesIO

import openpyxl
from builders import case, random_spec, subject, view
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_support import markdown_tables

from criteria.report.documents.build import build_document, render_report
from criteria.report.documents.document import APPENDIX_MODES
from criteria.report.documents.html import render_html
from criteria.report.documents.markdown import render_markdown


class Balanced(HTMLParser):
    """Counts open elements, to check that the page's structure is closed properly."""

    VOID = frozenset({"meta", "br", "line", "circle", "rect", "path", "polyline"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        pass

    def handle_endtag(self, tag) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack[-3:], tag)
        self.stack.pop()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_spec(), st.booleans(), st.sampled_from(APPENDIX_MODES))
def test_every_result_renders_in_every_format(spec, drop_first, appendix) -> None:
    subjects = {
        s: subject(f"Onderwerp {s}", in_scope=not (drop_first and i == 0), scope_reason="apart traject")
        for i, s in enumerate(spec.subjects)
    }  # maybe the first one out of scope: listed, not scored
    result = view(spec.ruleset(), case(subjects, spec.values))
    doc = build_document(result, appendix=appendix)
    in_scope = [s for s in result.subjects if s.in_scope and s.years]
    sections = 0 if appendix == "geen" else len(in_scope)
    assert len(doc.subjects) == sections and len(doc.overview) == len(in_scope)
    assert sum(len(s.breakdowns) for s in doc.subjects) == (
        sum(len(s.years) for s in in_scope) if appendix == "volledig" else 0
    )

    page = render_html(doc)
    parser = Balanced()
    parser.feed(page)
    assert parser.stack == []
    assert page.count('<svg class="chart') == 2 * sections + len(in_scope)  # a small chart on each team's card

    for table in markdown_tables(render_markdown(doc)):
        assert all(len(row) == len(table[0]) for row in table)

    book = openpyxl.load_workbook(BytesIO(render_report(result, "xlsx", appendix=appendix)))
    assert len(book.sheetnames) == 2 + sections + (appendix == "volledig")  # the sources: with the whole bijlage
    assert book["Samenvatting"].max_row == 1 + len(doc.summary.rows)
