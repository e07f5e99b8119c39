"""Reports of a result: `terminal/` (rich, what the commands print), `documents/` (HTML, Markdown, XLSX of
`criteria rapport`) and `charts/` (inline SVG); the modules here are shared by both kinds."""
