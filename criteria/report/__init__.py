"""Reports: the terminal table and explain tree (rich), JSON."""
