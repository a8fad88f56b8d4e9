"""Pure pandas answers to the lessons' questions, one module per topic (no charts, no widgets)."""
