"""dayone: the Day 1 operating system."""

__version__ = "0.1.0"
