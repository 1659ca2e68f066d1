"""Show mode's keys, per computer: which keys GO, panic, pause all, resume all, hold and note.

A foot pedal that types a key belongs to the computer, not to the show, so the keys are kept in
the app's own preferences (`showdesk.ini`, ui/prefs.py, section `keys`), one line per action:
`go = PgDown, Space`. A binding is one key, bare or with Shift, named as Qt names it (`Space`,
`PgDown`, `F5`, `Shift+F5`, `Media Play`); the comma key is written `Comma`. Ctrl and Alt are the
window's (menus, Ctrl+E, Ctrl+P), and Enter, Tab and F1 have their own jobs in show mode.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from ui import prefs

PORTABLE = QKeySequence.SequenceFormat.PortableText
# (action, what the hint line and the errors call it, the keys it has by default)
ACTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("go", "GO", ("Space",)),
    ("panic", "panic", ("Esc",)),
    ("note", "note", ("N",)),
    ("hold", "hold", ("H",)),
    ("pause", "pause all", ("P",)),
    ("resume", "resume all", ("R",)),
)
LABELS = {name: label for name, label, _ in ACTIONS}
DEFAULTS = {name: keys for name, _, keys in ACTIONS}
# Names people type that Qt spells otherwise.
ALIASES = {"comma": ",", "pagedown": "PgDown", "pageup": "PgUp", "escape": "Esc"}
RESERVED = {
    Qt.Key.Key_Return: "Enter stands by the selected cue",
    Qt.Key.Key_Enter: "Enter stands by the selected cue",
    Qt.Key.Key_Tab: "Tab moves between the window's parts",
    Qt.Key.Key_Backtab: "Tab moves between the window's parts",
    Qt.Key.Key_F1: "F1 opens the doctor panel",
}
MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                 Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock}  # fmt: skip
Combo = tuple[int, int]  # Qt key, modifiers (Shift or none)


class BindingError(ValueError):
    """A binding refused, in one sentence the user can act on."""


@dataclass(frozen=True)
class Bindings:
    """Each action's keys, by their shown names; `of` finds the action a key press is for."""

    keys: dict[str, tuple[str, ...]]
    by_combo: dict[Combo, str]

    def action_of(self, key: int, mods: Qt.KeyboardModifier) -> str | None:
        return self.by_combo.get((int(key), int(mods.value)))

    def names(self, action: str) -> str:
        return " / ".join(self.keys.get(action, ()))

    def text(self, action: str) -> str:
        """The keys as the dialog shows them (and `parse` reads them back)."""
        return ", ".join(shown_to_typed(name) for name in self.keys.get(action, ()))

    def hint(self) -> str:
        """The show-mode notice line's reminder, from the keys actually bound."""
        parts = [f"{self.names(a)} {LABELS[a]}" for a in ("go", "panic", "note", "hold")
                 if self.keys.get(a)]  # fmt: skip
        pause, resume = self.keys.get("pause", ()), self.keys.get("resume", ())
        if len(pause) == 1 and len(resume) == 1:
            parts.append(f"{pause[0]} / {resume[0]} pause / resume all")
        else:
            parts += [f"{self.names(a)} {LABELS[a]}" for a in ("pause", "resume") if self.keys[a]]
        return " · ".join(parts)

    def label(self, text: str, action: str) -> str:
        """A button's text with its first key, e.g. `PANIC (Esc)`; the bare text if unbound."""
        keys = self.keys.get(action, ())
        return f"{text} ({keys[0]})" if keys else text


def shown_to_typed(name: str) -> str:
    return "Comma" if name == "," else name


def combo_of(typed: str, label: str) -> tuple[Combo, str]:
    """One key's (key, modifiers) and its shown name; BindingError says why not."""
    word = typed.strip()
    sequence = QKeySequence.fromString(ALIASES.get(word.lower(), word), PORTABLE)
    if sequence.count() != 1:
        raise BindingError(f"{label}: “{word}” is not one key; give one key per binding, "
                           "separated by commas (e.g. PgDown, Space).")  # fmt: skip
    first = sequence[0]  # type: ignore[index]  # PySide6's stubs lack QKeySequence.__getitem__
    key, mods = first.key(), first.keyboardModifiers()
    if key == Qt.Key.Key_unknown or key in MODIFIER_KEYS:
        raise BindingError(f"{label}: “{word}” is not a key name showdesk knows "
                           "(try Space, PgDown, F5, Shift+F5 or a letter).")  # fmt: skip
    if mods & ~Qt.KeyboardModifier.ShiftModifier:
        raise BindingError(f"{label}: “{word}” uses Ctrl, Alt or Meta, the window's own keys "
                           "(menus, Ctrl+E); choose a key bare or with Shift.")  # fmt: skip
    if key in RESERVED:
        raise BindingError(f"{label}: “{word}” is taken: {RESERVED[key]}.")
    name = QKeySequence(first).toString(PORTABLE)
    return (int(key.value), int(mods.value)), name


def parse(texts: dict[str, str]) -> Bindings:
    """Bindings from each action's text (`PgDown, Space`); an action left out keeps its default.
    Refuses unknown names, a key bound to two actions and a GO with no key."""
    keys: dict[str, tuple[str, ...]] = {}
    by_combo: dict[Combo, str] = {}
    for action, label, default in ACTIONS:
        text = texts.get(action)
        words = default if text is None else [w for w in text.split(",") if w.strip()]
        names: list[str] = []
        for word in words:
            combo, name = combo_of(word, label)
            other = by_combo.get(combo)
            if other is not None and other != action:
                raise BindingError(f"{name} is bound to both {LABELS[other]} and {label}: "
                                   "a key does one thing; take it off one of them.")  # fmt: skip
            if other is None:
                by_combo[combo] = action
                names.append(name)
        keys[action] = tuple(names)
    if not keys["go"]:
        raise BindingError("GO needs at least one key (Space is the usual one).")
    return Bindings(keys, by_combo)


DEFAULT = parse({})


def load(settings: QSettings | None = None) -> tuple[Bindings, str]:
    """This computer's keys, and "" or the sentence saying why the stored ones were refused
    (then every action has its default key: half a set of keys is worse than the usual one)."""
    store = settings if settings is not None else prefs.prefs()
    texts: dict[str, str] = {}
    for action, _, _ in ACTIONS:
        stored = store.value(f"keys/{action}")
        if stored is not None:
            texts[action] = ", ".join(stored) if isinstance(stored, list) else str(stored)
    try:
        return parse(texts), ""
    except BindingError as exc:
        return (
            DEFAULT,
            f"The keys in showdesk.ini were refused ({exc}) The default keys are in use.",
        )


def save(bindings: Bindings, settings: QSettings | None = None) -> None:
    store = settings if settings is not None else prefs.prefs()
    for action, _, _ in ACTIONS:
        store.setValue(f"keys/{action}", bindings.text(action))
    store.sync()
