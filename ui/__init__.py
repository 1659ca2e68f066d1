"""The PySide6 desktop app: a client of the engine process. The only package that imports Qt."""
