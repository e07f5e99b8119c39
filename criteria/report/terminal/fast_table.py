"""A rich Table for tens of thousands of rows: the same output as rich.Table, byte for byte, in a fraction of the time.

rich.Table measures and renders every cell on its own (a national evaluate table, 30,000 rows, takes minutes).
Most cells repeat: a score with its verdict, a year, a percentage. FastTable keeps rich's own algorithm for
everything (column widths, wrapping, padding, boxes, title) and only reuses work for equal cells:

- a column's width is decided by two of its cells (the longest word, the longest line), so only those two
  are measured the rich way;
- a cell is rendered once per distinct content, padding, style and column width, then reused;
- a row whose cells are all one line is joined directly (what rich's align and shape steps do to such a row);
- on a console without colours (a pipe, a file) a cell that surely fits on one line is laid out without rich
  (padding and justification only), and handed over as one unstyled segment: styles render to nothing there.

The rendering mirrors rich 15's Table._render (rich is pinned in the lock); tests/test_fast_table.py checks the
output against rich.Table on random tables, with and without colours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich._pick import pick_bool
from rich.cells import cell_len
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Row, Table
from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult


def _one_line(cell: Any, width: int, justify: str | None, padding: tuple[int, int, int, int]) -> str | None:
    """The text rich gives a cell that surely fits on one line of `width` (padding included): a str without
    markup or a Text, printable, no space at either end; None for any other cell (rich renders it)."""
    kind = type(cell)
    if kind is str:
        if "[" in cell or ":" in cell:  # markup or an emoji code: rich's own way
            return None
        text = cell
    elif kind is Text:
        text = cell.plain
        justify = cell.justify or justify
    else:
        return None
    top, right, bottom, left = padding
    inner = width - left - right
    if top or bottom or inner < 1 or (text and (not text.isprintable() or text[0] == " " or text[-1] == " ")):
        return None
    if "\u200d" in text or "\ufe0f" in text:
        return None  # a joiner or variation selector: rich measures such text in its own way
    gap = inner - cell_len(text)
    if gap < 0:
        return None
    if justify in (None, "default", "left"):
        body = text + " " * gap
    elif justify == "right":
        body = " " * gap + text
    elif justify == "center":
        body = " " * (gap // 2) + text + " " * (gap - gap // 2)
    else:
        return None
    return " " * left + body + " " * right


_UNKNOWN = object()


def _wrapped(
    console: Console, cell: Any, width: int, padding: tuple[int, int, int, int], options: ConsoleOptions
) -> list[str] | None:
    """The lines rich gives a cell of text on a console without colours, wrapped by rich's own Text.wrap, then padded
    as rich's Padding and render_lines pad them; None for any other cell (rich renders it): top or bottom padding,
    no room, another renderable, an end other than a line break, a line that does not fit, a joiner or a variation
    selector."""
    top, right, bottom, left = padding
    inner = width - left - right
    if top or bottom or inner < 1:
        return None
    kind = type(cell)
    if kind is str:
        text = console.render_str(cell, highlight=options.highlight, markup=options.markup)
    elif kind is Text:
        text = cell
    else:
        return None
    if text.end != "\n":
        return None
    tab_size = console.tab_size if text.tab_size is None else text.tab_size
    lines = text.wrap(
        console,
        inner,
        justify=text.justify or options.justify or DEFAULT_JUSTIFY,
        overflow=text.overflow or options.overflow or DEFAULT_OVERFLOW,
        tab_size=tab_size or 8,
        no_wrap=pick_bool(text.no_wrap, options.no_wrap, False),
    )
    out = []
    for line in lines:
        plain = line.plain
        size = _width(plain)
        if size is None or size > inner:
            return None
        out.append(" " * left + plain + " " * (inner - size) + " " * right)
    return out or None


def _width(text: str) -> int | None:
    """The cells `text` takes on a terminal, None where a joiner or variation selector makes the width of a line
    more than the sum of its parts."""
    return None if "\u200d" in text or "\ufe0f" in text else cell_len(text)


def _measured(width: int) -> type[Segment]:
    """A Segment type for lines that are `width` cells wide by construction (every cell exactly its column's
    width): rich's cropping step takes the width from it instead of counting a new line's characters again."""
    return type("MeasuredLine", (Segment,), {"__slots__": (), "cell_length": width})


def _key(renderable: Any) -> tuple | None:
    """What makes two cells render the same (None: not a plain str or Text, never shared)."""
    kind = type(renderable)
    if kind is str:
        return ("s", renderable)
    if kind is Text:
        return (
            "t",
            renderable.plain,
            renderable.style,
            tuple(renderable.spans),
            renderable.justify,
            renderable.overflow,
            renderable.no_wrap,
            renderable.end,
            renderable.tab_size,
        )
    return None


class _RawCells:
    """A column's cells as rich.Table's render step sees them: (style, cell) per row, the header first and the
    footer last when shown; made on access, not stored per cell."""

    __slots__ = ("cells", "foot", "head", "offset", "style")

    def __init__(self, head: tuple[Style, Any] | None, style: Style, cells: list, foot: tuple[Style, Any] | None):
        self.head, self.style, self.cells, self.foot = head, style, cells, foot
        self.offset = 1 if head is not None else 0

    def __len__(self) -> int:
        return self.offset + len(self.cells) + (self.foot is not None)

    def __getitem__(self, index: int) -> tuple[Style, Any]:
        if index < self.offset:
            return self.head  # type: ignore[return-value]
        if index - self.offset < len(self.cells):
            return self.style, self.cells[index - self.offset]
        return self.foot  # type: ignore[return-value]


class Cells(list):
    """The cells of one column for FastTable.fill, kept as they are (not copied) so that several tables built from
    the same cells (a layout tried at several widths) share the scan for the cells that decide the width."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.scans: dict = {}


