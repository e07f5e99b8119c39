"""What the commands print on a terminal (rich): the evaluate table, explain, sensitivity, archive, diff, self-tests."""
