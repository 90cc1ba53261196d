"""The national index: many partnerships' data packages read, checked and put together
(`sosafe index`). A stage of its own: it reads published packages, never content folders."""
