"""Loading input files: tables (CSV, XLSX) and TOML sources, with locations for error messages."""
