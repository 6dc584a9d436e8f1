"""Management commands, found by Django under the app (management/commands/): thin entry
points that parse options and call the capability that does the work. May import any
capability; nothing imports them."""
