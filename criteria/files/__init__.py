"""Safe file I/O shared by every layer: reading an input file only if it is a regular file (reading), writing
output files atomically, never over a file that is not ours (writing)."""
