"""A3 board layout engine: pure geometry (layout) and its drawing (render)."""
