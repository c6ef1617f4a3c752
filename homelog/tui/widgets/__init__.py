"""Small widgets of the terminal UI, one per module."""
