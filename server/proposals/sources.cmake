# The proposals module's sources.
