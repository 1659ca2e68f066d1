"""The show file on disk: every edit lands at once, and bad files are refused whole."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from cues import Cue, cue_type
from showdesk import schema
from showdesk.errors import ShowdeskError, ShowFileError
from showdesk.showfile import DEFAULT_DEPARTMENTS, Department, ShowFile

OSC = cue_type("osc")
GROUP = cue_type("group")


def osc_cue(number: str, address: str = "/go", **fields: object) -> Cue:
    return Cue(OSC, OSC.parse(address), number=number, **fields)  # type: ignore[arg-type]


def test_a_new_show_has_main_the_departments_and_default_settings(show: ShowFile) -> None:
    assert show.cue_lists() == ["Main"]
    assert [d.code for d in show.departments()] == [d.code for d in DEFAULT_DEPARTMENTS]
    settings = show.settings()
    assert (settings.name, settings.min_go_interval, settings.panic_time) == ("Test show", 0.3, 1.0)


def test_new_refuses_to_overwrite(show_path: Path) -> None:
    show_path.write_text("my notes")
    with pytest.raises(ShowFileError, match="already exists"):
        ShowFile.create(show_path)
    assert show_path.read_text() == "my notes"


def test_every_edit_is_visible_to_another_connection_at_once(show: ShowFile) -> None:
    """No save step: a second reader (the engine, another window) sees each edit immediately."""
    first = show.add_cue(osc_cue("1"))
    show.set_destination("LX", "osc.udp://127.0.0.1:8000")
    show.set_setting("min_go_interval", 0.5)
    with ShowFile.open(show.path) as other:
        assert other.cues() == [first]
        assert other.patch() == {"LX": "osc.udp://127.0.0.1:8000"}
        assert other.settings().min_go_interval == 0.5


def test_insert_after_update_and_delete_keep_the_list_order(show: ShowFile) -> None:
    one, three = show.add_cue(osc_cue("1")), show.add_cue(osc_cue("3"))
    two = show.add_cue(osc_cue("2"), after=one.id)
    assert [c.number for c in show.cues()] == ["1", "2", "3"]
    renamed = Cue(OSC, two.payload, id=two.id, number="2", name="Renamed")
    show.update_cue(renamed)
    assert show.cue(two.id).name == "Renamed"
    show.delete_cue(three.id)
    assert [c.number for c in show.cues()] == ["1", "2"]


def test_deleting_a_group_deletes_its_cues(show: ShowFile) -> None:
    group = show.add_cue(Cue(GROUP, GROUP.parse("timeline"), number="5"))
    show.add_cue(osc_cue("5.1", parent=group.id))
    show.add_cue(osc_cue("6"))
    show.delete_cue(group.id)
    assert [c.number for c in show.cues()] == ["6"]


def test_a_duplicate_number_is_refused_and_the_list_is_unchanged(show: ShowFile) -> None:
    show.add_cue(osc_cue("7"))
    with pytest.raises(ShowFileError, match="already a cue numbered 7"):
        show.add_cue(osc_cue("7"))
    assert [c.number for c in show.cues()] == ["7"]
    show.add_cue(osc_cue("7"), "Other list")  # numbers are unique within a list only
    assert show.cue_lists() == ["Main", "Other list"]


def test_a_transaction_lands_whole_or_not_at_all(show: ShowFile) -> None:
    def edits_then_power_cut() -> None:
        with show.transaction():
            show.add_cue(osc_cue("1"))
            show.set_destination("LX", "osc.udp://127.0.0.1:8000")
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        edits_then_power_cut()
    assert show.cues() == []
    assert show.patch() == {}


def test_a_transaction_inside_another_is_undone_alone_and_lands_with_it(show: ShowFile) -> None:
    def inner_fails() -> None:
        with show.transaction():
            show.add_cue(osc_cue("2"))
            raise RuntimeError("this part only")

    def outer_fails() -> None:
        with show.transaction():
            with show.transaction():
                show.add_cue(osc_cue("3"))
            raise RuntimeError("the outer one fails")

    with show.transaction():
        show.add_cue(osc_cue("1"))
        with pytest.raises(RuntimeError):
            inner_fails()
        with show.transaction():
            show.set_destination("LX", "osc.udp://127.0.0.1:8000")
    assert [c.number for c in show.cues()] == ["1"]
    assert show.patch() == {"LX": "osc.udp://127.0.0.1:8000"}
    with pytest.raises(RuntimeError):
        outer_fails()
    assert [c.number for c in show.cues()] == ["1"]
    assert not show.conn.in_transaction


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("udp://10.0.0.5:8000", "not a destination URL"),
        ("osc.udp://10.0.0.5", "needs a host and a port"),
        ("osc.udp://10.0.0.5:70000", "needs a host and a port"),
        ("osc.tcp://10.0.0.5:3032?framing=cobs", "framing must be slip or length"),
        ("osc.udp://10.0.0.5:8000/eos", "has a path"),
        ("midi:", "names no MIDI port"),
    ],
)
def test_a_bad_destination_url_is_refused_with_the_reason(
    show: ShowFile, url: str, reason: str
) -> None:
    with pytest.raises(ShowdeskError, match=reason):
        show.set_destination("LX", url)
    assert show.patch() == {}


def test_patch_add_refuses_a_name_in_use_and_set_replaces_it(show: ShowFile) -> None:
    show.set_destination("SND", "osc.udp://127.0.0.1:10023", replace=False)
    with pytest.raises(ShowFileError, match="already patched"):
        show.set_destination("SND", "osc.udp://127.0.0.1:1", replace=False)
    show.set_destination("SND", "osc.tcp://127.0.0.1:3032?framing=length")
    assert show.patch() == {"SND": "osc.tcp://127.0.0.1:3032?framing=length"}


def test_removing_a_destination_counts_the_cues_left_unpatched(show: ShowFile) -> None:
    show.set_destination("LX", "osc.udp://127.0.0.1:8000")
    show.add_cue(osc_cue("1", target="LX"))
    assert show.remove_destination("LX") == 1
    with pytest.raises(ShowFileError, match="not in the patch"):
        show.remove_destination("LX")


def test_a_department_can_be_added(show: ShowFile) -> None:
    show.add_department(Department("AUTO", "Automation", "#123456"))
    assert show.departments()[-1] == Department("AUTO", "Automation", "#123456")


@pytest.mark.parametrize(("key", "value"), [("panic_time", -1), ("min_go_interval", "fast")])
def test_bad_settings_are_refused(show: ShowFile, key: str, value: object) -> None:
    with pytest.raises(ShowFileError, match=key):
        show.set_setting(key, value)


def test_a_file_from_a_newer_schema_is_refused_naming_both_versions(show_path: Path) -> None:
    ShowFile.create(show_path).close()
    with sqlite3.connect(show_path) as conn:
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 6}")
    with pytest.raises(ShowFileError) as refused:
        ShowFile.open(show_path)
    message = str(refused.value)
    assert f"schema {schema.SCHEMA_VERSION + 6}" in message
    assert f"reads schema {schema.SCHEMA_VERSION} and older" in message


def test_an_older_schema_is_migrated_after_a_backup(
    show_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ShowFile.create(show_path).close()
    backup = show_path.with_name(f"{show_path.name}.schema{schema.SCHEMA_VERSION}.bak")

    def add_table(db: object) -> None:
        db.execute("CREATE TABLE later (x)")  # type: ignore[attr-defined]

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_table])
    monkeypatch.setattr("showdesk.showfile.MIGRATIONS", schema.MIGRATIONS)
    monkeypatch.setattr("showdesk.showfile.SCHEMA_VERSION", len(schema.MIGRATIONS))
    with ShowFile.open(show_path) as show:
        assert "later" in show.db.table_names()
        assert show.db.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
    assert backup.is_file()


def test_a_file_that_is_not_sqlite_is_refused(show_path: Path) -> None:
    show_path.write_bytes(b"list,cue,type\nMain,1,memo\n" * 100)
    with pytest.raises(ShowFileError, match="not a showdesk show file"):
        ShowFile.open(show_path)


def test_another_programs_sqlite_file_is_refused_and_left_alone(show_path: Path) -> None:
    with sqlite3.connect(show_path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    before = show_path.read_bytes()
    with pytest.raises(ShowFileError, match="not a showdesk show file"):
        ShowFile.open(show_path)
    assert show_path.read_bytes() == before


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ShowFileError, match="no show file at"):
        ShowFile.open(tmp_path / "nope.showdesk")


def test_a_corrupt_file_is_refused_not_half_loaded(show_path: Path) -> None:
    with ShowFile.create(show_path) as show:
        show.add_cues([osc_cue(str(n), f"/cue/{n}/start {'s'} {'x' * 300}") for n in range(300)])
        show.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(show_path.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 5 * page):  # damage pages, keep the header
        data[offset + 100 : offset + 400] = b"\xff" * 300
    show_path.write_bytes(bytes(data))
    with pytest.raises(ShowFileError, match=r"damaged|not a showdesk"):
        ShowFile.open(show_path)


def test_a_stored_cue_that_no_longer_validates_names_the_cue(show: ShowFile) -> None:
    show.add_cue(osc_cue("4"))
    show.db.execute("UPDATE cues SET pre_wait = -2")
    with pytest.raises(ShowFileError, match=r"cue 4: pre_wait: must be 0 seconds or more"):
        show.cues()


def test_sync_cues_writes_order_swapped_numbers_inserts_and_deletes_at_once(
    show: ShowFile,
) -> None:
    one, two, three = (show.add_cue(osc_cue(n)) for n in ("1", "2", "3"))
    group = Cue(GROUP, GROUP.parse("playlist"), number="4")
    wanted = [
        replace(two, number="1"),  # numbers swapped: the unique index must not object
        replace(one, number="2", name="moved"),
        group,
        osc_cue("4.1", parent=group.id),
    ]
    show.sync_cues(wanted)
    with ShowFile.open(show.path) as other:
        assert other.cues() == wanted
    show.sync_cues([one, two, three])  # and back, as an undo does
    assert show.cues() == [one, two, three]


def test_sync_cues_refuses_a_clash_and_changes_nothing(show: ShowFile) -> None:
    one, two = show.add_cue(osc_cue("1")), show.add_cue(osc_cue("2"))
    with pytest.raises(ShowFileError, match="already a cue numbered 1"):
        show.sync_cues([one, replace(two, number="1")])
    assert show.cues() == [one, two]


def test_set_departments_reorders_renames_and_the_cues_follow(show: ShowFile) -> None:
    cue = show.add_cue(osc_cue("1", dept="LX"))
    depts = [Department("SND", "Sound", "#3b8fd9"), Department("ELX", "Electrics", "#ffcc00")]
    show.set_departments(depts, renames={"LX": "ELX"})
    assert show.departments() == depts
    assert show.cue(cue.id).dept == "ELX"
    with pytest.raises(ShowFileError, match="not #rrggbb"):
        show.set_departments([Department("SM", "Stage management", "grey")])
    with pytest.raises(ShowFileError, match="used twice"):
        show.set_departments([depts[0], depts[0]])
    assert show.departments() == depts
