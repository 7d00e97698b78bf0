"""CSV exports: what Excel and Power BI read back, byte for byte."""

import numpy as np
import pandas as pd

from pmo_xl.exports import write_csv


def test_csv_defuses_formulas_keeps_types_and_opens_in_excel(tmp_path):
    df = pd.DataFrame({
        "risk": pd.array(["=cmd|' /C calc'!A0", "Vendor, late", None, "-5 days", "Né \"ici\""],
                         dtype="str"),
        "note": ["@SUM(A1)", 3, None, "+33 1", "two\nlines"],  # object column, mixed
        "days": [1.0, 2.5, np.nan, 7.0, 0.1],
        "due": pd.to_datetime(["2026-02-01", None, "2026-03-04 12:30", "2026-01-01",
                               "2026-01-02"], format="mixed"),
        "overdue": [True, False, True, False, True],
        "source_row": [2, 3, 4, 5, 6],
    })
    path = tmp_path / "risks.csv"
    write_csv(df, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    lines = raw.decode("utf-8-sig").split("\n")
    assert lines[0] == '"risk","note","days","due","overdue","source_row"'
    assert lines[1] == '"\'=cmd|\' /C calc\'!A0","\'@SUM(A1)",1,2026-02-01,true,2'
    assert lines[2] == '"Vendor, late","3",2.5,,false,3'
    assert lines[3] == ",,,2026-03-04,true,4"  # missing stays empty; a date, no time
    assert lines[4] == '"\'-5 days","\'+33 1",7,2026-01-01,false,5'
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back["risk"].tolist()[4] == 'Né "ici"'
    assert back["note"].tolist()[4] == "two\nlines"
    assert back["days"].tolist()[:2] == [1.0, 2.5]
