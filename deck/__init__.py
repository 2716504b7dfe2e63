"""Card-sheet layout engine: pure geometry (geometry, faces, text) and its drawing (render)."""
