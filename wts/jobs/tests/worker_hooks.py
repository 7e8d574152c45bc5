"""Test-only job handlers, installed in the worker subprocess by worker_settings."""

import os
import time
from pathlib import Path

from wts.spreadsheets.jobs import export_round


def held_export(job, progress):
    """WTS_TEST_EXPORT=hold: the first attempt writes the worker's pid and waits to be killed;
    WTS_TEST_EXPORT=slow: the progress bar moves over a few seconds. Then the real export."""
    mode = os.environ.get("WTS_TEST_EXPORT", "")
    if mode == "hold" and job.attempts == 1:
        progress.step("กำลังเขียนข้อมูล", 30, 100)
        Path(os.environ["WTS_TEST_MARKER"]).write_text(str(os.getpid()))
        time.sleep(120)
    if mode == "slow":
        for percent in range(5, 100, 15):
            progress.step(f"กำลังเขียนข้อมูล {percent}%", percent, 100)
            time.sleep(0.6)
    export_round(job, progress)
