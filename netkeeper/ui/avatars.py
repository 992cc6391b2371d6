"""Round avatars: the contact's photo, or their initials on a colour derived from the name.

The colour comes from a stable hash of the name (not Python's salted `hash`),
so a person keeps their colour between runs. Pixmaps are drawn at the screen's
device pixel ratio so they stay sharp on high-DPI displays.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPainter, QPainterPath, QPixmap


def initials(name: str) -> str:
    """Up to two letters: first and last word's initials ("Ada Lovelace" -> "AL").

    Scripts written without spaces (Chinese, Japanese, Korean) give their first character;
    a phone number (a contact known by nothing else) gives "#".
    """
    if not any(c.isalpha() for c in name) and any(c.isdigit() for c in name):
        return "#"  # shown by its phone number: digits are no one's initials
    words = [w for w in name.replace(",", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    first = words[0][0]
    if len(words) == 1 or _ideographic(first):
        return first.upper()
    return (first + words[-1][0]).upper()


def _ideographic(ch: str) -> bool:
    """CJK ideographs, kana and Hangul: one character already stands for a name."""
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF


def colour_for(name: str) -> QColor:
    hue = zlib.crc32(name.casefold().encode("utf-8")) % 360
    return QColor.fromHsl(hue, 110, 105)


def _ratio() -> float:
    screen = QGuiApplication.primaryScreen()
    return screen.devicePixelRatio() if screen is not None else 1.0


def avatar(name: str, size: int, photo: bytes | None = None) -> QPixmap:
    """A `size` x `size` (logical pixels) round avatar."""
    ratio = _ratio()
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    rect = QRectF(0, 0, size, size)
    path = QPainterPath()
    path.addEllipse(rect)
    image = QPixmap()
    if photo and image.loadFromData(photo):
        painter.setClipPath(path)
        scaled = image.scaled(
            int(size * ratio),
            int(size * ratio),
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(ratio)
        dx = (scaled.width() / ratio - size) / 2
        dy = (scaled.height() / ratio - size) / 2
        painter.drawPixmap(int(-dx), int(-dy), scaled)
    else:
        painter.fillPath(path, QBrush(colour_for(name)))
        font = QFont()
        font.setPixelSize(max(8, int(size * 0.4)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.end()
    return pixmap


class AvatarCache:
    """Keeps the most recently painted avatars; a list paints the same 40 again and again."""

    def __init__(self, size: int, capacity: int = 512) -> None:
        self.size = size
        self.capacity = capacity
        self._items: OrderedDict[tuple[int, str, bool], QPixmap] = OrderedDict()

    def get(self, key: tuple[int, str, bool], photo_loader: object = None) -> QPixmap:
        """Avatar for (id, name, has_photo); `photo_loader(id)` fetches bytes when needed."""
        pixmap = self._items.get(key)
        if pixmap is not None:
            self._items.move_to_end(key)
            return pixmap
        contact_id, name, has_photo = key
        photo = photo_loader(contact_id) if has_photo and callable(photo_loader) else None
        pixmap = avatar(name, self.size, photo)
        self._items[key] = pixmap
        if len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return pixmap

    def clear(self) -> None:
        self._items.clear()
