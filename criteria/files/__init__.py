"""Safe file I/O shared by every layer: writing output files atomically, never over a file that is not ours."""
