"""Charts of the report documents, drawn as inline SVG."""
