"""Workers: turn ideas into draft themes (embed → gloss → cluster → match → label)."""
