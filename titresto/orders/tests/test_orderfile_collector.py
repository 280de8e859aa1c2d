"""The check pauses Python's cyclic collector for its pass: it must give it back as it was."""

import gc

import pytest

from titresto.orders.orderfile.validation import collector_paused
from titresto.orders.tests.orderfile_helpers import csv_bytes, new_person, validate


def test_a_check_gives_the_collector_back_on(tenant):
    report = validate(csv_bytes([new_person()]), tenant)

    assert report.valid
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_pass_raises():
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError

    assert gc.isenabled()


def test_a_pause_inside_a_pause_leaves_the_collector_to_the_outermost():
    with collector_paused():
        with collector_paused():
            pass
        inner_left_it_off = not gc.isenabled()

    assert inner_left_it_off
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        still_off = not gc.isenabled()
    finally:
        gc.enable()

    assert still_off


def test_objects_frozen_on_purpose_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            pass
        still_frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()

    assert frozen > 0
    assert still_frozen == frozen
