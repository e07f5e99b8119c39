"""The report documents (`criteria rapport`): one neutral document, laid out as HTML, Markdown or XLSX."""
