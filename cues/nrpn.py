"""NRPN: a mixer parameter set with a run of Control Change messages on one channel.

`CC 99` (parameter number MSB), `CC 98` (LSB), `CC 6` (data entry MSB) and, for 14-bit values,
`CC 38` (data entry LSB). Every message carries its own status byte: running status is not used,
since a receiver that drops one byte would then misread the rest of the run.
"""

from __future__ import annotations

NRPN_MSB = 99
NRPN_LSB = 98
DATA_MSB = 6
DATA_LSB = 38


def _check(name: str, value: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise ValueError(f"{name} must be a whole number from 0 to {high}, got {value!r}")


def nrpn_messages(
    channel: int, msb: int, lsb: int, value: int, value_lsb: int | None = None
) -> tuple[str, ...]:
    """The Control Change messages, in mido's text form (channel 0-15), that set one NRPN.

    `msb`/`lsb` are the parameter number's two 7-bit halves; `value` goes in data entry MSB
    (CC 6) and `value_lsb`, when given, in data entry LSB (CC 38).
    """
    _check("channel", channel, 15)
    for name, number in (("parameter MSB", msb), ("parameter LSB", lsb), ("value", value)):
        _check(name, number, 127)
    pairs = [(NRPN_MSB, msb), (NRPN_LSB, lsb), (DATA_MSB, value)]
    if value_lsb is not None:
        _check("value LSB", value_lsb, 127)
        pairs.append((DATA_LSB, value_lsb))
    return tuple(
        f"control_change channel={channel} control={control} value={data}"
        for control, data in pairs
    )


def nrpn_bytes(channel: int, msb: int, lsb: int, value: int, value_lsb: int | None = None) -> bytes:
    """The same run as bytes: `Bn 63 mm Bn 62 ll Bn 06 vv [Bn 26 vv]`."""
    _check("channel", channel, 15)
    pairs = [(NRPN_MSB, msb), (NRPN_LSB, lsb), (DATA_MSB, value)]
    if value_lsb is not None:
        pairs.append((DATA_LSB, value_lsb))
    for control, data in pairs:
        _check(f"CC {control} value", data, 127)
    return b"".join(bytes((0xB0 | channel, control, data)) for control, data in pairs)


def nrpn14(channel: int, parameter: int, value: int) -> bytes:
    """A 14-bit parameter number and a 14-bit value, each split MSB first."""
    _check("parameter", parameter, 0x3FFF)
    _check("value", value, 0x3FFF)
    return nrpn_bytes(channel, parameter >> 7, parameter & 0x7F, value >> 7, value & 0x7F)
