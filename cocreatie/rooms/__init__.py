"""Live rooms: the sockets of one workshop in this web process, and their fan-out."""
