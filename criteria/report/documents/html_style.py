"""The stylesheet of the HTML report: screen (phone to desktop) and print (A4), built from one colour palette.

Every text colour in PALETTE is paired with the background it is shown on; tests check each pair against
WCAG AA (4.5:1).
"""

from __future__ import annotations

# name: (text colour, background colour)
PALETTE = {
    "body": ("#1a1a1a", "#ffffff"),
    "muted": ("#595959", "#ffffff"),
    "link": ("#0b57a4", "#ffffff"),
    "head": ("#1a1a1a", "#e9edf2"),
    "period": ("#1a1a1a", "#f3f5f8"),
    "banner": ("#4d3200", "#ffe8a3"),
    "voldoet": ("#1e5e22", "#e8f5e9"),
    "voldoet-niet": ("#a31515", "#fdecea"),
    "geen-norm": ("#454545", "#f1f3f4"),
    "onvoldoende-gegevens": ("#5f4500", "#fff4ce"),
    "niet-van-toepassing": ("#454545", "#f1f3f4"),
    "signaal": ("#0b4f6c", "#e8f4f8"),
    "chart-pass": ("#8a1c1c", "#ffffff"),
    "chart-axis": ("#444444", "#ffffff"),
}

VERDICT_CLASS = {
    "voldoet": "voldoet",
    "voldoet niet": "voldoet-niet",
    "geen norm": "geen-norm",
    "onvoldoende gegevens": "onvoldoende-gegevens",
    "niet van toepassing": "niet-van-toepassing",
    "signaal": "signaal",
}


def _colours() -> str:
    return "".join(
        f".v-{name}{{color:{fg};background:{bg}}}"
        for name, (fg, bg) in PALETTE.items()
        if name in VERDICT_CLASS.values()
    )


def _levels() -> str:
    return "".join(f"table.cards td.lvl-{n}{{padding-left:{0.45 + 1.1 * n:.2f}rem}}" for n in range(1, 8))


def _row_levels() -> str:
    """On a tablet a wide table's row is a block: the whole block is indented by its depth in the tree."""
    return (
        "".join(f"table.wide tr.lvl-{n}{{padding-left:{0.9 * n:.2f}rem}}" for n in range(1, 8))
        + "table.wide td[class*=lvl-]{padding-left:.2rem}"
    )


