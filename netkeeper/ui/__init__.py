"""PySide6 widgets, item models, dialogs and the tray."""
