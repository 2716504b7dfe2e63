"""The print pack: everything a facilitator needs, per language, in one folder.

Parts (guide, method cards, game-leader cards, board, tokens, calibration
sheet) are rendered by their engines; this package adds the parts of its own
(guide, leader cards, tokens) and assembles the kit (combined PDF, manifest,
zip, PNG images).
"""