def stylesheet() -> str:
    fg, bg = PALETTE["body"]
    muted, link, head, period = PALETTE["muted"][0], PALETTE["link"][0], PALETTE["head"][1], PALETTE["period"][1]
    banner_fg, banner_bg = PALETTE["banner"]
    return f"""
@page{{size:A4;margin:14mm 12mm 15mm}}
:root{{color-scheme:light}}
*{{box-sizing:border-box}}
body{{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans","Liberation Sans",
Arial,sans-serif;color:{fg};background:{bg};overflow-wrap:break-word}}
header.titlepage,main,footer{{max-width:74rem;margin:0 auto;padding:0 1rem}}
h1{{font-size:1.7rem;line-height:1.2;margin:1.4rem 0 .6rem}}
h2{{font-size:1.35rem;margin:2.2rem 0 .7rem;padding-bottom:.2rem;border-bottom:2px solid {fg}}}
h3{{font-size:1.1rem;margin:1.5rem 0 .4rem}}
a{{color:{link}}}
.subtitle{{font-size:1.1rem;margin:0 0 1rem}}
.banner{{border:3px solid #8a6100;background:{banner_bg};color:{banner_fg};padding:.7rem 1rem;margin:1rem 0;
font-weight:700}}
.banner span{{display:block;font-weight:400}}
dl.facts{{margin:1rem 0}}
dl.facts div{{display:grid;grid-template-columns:minmax(8rem,17rem) 1fr;gap:1rem;padding:.2rem 0;
border-bottom:1px solid #e3e3e3}}
dl.facts dt{{font-weight:600}}
dl.facts dd{{margin:0;overflow-wrap:anywhere}}
.hash{{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:.85em}}
ul.facts{{padding-left:1.2rem}}
nav.toc ol{{columns:2 18rem;padding-left:1.4rem}}
.table-wrap{{overflow-x:auto;margin:.5rem 0 1.2rem}}
table{{border-collapse:collapse;width:100%;font-size:.88rem}}
caption{{text-align:left;font-weight:600;padding:.3rem 0}}
th,td{{border-bottom:1px solid #c8c8c8;padding:.3rem .45rem;text-align:left;vertical-align:top}}
thead th{{background:{head};border-bottom:2px solid {fg}}}
th.num,td.num{{text-align:right;font-variant-numeric:tabular-nums}}
td.num{{white-space:nowrap}}
td .note{{display:block;font-size:.82em;color:{muted};overflow-wrap:anywhere;white-space:normal}}
td.v-voldoet .note,td.v-voldoet-niet .note{{color:inherit}}
td.repeat a,td.repeat{{color:transparent}}
table.breakdown{{font-size:.8rem}}
table.breakdown th,table.breakdown td{{padding:.25rem .3rem}}
table.breakdown td:first-child{{min-width:13rem}}
tr.total td{{font-weight:700;border-top:2px solid {fg}}}
tr.criterium td:first-child{{font-weight:600}}
tr.period td{{background:{period};font-style:italic;border-bottom:2px solid {fg}}}
{_colours()}{_levels()}
.charts{{display:grid;grid-template-columns:repeat(auto-fit,minmax(19rem,1fr));gap:1rem 2rem}}
figure{{margin:1rem 0}}
svg.chart{{display:block;width:100%;max-width:30rem;height:auto}}
svg text{{font-size:12px;fill:{fg}}}
svg text.axis{{font-size:12px;fill:{PALETTE["chart-axis"][0]}}}
svg text.pass{{font-size:12px;fill:{PALETTE["chart-pass"][0]}}}
svg text.value{{font-size:12px}}
svg text.end{{font-size:12px;font-weight:600}}
figcaption{{font-weight:600;margin:0 0 .3rem}}
.overview{{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:.9rem 1.2rem}}
article.team{{border:1px solid #c8c8c8;border-radius:4px;padding:.5rem .8rem .6rem}}
article.team h3{{margin:.2rem 0 .3rem}}
p.headline{{font-weight:600;margin:.2rem 0 .4rem}}
svg.chart.mini{{max-width:24rem}}
ul.finding{{margin:.4rem 0 0;padding-left:1.1rem}}
ul.legend{{list-style:none;padding:0;margin:.4rem 0 0;display:flex;flex-wrap:wrap;gap:.2rem 1.1rem;font-size:.88rem}}
ul.legend svg{{vertical-align:middle;margin-right:.35rem}}
.small{{font-size:.88rem;color:{muted}}}
dl.glossary dt{{font-weight:700;margin-top:.6rem}}
dl.glossary dd{{margin:0 0 0 1rem}}
footer{{margin-top:3rem;padding-bottom:2rem;font-size:.85rem;color:{muted};overflow-wrap:anywhere}}
@media screen and (min-width:40.01rem) and (max-width:64rem){{
table.wide thead{{display:none}}
table.wide,table.wide tbody,table.wide caption{{display:block;width:100%}}
table.wide tr{{display:flex;flex-wrap:wrap;align-items:baseline;gap:.1rem 1.1rem;padding:.3rem 0;
border-bottom:1px solid #c8c8c8}}
table.wide td{{display:block;border:0;padding:0 .2rem;text-align:left;white-space:normal}}
table.wide td:first-child{{flex:1 1 100%}}
table.wide td:not(:first-child)::before{{content:attr(data-label) ": ";font-weight:600}}
table.wide td.empty{{display:none}}
table.wide tr.total,table.wide tr.period{{border-top:2px solid {fg}}}
table.wide tr.total td{{border:0}}
{_row_levels()}
}}
@media screen and (max-width:40rem){{
table.cards thead{{display:none}}
table.cards,table.cards tbody,table.cards tr,table.cards td{{display:block;width:100%}}
table.cards tr{{border:1px solid #c8c8c8;border-radius:4px;margin:0 0 .6rem}}
table.cards td{{display:grid;grid-template-columns:7.5rem minmax(0,1fr);gap:.5rem;text-align:left;
white-space:normal;overflow-wrap:anywhere}}
table.cards td::before{{content:attr(data-label);font-weight:600}}
table.cards td.empty{{display:none}}
table.cards caption{{display:block}}
table.cards td.repeat,table.cards td.repeat a{{color:{link}}}
table.cards tr.period td{{border-bottom:1px solid #c8c8c8}}
table.breakdown td:first-child{{min-width:0}}
table.cards td[class*=lvl-]{{padding-left:.45rem}}
dl.facts div{{grid-template-columns:1fr;gap:0}}
article.team{{padding:.4rem .3rem .5rem}}
}}
@media print{{
html{{font-size:10pt}}
body{{font-size:9.5pt}}
header.titlepage,main,footer{{max-width:none;padding:0}}
section.voorstel,section.subject,section.appendix,section.appendix-start{{break-before:page}}
section.appendix.short,section.appendix-start+section.subject{{break-before:auto}}
.overview{{grid-template-columns:1fr;gap:.35rem}}
article.team{{padding:.25rem .6rem .35rem;display:grid;grid-template-columns:6cm 1fr;column-gap:.6cm;
grid-template-areas:"chart headline" "chart finding";align-content:start}}
article.team.nochart{{display:block}}
article.team h3{{display:none}}
article.team.nochart h3{{display:block;margin:.1rem 0 .15rem}}
svg.chart.mini{{grid-area:chart;max-width:6cm}}
article.team .headline{{grid-area:headline;margin:0 0 .1rem}}
article.team ul.finding{{grid-area:finding}}
.banner{{font-size:8.5pt;padding:.4rem .7rem;margin:.3rem 0}}
h1{{font-size:15pt;margin:.4rem 0 .2rem}}
.subtitle{{font-size:10pt;margin:0 0 .3rem}}
#overzicht h2{{margin-top:.6rem}}
ul.finding{{font-size:8.5pt;line-height:1.3;margin-top:.2rem}}
#basis dl.facts div{{padding:.05rem 0;gap:.6rem}}
#basis h2{{margin-top:1rem}}
#basis h3{{margin-top:.6rem}}
#basis ul{{margin:.2rem 0}}
.table-wrap{{overflow:visible}}
table{{font-size:8pt}}
table.breakdown{{font-size:7pt}}
th,td{{padding:.15rem .3rem}}
tr,figure,.banner,dl.facts div,article.team{{break-inside:avoid}}
thead{{display:table-header-group}}
h2,h3,caption{{break-after:avoid}}
a{{color:inherit;text-decoration:none}}
nav.toc{{display:none}}
.charts{{grid-template-columns:1fr 1fr}}
svg.chart{{max-width:9.5cm}}
table.breakdown td:first-child{{min-width:0;width:24%}}
table.breakdown th,table.breakdown td{{padding:.1rem .2rem}}
*{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
}}
"""