class FastTable(Table):
    """rich.Table with shared measuring and rendering of equal cells (see the module text)."""

    def fill(self, columns: Sequence[Sequence[Any]], end_sections: Sequence[bool]) -> None:
        """Add many rows at once: `columns[i]` holds the cells of column i (str or renderable), one per row; the
        same as add_row per row (without a row style)."""
        if len(columns) != len(self.columns) or any(len(cells) != len(end_sections) for cells in columns):
            raise ValueError("one list of cells per column, one cell per row")
        for column, cells in zip(self.columns, columns):
            if isinstance(cells, Cells) and not column._cells and None not in cells:
                column._cells = cells  # shared, with its scan; not changed afterwards
            else:
                column._cells.extend("" if cell is None else cell for cell in cells)
        self.rows.extend(Row(end_section=bool(end)) for end in end_sections)

    # --- measuring ---------------------------------------------------------------------------------------

    def _measure_column(self, console: Console, options: ConsoleOptions, column) -> Measurement:
        """rich's measure of the column, taken over the cells that decide it: a padded cell's measure grows
        with the plain measure (longest word, longest line) of its text, so only the cell with the longest word
        and the one with the longest line are measured the rich way; other renderables always are."""
        max_width = options.max_width
        if max_width < 1 or column.width is not None or not (column._cells or self.show_header or self.show_footer):
            return super()._measure_column(console, options, column)
        decisive: list[Any] = []
        edges = ([column.header] if self.show_header else []) + ([column.footer] if self.show_footer else [])
        cells = column._cells
        how = (options.markup, getattr(console, "_emoji", None), getattr(console, "_emoji_variant", None))
        scan = cells.scans.get(how) if isinstance(cells, Cells) else None
        if scan is None:
            scan = self._scan(console, options, cells)
            if isinstance(cells, Cells):
                cells.scans[how] = scan
        for item in (*self._scan(console, options, edges), *scan):
            if not any(item is seen for seen in decisive):
                decisive.append(item)
        left, right = self._edge_padding(column._index)
        measures = [self._measure_cell(console, options, item, left, right) for item in decisive]
        padding_width = self._get_padding_width(column._index)  # rich's own, also for collapse_padding
        measurement = Measurement(max(m[0] for m in measures), max(m[1] for m in measures)).with_maximum(max_width)
        return measurement.clamp(
            None if column.min_width is None else column.min_width + padding_width,
            None if column.max_width is None else column.max_width + padding_width,
        )

    @staticmethod
    def _scan(console: Console, options: ConsoleOptions, items: Iterable[Any]) -> list[Any]:
        """The cells among `items` whose rich measure decides the column's: the one with the longest word,
        the one with the longest line, and every cell that is neither a str nor a Text."""
        seen: dict = {}
        widest_word = widest_line = None
        others: list[Any] = []
        for item in {id(item): item for item in items}.values():  # equal cells are often one object: once each
            kind = type(item)
            if kind is str:
                key: Any = item
            elif kind is Text:
                key = (item.plain,)
            else:
                others.append(item)
                continue
            plain = seen.get(key)
            if plain is None:
                text = console.render_str(item, markup=options.markup, highlight=False) if kind is str else item
                measured = Text.__rich_measure__(text, console, options)
                plain = seen[key] = (measured.minimum, measured.maximum)
            if widest_word is None or plain[0] > widest_word[0]:
                widest_word = (plain[0], item)
            if widest_line is None or plain[1] > widest_line[0]:
                widest_line = (plain[1], item)
        found = [] if widest_word is None or widest_line is None else [widest_word[1], widest_line[1]]
        return found + others

    def _measure_cell(
        self, console: Console, options: ConsoleOptions, item: Any, left: int, right: int
    ) -> tuple[int, int]:
        renderable = Padding(item, (0, right, 0, left)) if any(self.padding) else item
        measured = Measurement.get(console, options, renderable)
        return measured.minimum, measured.maximum

    def _edge_padding(self, column_index: int) -> tuple[int, int]:
        """The left and right padding of a column's cells (as rich.Table._get_cells gives them)."""
        _, right, _, left = self._cell_padding(column_index, False, False)
        return left, right

    def _cell_padding(self, column_index: int, first_row: bool, last_row: bool) -> tuple[int, int, int, int]:
        top, right, bottom, left = self.padding
        if self.collapse_padding:
            if column_index != 0:
                left = max(0, left - right)
            if not last_row:
                bottom = max(0, top - bottom)
        if not self.pad_edge:
            if column_index == 0:
                left = 0
            if column_index == len(self.columns) - 1:
                right = 0
            if first_row:
                top = 0
            if last_row:
                bottom = 0
        return top, right, bottom, left

    # --- rendering ---------------------------------------------------------------------------------------

    def _raw_cells(self, console: Console, column) -> _RawCells:
        get_style = console.get_style
        head = (
            (get_style(self.header_style or "") + get_style(column.header_style), column.header)
            if self.show_header
            else None
        )
        foot = (
            (get_style(self.footer_style or "") + get_style(column.footer_style), column.footer)
            if self.show_footer
            else None
        )
        return _RawCells(head, get_style(column.style or ""), column._cells, foot)

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        table_style = console.get_style(self.style or "")
        border_style = table_style + console.get_style(self.border_style or "")
        columns = self.columns
        raw = [self._raw_cells(console, column) for column in columns]
        count = len(raw[0]) if raw else 0
        _box = (
            self.box.substitute(options, safe=self.safe_box if self.safe_box is not None else console.safe_box)
            if self.box
            else None
        )
        _box = _box.get_plain_headed_box() if _box and not self.show_header else _box
        new_line = Segment.line()
        show_header, show_footer, show_edge = self.show_header, self.show_footer, self.show_edge
        if _box:
            box_segments = [
                (
                    Segment(_box.head_left, border_style),
                    Segment(_box.head_right, border_style),
                    Segment(_box.head_vertical, border_style),
                ),
                (
                    Segment(_box.mid_left, border_style),
                    Segment(_box.mid_right, border_style),
                    Segment(_box.mid_vertical, border_style),
                ),
                (
                    Segment(_box.foot_left, border_style),
                    Segment(_box.foot_right, border_style),
                    Segment(_box.foot_vertical, border_style),
                ),
            ]
            if show_edge:
                yield Segment(_box.get_top(widths), border_style)
                yield new_line
        else:
            box_segments = []
        column_options = [
            options.update(
                width=width,
                justify=column.justify,
                no_wrap=column.no_wrap,
                overflow=column.overflow,
                height=None,
                highlight=column.highlight,
            )
            for width, column in zip(widths, columns)
        ]
        any_padding = any(self.padding)
        paddings: dict = {}
        rendered: dict = {}
        keys: dict[int, tuple | None] = {}
        get_style = console.get_style
        null = Style.null()
        plain_rows = not self.row_styles
        plain = console.color_system is None  # no styles shown: a cell that fits is only its text

        def lines_of(
            index: int, style: Style, cell: Any, padding: tuple, row_style: Style
        ) -> tuple[list, Segment | None]:
            """The cell's lines of segments, and the text of its first line as one unstyled segment. On a console
            without colours a cell that surely fits on one line is laid out without rich."""
            ident = id(cell)
            key = keys[ident] if ident in keys else keys.setdefault(ident, _key(cell))
            full = None if key is None else (index, key, padding, style, row_style)
            found = rendered.get(full) if full is not None else None
            if found is not None:
                return found
            text = _one_line(cell, widths[index], columns[index].justify, padding) if plain else None
            texts = (
                None
                if text is not None or not plain
                else _wrapped(console, cell, widths[index], padding, column_options[index])
            )
            if text is not None:
                segment = Segment(text)
                found = ([[segment]], segment)
            elif texts is not None:
                found = ([[Segment(line)] for line in texts], Segment(texts[0]) if len(texts) == 1 else None)
            else:
                renderable = Padding(cell, padding) if any_padding else cell
                lines = console.render_lines(renderable, column_options[index], style=style + row_style)
                merged = "".join(segment.text for segment in lines[0]) if len(lines) == 1 else ""
                # None: not one line, or one whose segments rich must crop one by one (a joiner, a variation
                # selector: the width of the whole is not the sum of the parts)
                found = (lines, Segment(merged) if len(lines) == 1 and _width(merged) is not None else None)
            if full is not None:
                rendered[full] = found
            return found

        if _box:
            edge_texts = [
                (Segment(left.text), Segment(right.text), Segment(divider.text))
                for left, right, divider in box_segments
            ]

        def cell_text(col: int, cell: Any) -> Any:
            """A middle row's cell on a console without colours: its line of text (str) or lines (list), each
            exactly its column's width; None when it is not simply that (rich lays the row out)."""
            lines, segment = lines_of(col, raw[col].style, cell, middle[col], null)
            if not lines:
                return None  # rich gives such a row a blank line of its own
            if len(lines) == 1:
                return segment.text if segment is not None and _width(segment.text) == widths[col] else None
            texts = ["".join([part.text for part in line]) for line in lines]
            return texts if all(_width(line) == widths[col] for line in texts) else None

        def shaped(index: int, texts: tuple) -> list[str]:
            """The lines of a middle row whose cells are text, aligned in height as rich aligns them."""
            height = max(1 if type(text) is str else len(text) for text in texts)
            blocks = []
            for col, text in enumerate(texts):
                lines = [text] if type(text) is str else text
                extra = height - len(lines)
                if extra:
                    blank = [" " * widths[col]]
                    vertical = getattr(raw[col][index][1], "vertical", None) or columns[col].vertical
                    if vertical == "top":
                        lines = lines + blank * extra
                    elif vertical == "middle":
                        lines = blank * (extra // 2) + lines + blank * (extra - extra // 2)
                    else:
                        lines = blank * extra + lines
                blocks.append(lines)
            return [start + divider_text.join(parts) + end for parts in zip(*blocks)]

        last_index = count - 1
        middle = [self._cell_padding(col, False, False) for col in range(len(raw))]
        if _box:
            middle_left, middle_right, middle_divider = edge_texts[1]
            start, end, divider_text = (
                middle_left.text if show_edge else "",
                middle_right.text if show_edge else "",
                middle_divider.text,
            )
        else:
            start = end = divider_text = ""
        edges = [_width(start), _width(end), _width(divider_text)]
        line_width = (
            sum(widths) + edges[0] + edges[1] + edges[2] * (len(widths) - 1)
            if edges[0] is not None and edges[1] is not None and edges[2] is not None
            else None
        )
        line_segment = _measured(line_width) if line_width is not None else Segment
        # On a console without colours the middle rows are laid out column by column as text: each distinct
        # cell once, then every row joined (row_texts[r]: the texts of data row r; odd: rows with a cell of more
        # lines, or one rich must lay out).
        row_texts: list[tuple] = []
        odd: set[int] = set()
        if (
            plain
            and line_width is not None
            and count > 2
            and plain_rows
            and all(row.style is None for row in self.rows)
        ):
            per_column = []
            for col, column in enumerate(columns):
                text_of = {
                    ident: cell_text(col, cell) for ident, cell in {id(cell): cell for cell in column._cells}.items()
                }
                texts = list(map(text_of.__getitem__, map(id, column._cells)))
                if any(type(text) is not str for text in text_of.values()):
                    odd.update(r for r, text in enumerate(texts) if type(text) is not str)
                per_column.append(texts)
            row_texts = list(zip(*per_column))
        for index in range(count):
            first, last = index == 0, index == last_index
            header_row = first and show_header
            footer_row = last and show_footer
            row = self.rows[index - show_header] if not header_row and not footer_row else None
            if row is None or plain_rows and row.style is None:
                row_style = null
            else:
                row_style = get_style(self.get_row_style(console, index - 1 if show_header else index))
            if row_texts and not first and not last:
                r = index - show_header
                if r not in odd:
                    yield line_segment(start + divider_text.join(row_texts[r]) + end)
                    yield new_line
                    yield from self._section_line(_box, widths, row, index, count, header_row, border_style)
                    continue
                if None not in row_texts[r]:
                    for text in shaped(index, row_texts[r]):
                        yield line_segment(text)
                        yield new_line
                    yield from self._section_line(_box, widths, row, index, count, header_row, border_style)
                    continue
            found = []
            for col, column_cells in enumerate(raw):
                padding = paddings.get((col, first, last))
                if padding is None:
                    padding = paddings[(col, first, last)] = self._cell_padding(col, first, last)
                style, cell = column_cells[index]
                found.append(lines_of(col, style, cell, padding, row_style))
            merged_cells = [segment for _, segment in found if segment is not None]
            one_line = len(merged_cells) == len(found)
            if plain and one_line and not (last and show_footer and _box):
                # one segment per cell, reused: the console measures each distinct text once
                if _box:
                    left, right, divider = edge_texts[0 if first else (2 if last else 1)]
                    if show_edge:
                        yield left
                    yield merged_cells[0]
                    for segment in merged_cells[1:]:
                        yield divider
                        yield segment
                    if show_edge:
                        yield right
                else:
                    yield from merged_cells
                yield new_line
                if _box and first and show_header:
                    yield Segment(_box.get_row(widths, "head", edge=show_edge), border_style)
                    yield new_line
                yield from self._section_line(_box, widths, row, index, count, header_row, border_style)
                continue
            cells = [lines for lines, _ in found]
            max_height = max(len(lines) for lines in cells) if cells else 1
            if not one_line:
                cells = self._shape(
                    cells, raw, columns, widths, index, header_row, footer_row, row_style, get_style, max(max_height, 1)
                )
                max_height = max(max_height, 1)
            joined = (
                [
                    start
                    + divider_text.join(["".join([segment.text for segment in lines[line_no]]) for lines in cells])
                    + end
                    for line_no in range(max_height)
                ]
                if plain and not first and not last and line_width is not None
                else []
            )
            if joined and not any("\u200d" in text or "\ufe0f" in text for text in joined):
                for text in joined:  # styles show nothing here: each line is one text, `line_width` wide
                    yield line_segment(text)
                    yield new_line
                yield from self._section_line(_box, widths, row, index, count, header_row, border_style)
                continue
            if _box:
                if last and show_footer:
                    yield Segment(_box.get_row(widths, "foot", edge=show_edge), border_style)
                    yield new_line
                left, right, _divider = box_segments[0 if first else (2 if last else 1)]
                divider = (
                    _divider
                    if _divider.text.strip()
                    else Segment(_divider.text, row_style.background_style + _divider.style)
                )
                last_cell = len(cells) - 1
                for line_no in range(max_height):
                    if show_edge:
                        yield left
                    for i, lines in enumerate(cells):
                        yield from lines[line_no]
                        if i != last_cell:
                            yield divider
                    if show_edge:
                        yield right
                    yield new_line
            else:
                for line_no in range(max_height):
                    for lines in cells:
                        yield from lines[line_no]
                    yield new_line
            if _box and first and show_header:
                yield Segment(_box.get_row(widths, "head", edge=show_edge), border_style)
                yield new_line
            yield from self._section_line(_box, widths, row, index, count, header_row, border_style)
        if _box and show_edge:
            yield Segment(_box.get_bottom(widths), border_style)
            yield new_line

    def _section_line(
        self, _box, widths: list[int], row: Row | None, index: int, count: int, header_row: bool, border_style: Style
    ) -> RenderResult:
        """The line under a row: with show_lines or leading, or where a section ends."""
        last = index == count - 1
        if _box and (self.show_lines or self.leading or (row and row.end_section)):  # noqa: SIM102 -- as in rich's Table
            if not last and not (self.show_footer and index >= count - 2) and not (self.show_header and header_row):
                if self.leading:
                    yield Segment(_box.get_row(widths, "mid", edge=self.show_edge) * self.leading, border_style)
                else:
                    yield Segment(_box.get_row(widths, "row", edge=self.show_edge), border_style)
                yield Segment.line()

    @staticmethod
    def _shape(
        cells: list,
        raw: list,
        columns: Iterable,
        widths: list[int],
        index: int,
        header_row: bool,
        footer_row: bool,
        row_style: Style,
        get_style,
        max_height: int,
    ) -> list:
        """A row with a cell of more (or fewer) than one line: aligned and shaped as rich.Table does."""
        row_height = max(len(lines) for lines in cells)
        shaped = []
        for width, lines, column, column_cells in zip(widths, cells, columns, raw):
            style, cell = column_cells[index]
            vertical = getattr(cell, "vertical", None) or column.vertical
            if header_row:
                vertical = "bottom"
            elif footer_row:
                vertical = "top"
            cell_style = get_style(style) + row_style
            if vertical == "top":
                aligned = Segment.align_top(lines, width, row_height, cell_style)
            elif vertical == "middle":
                aligned = Segment.align_middle(lines, width, row_height, cell_style)
            else:
                aligned = Segment.align_bottom(lines, width, row_height, cell_style)
            shaped.append(Segment.set_shape(aligned, width, max_height))
        return shaped
