"""The adapters: the MkDocs plugin and the `sosafe` command. They dispatch to the stages."""
