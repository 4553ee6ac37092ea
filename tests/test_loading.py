"""emviz.data.load_csv and parse_numbers: the learner's own files and pasted numbers.

Every refusal says what to do; everything else loads, and the message counts what
was left out. How long the biggest inputs take is measured by
``tests/benchmarks/bench_loading.py`` (a table, no timed tests); here they are checked
for what they give.
"""

import runpy
import string
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import emviz.data
from emviz.data import (
    MAX_FIELDS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    DataError,
    LoadedData,
    ParsedNumbers,
    load_csv,
    parse_numbers,
)

BENCHMARK = runpy.run_path(str(Path(__file__).parent / "benchmarks" / "bench_loading.py"))
fill = BENCHMARK["fill"]


def outcome(function, argument):
    """``function(argument)``, or the DataError it raised."""
    try:
        return function(argument)
    except DataError as error:
        return error


# --- refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\n\r\n", b"\xef\xbb\xbf", b" \t \n  \n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(DataError, match="The file is empty. Choose a CSV file"):
        load_csv(data)


def test_a_file_of_separators_only_is_refused():
    with pytest.raises(DataError, match="only separators and blanks"):
        load_csv(b",,\n , ,,\n")


@pytest.mark.parametrize("data", [b"name,city\nAda,London\nAlan,Wilmslow\n", b"a\nb\nc\n", b"x;y\nyes;no\n"])
def test_a_file_without_a_numeric_column_is_refused(data):
    with pytest.raises(DataError, match="No column of numbers found"):
        load_csv(data)


def test_a_header_without_data_is_refused():
    with pytest.raises(DataError, match="header but no rows of data"):
        load_csv(b"eruptions,waiting\n")


def test_rows_without_any_complete_row_are_refused():
    with pytest.raises(DataError, match=r"No row has a number in every numeric column \('x' and 'y'\)"):
        load_csv(b"x,y\n1,\n,2\n3,\n")


def test_a_first_line_with_too_many_fields_is_refused():
    line = b",".join([b"1"] * (MAX_FIELDS + 1))
    with pytest.raises(DataError, match="first line has 1,001 fields, more than the 1,000 columns"):
        load_csv(line + b"\n" + line)


def test_a_first_line_with_the_most_fields_loads():
    line = b",".join([b"1"] * MAX_FIELDS)
    assert load_csv(line + b"\n" + line).values.shape == (2, MAX_FIELDS)


@pytest.mark.parametrize("separator", [b",", b";", b"\t"])
def test_a_five_megabyte_single_line_is_refused_at_once(separator):
    line = fill(b"1" + separator)
    error = outcome(load_csv, line)
    assert isinstance(error, DataError) and "first line has" in str(error)


def test_a_quoted_first_record_spanning_lines_counts_its_fields():
    data = b'a,"b\n"' + b",1" * MAX_FIELDS + b"\n1,2\n"
    with pytest.raises(DataError, match="first line has 1,002 fields"):
        load_csv(data)


def test_more_than_five_megabytes_is_refused_at_once():
    error = outcome(load_csv, b"1\n" * (MAX_FILE_BYTES // 2) + b"12")
    assert isinstance(error, DataError)
    assert "5,242,882 bytes, more than the 5 MB (5,242,880 bytes)" in str(error)


def test_exactly_five_megabytes_loads():
    data = fill(b"1.2345\n", b"x\n")
    data += b"1" * (MAX_FILE_BYTES - len(data))
    assert len(data) == MAX_FILE_BYTES
    assert load_csv(data).values.shape == ((MAX_FILE_BYTES - 2) // 7 + 1, 1)


@pytest.mark.parametrize("header", [b"x\n", b""], ids=["with a header", "without"])
def test_more_than_a_million_rows_are_refused_and_counted_without_the_header(header):
    with pytest.raises(DataError, match="1,000,001 rows of data, more than the 1,000,000 that can be loaded"):
        load_csv(header + b"1\n" * (MAX_ROWS + 1))


def test_a_million_rows_and_a_header_load():
    table = load_csv(b"x\n" + b"1\n" * MAX_ROWS)
    assert table.values.shape == (MAX_ROWS, 1)
    assert table.columns == ("x",)


def test_binary_content_is_refused():
    with pytest.raises(DataError, match="binary data, so it is not a CSV text file"):
        load_csv(b"x,y\n1,2\n\x00\x01\x02")


def test_a_spreadsheet_is_refused():
    xlsx_start = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"
    with pytest.raises(DataError, match='save it as "CSV UTF-8"'):
        load_csv(xlsx_start + b"\x00" * 40)


def test_utf16_text_is_refused_with_its_name():
    with pytest.raises(DataError, match="UTF-16"):
        load_csv("x,y\n1,2\n".encode("utf-16"))


@pytest.mark.parametrize("data, byte", [(b"caf\xe9,1\n2,3\n", 4), (b"x\n1\n\xff\n", 5)])
def test_text_that_is_not_utf8_is_refused(data, byte):
    with pytest.raises(DataError, match=rf"not UTF-8 text \(byte {byte} cannot be read\)"):
        load_csv(data)


def test_an_unclosed_quote_over_a_huge_field_is_refused_with_its_line():
    with pytest.raises(DataError, match=r'The quote \("\) that opens on line 2 is never closed'):
        load_csv(b'x\n"' + b"a" * 200_000)


@pytest.mark.parametrize("data, line", [(b'x\n"1\n2\n3\n', 2), (b'x,y\n1,2\n\n3,4\n"5,6\n7,8\n', 5),
                                        (b'x\n1\n2\n3\n"4', 5)])
def test_an_unclosed_quote_is_refused_with_the_line_where_it_opens(data, line):
    with pytest.raises(DataError, match=rf"opens on line {line} is never closed"):
        load_csv(data)


@pytest.mark.parametrize("data", [b'a\n1\n2"x\n3\n', b'x\n"a"b\n1\n2\n'])
def test_stray_quotes_inside_a_field_are_text(data):
    table = load_csv(data)
    assert table.values.tolist() == [[1.0], [2.0]] or table.values.tolist() == [[1.0], [3.0]]
    assert table.dropped_rows == 1


# --- acceptance ----------------------------------------------------------------------------------


def test_a_clean_file_loads_without_a_message():
    table = load_csv(b"eruptions,waiting\n3.6,79\n1.8,54\n")
    assert isinstance(table, LoadedData)
    assert table.columns == ("eruptions", "waiting")
    assert table.values.tolist() == [[3.6, 79.0], [1.8, 54.0]]
    assert table.values.dtype == float
    assert table.message == ""
    assert (table.has_header, table.delimiter, table.decimal_comma, table.dropped_rows) == (True, ",", False, 0)


def test_values_are_read_only():
    table = load_csv(b"x\n1\n2\n")
    with pytest.raises(ValueError):
        table.values[0, 0] = 5.0


def test_a_utf8_byte_order_mark_is_accepted():
    table = load_csv(b"\xef\xbb\xbfx,y\n1,2\n")
    assert table.columns == ("x", "y")


def test_without_a_header_the_first_row_is_data():
    table = load_csv(b"1,2\n3,4\n")
    assert table.columns == ("column 1", "column 2")
    assert table.values.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert not table.has_header
    assert "first row holds numbers, so it is read as data" in table.message


def test_without_a_header_a_single_column_is_called_column_1():
    assert load_csv(b"1\n2\n").message == ("The first row holds a number, so it is read as data and the column "
                                           "is called column 1.")


def test_a_single_numeric_row_is_data():
    assert load_csv(b"1.5,2.5").values.tolist() == [[1.5, 2.5]]


def test_without_a_header_text_columns_keep_their_position():
    table = load_csv(b"alice,3.5\nbob,4.1\n")
    assert table.columns == ("column 2",)
    assert table.text_columns == ("column 1",)
    assert table.values[:, 0].tolist() == [3.5, 4.1]


def test_blank_non_numeric_nan_and_infinite_rows_are_dropped_and_counted():
    data = b"x,y\n1,2\n,3\nabc,4\nNaN,5\ninf,6\n7,-Infinity\n8,9\n10,1e999\n"
    table = load_csv(data)
    assert table.values.tolist() == [[1.0, 2.0], [8.0, 9.0]]
    assert table.dropped_rows == 6
    assert table.message == "Dropped 6 rows with blank, non-numeric or infinite values (in 'x' and 'y')."


def test_the_message_counts_the_dropped_rows():
    table = load_csv(b"a,b\n1,2\n,3\nx,4\n5,inf\n6,7\n")
    assert "Dropped 3 rows with blank, non-numeric or infinite values." in table.message.replace(
        " (in 'a' and 'b')", "")
    one = load_csv(b"a\n1\n\xe2\x80\x93\n2\n")  # an en dash, not a minus
    assert one.message == "Dropped 1 row with blank, non-numeric or infinite values (in 'a')."


@pytest.mark.parametrize("marker", [b"NA", b"n/a", b"#N/A", b"null", b"None", b"-", b"?", b".", b"nan", b"  "])
def test_missing_value_markers_count_as_blanks(marker):
    table = load_csv(b"x,y\n" + marker + b",1\n" + marker + b",2\n" + marker + b",3\n4,5\n")
    assert table.columns == ("x", "y")
    assert table.values.tolist() == [[4.0, 5.0]]
    assert table.dropped_rows == 3


def test_semicolons_with_decimal_commas():
    table = load_csv(b"1,5;2,25\n3,0;4,75\n")
    assert table.values.tolist() == [[1.5, 2.25], [3.0, 4.75]]
    assert (table.delimiter, table.decimal_comma) == (";", True)
    assert "semicolon-separated values, with commas as decimal points (1,5 = 1.5)" in table.message


def test_semicolons_with_a_header_and_decimal_points():
    table = load_csv(b"x;y\n1.5;2\n3;4.25\n")
    assert table.values.tolist() == [[1.5, 2.0], [3.0, 4.25]]
    assert (table.delimiter, table.decimal_comma) == (";", False)
    assert table.message == "Read as semicolon-separated values."


@pytest.mark.parametrize("data, values", [
    (b"height\n1,5\n2,25\n12,75\n", [1.5, 2.25, 12.75]),
    (b"1,5\n2\n12,75\n3\n", [1.5, 2.0, 12.75, 3.0]),
    (b"height\r\n1,5\r\n2\r\n-12,75\r\nNA\r\n", [1.5, 2.0, -12.75]),
], ids=["below a header", "beside whole numbers", "windows endings and a blank"])
def test_a_single_column_with_decimal_commas(data, values):
    table = load_csv(data)
    assert table.values[:, 0].tolist() == values and table.values.shape[1] == 1
    assert (table.decimal_comma, table.delimiter, table.ambiguous) == (True, "", False)
    assert table.message.startswith("Read with commas as decimal points (1,5 = 1.5), as one column.")


def test_two_whole_numbers_per_line_without_a_header_can_be_read_either_way():
    data = b"1,5\n2,25\n12,75\n"
    table = load_csv(data)
    assert table.ambiguous and not table.decimal_comma
    assert table.values.tolist() == [[1.0, 5.0], [2.0, 25.0], [12.0, 75.0]]
    other = load_csv(data, decimal_comma=not table.decimal_comma)
    assert other.values[:, 0].tolist() == [1.5, 2.25, 12.75]
    assert other.decimal_comma and not other.ambiguous


@pytest.mark.parametrize("data", [b"x,y\n1,5\n2,25\n", b"1,5,7\n2,25,8\n", b"1.5,2\n3,4.5\n", b"a,1\nb,2\n"])
def test_commas_separate_columns_when_the_lines_say_so(data):
    table = load_csv(data)
    assert table.delimiter == "," and not table.decimal_comma and not table.ambiguous


def test_tabs():
    table = load_csv(b"x\ty\n1.5\t2\n3\t4\n")
    assert table.columns == ("x", "y")
    assert table.delimiter == "\t"
    assert table.message == "Read as tab-separated values."


def test_a_comma_file_with_semicolons_inside_quotes():
    table = load_csv(b'name,x\n"a;b",1\n"c;d",2\n')
    assert table.delimiter == ","
    assert table.columns == ("x",)
    assert table.values[:, 0].tolist() == [1.0, 2.0]


def test_quoted_fields():
    table = load_csv(b'"label","x","y"\n"a, b","1","2"\n"multi\nline",3," 4 "\n')
    assert table.columns == ("x", "y")
    assert table.text_columns == ("label",)
    assert table.values.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert table.message == "Left out 1 text column: 'label'."


@pytest.mark.parametrize("newline", [b"\r\n", b"\r", b"\n"])
def test_any_line_endings(newline):
    table = load_csv(newline.join([b"x,y", b"1,2", b"3,4", b""]))
    assert table.values.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert table.message == ""


def test_blank_lines_and_spaces_around_fields_are_ignored():
    table = load_csv(b"\n\n x , y \n\n 1 , 2 \n\t\n3,\t4\n\n")
    assert table.columns == ("x", "y")
    assert table.values.tolist() == [[1.0, 2.0], [3.0, 4.0]]


@pytest.mark.parametrize("entry, value", [(b"1e3", 1000.0), (b"-2.5E-1", -0.25), (b"+.5", 0.5), (b"5.", 5.0),
                                          (b"-0", 0.0), (b"007", 7.0)])
def test_number_spellings(entry, value):
    assert load_csv(b"x\n" + entry + b"\n").values[0, 0] == value


def test_text_columns_are_left_out_and_named():
    table = load_csv(b"name,x,city\na,1,p\nb,2,q\n")
    assert table.columns == ("x",)
    assert table.text_columns == ("name", "city")
    assert table.message == "Left out 2 text columns: 'name' and 'city'."


def test_a_column_is_numeric_when_most_non_blank_entries_are_numbers():
    table = load_csv(b"mostly,half,sparse\n1,1,\n2,a,\nb,2,\n3,b,7\n")
    assert table.columns == ("mostly", "sparse")
    assert table.text_columns == ("half",)
    assert table.values.tolist() == [[3.0, 7.0]]
    assert table.dropped_rows == 3


def test_empty_columns_are_left_out():
    table = load_csv(b"x,,y\n1,,2\n3,,4\n")
    assert table.columns == ("x", "y")
    assert table.message == "Left out 1 empty column."


def test_short_rows_are_padded_with_blanks():
    table = load_csv(b"x,y\n1,2\n3\n5,6\n")
    assert table.values.tolist() == [[1.0, 2.0], [5.0, 6.0]]
    assert table.dropped_rows == 1


def test_a_trailing_separator_is_ignored():
    assert load_csv(b"x,y\n1,2,\n3,4,\n").values.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_rows_with_more_fields_than_the_first_row_are_dropped():
    table = load_csv(b"x,y\n1,2\n3,4,5\n6,7\n")
    assert table.values.tolist() == [[1.0, 2.0], [6.0, 7.0]]
    assert table.message == "Dropped 1 row with more fields than the first row."


def test_repeated_and_blank_names_are_made_unique():
    table = load_csv(b"x,x,,x (2)\n1,2,3,4\n")
    assert table.columns == ("x", "x (2)", "column 3", "x (2) (2)")
    assert len(set(table.columns)) == 4


def test_many_text_columns_are_summarised():
    header = b",".join(b"t%d" % k for k in range(8)) + b",x\n"
    row = b",".join([b"a"] * 8) + b",1\n"
    table = load_csv(header + row * 2)
    assert "Left out 8 text columns: 't0', 't1', 't2', 't3', 't4' and 3 more." in table.message


# --- properties ----------------------------------------------------------------------------------

CSV_ALPHABET = st.sampled_from(list(string.digits + ".,;\t\n\r \"'-+eEnaifINFA/#?x") + ["\u00a0", "é", "\x0b"])


def check_table(data: bytes) -> None:
    """load_csv(data) returns a consistent table or raises DataError."""
    table = outcome(load_csv, data)
    if isinstance(table, DataError):
        assert str(table)
        return
    assert table.values.ndim == 2
    assert table.values.shape[0] >= 1
    assert table.values.shape[1] == len(table.columns) >= 1
    assert np.all(np.isfinite(table.values))
    assert not table.values.flags.writeable
    assert len(set(table.columns)) == len(table.columns)
    assert table.dropped_rows == 0 or f"Dropped {table.dropped_rows:,} row" in table.message
    if table.ambiguous:  # the other reading of the commas loads too
        other = load_csv(data, decimal_comma=not table.decimal_comma)
        assert other.values.shape[0] >= 1 and not other.ambiguous


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_table_or_a_data_error(data):
    check_table(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=1000))
def test_any_text_gives_a_table_or_a_data_error(text):
    check_table(text.encode("utf-8"))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(CSV_ALPHABET, max_size=400))
def test_csv_like_text_gives_a_table_or_a_data_error(text):
    check_table(text.encode("utf-8"))


FIELD_ALPHABET = st.sampled_from(list("0123456789+-.eE \t_,naifNIty/#?") + ["1e5", "inf", "nan", "NA", "١"])
MISSING = {"na", "n/a", "#n/a", "nan", "null", "none", "-", "?", "."}


def reference_kind(field: str) -> str:
    """What a field is, decided one at a time with float() (the loader decides all at once)."""
    stripped = field.strip(" \t\n\r\x0b\x0c")
    if stripped == "" or stripped.lower() in MISSING:
        return "blank"
    if not stripped.isascii() or "_" in stripped or stripped.lower().lstrip("+-") == "nan":
        return "text"  # float() reads these, the loader does not
    try:
        float(stripped)
    except ValueError:
        return "text"
    return "number"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(FIELD_ALPHABET, max_size=6).map("".join), min_size=1, max_size=40))
def test_fields_are_read_like_float_reads_them_one_by_one(fields):
    parsed = emviz.data._parse_fields("\0".join(fields), decimal_comma=False)
    kinds = np.where(parsed.number, "number", np.where(parsed.text, "text", "blank"))
    assert kinds.tolist() == [reference_kind(field) for field in fields]
    for field, value, is_number in zip(fields, parsed.values, parsed.number):
        if is_number:
            assert value == float(field)


finite_tables = hnp.arrays(
    float,
    st.tuples(st.integers(1, 30), st.integers(1, 6)),
    elements=st.floats(allow_nan=False, allow_infinity=False, width=64),
)


@settings(max_examples=200, deadline=None)
@given(finite_tables, st.booleans())
def test_numbers_written_out_read_back_exactly(values, header):
    lines = [",".join(map(repr, row)) for row in values.tolist()]
    if header:
        lines.insert(0, ",".join(f"v{j}" for j in range(values.shape[1])))
    table = load_csv("\n".join(lines).encode())
    np.testing.assert_array_equal(table.values, values)
    assert table.dropped_rows == 0


@settings(max_examples=200, deadline=None)
@given(finite_tables.filter(lambda values: values.shape[1] > 1))  # one column has no semicolon to tell
def test_decimal_commas_read_back_exactly(values):
    text = "\n".join(";".join(repr(v).replace(".", ",") for v in row) for row in values.tolist())
    np.testing.assert_array_equal(load_csv(text.encode()).values, values)


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(float, st.integers(1, 30), elements=st.floats(allow_nan=False, allow_infinity=False, width=64)))
def test_a_decimal_comma_column_below_a_header_reads_back_exactly(values):
    text = "x\n" + "\n".join(repr(v).replace(".", ",") for v in values.tolist())
    table = load_csv(text.encode())
    np.testing.assert_array_equal(table.values[:, 0], values)
    assert not table.ambiguous


# --- big inputs (their time: tests/benchmarks/bench_loading.py) -----------------------------------

BIG_INPUTS = BENCHMARK["big_files"]()


@pytest.mark.parametrize("name", BIG_INPUTS)
def test_the_biggest_inputs_give_a_table_or_a_refusal(name):
    data = BIG_INPUTS[name]()
    assert len(data) <= MAX_FILE_BYTES or name == "over 5 MB"
    check_table(data)


# --- pasted numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1.5, 2, 3.7", "1.5 2 3.7", "1.5;2;3.7", "1.5\n2\n3.7", "1.5\t2\r\n3.7",
                                  " 1.5,,2 \n 3.7 "])
def test_pasted_numbers_with_any_separator(text):
    parsed = parse_numbers(text)
    assert isinstance(parsed, ParsedNumbers)
    assert parsed.values.tolist() == [1.5, 2.0, 3.7]
    assert (parsed.dropped, parsed.decimal_comma, parsed.message) == (0, False, "")


def test_semicolons_and_decimal_commas_mix():
    parsed = parse_numbers("1,5; 2.25;3")
    assert parsed.values.tolist() == [1.5, 2.25, 3.0]
    assert parsed.decimal_comma


@pytest.mark.parametrize("text", ["1,5; 2; 3,7", "1,5\n2\n3,7", "1,5\r\n2 \n 3,7\n", "1,5 2 3,7"])
def test_pasted_decimal_commas(text):
    parsed = parse_numbers(text)
    assert parsed.values.tolist() == [1.5, 2.0, 3.7]
    assert parsed.decimal_comma and not parsed.ambiguous
    assert parsed.message == "Read commas as decimal points (1,5 = 1.5)."


@pytest.mark.parametrize("text", ["1,5 2,5", "1,5\n2,5"])
def test_pasted_pairs_of_whole_numbers_can_be_read_either_way(text):
    parsed = parse_numbers(text)
    assert parsed.ambiguous and parsed.decimal_comma
    assert parsed.values.tolist() == [1.5, 2.5]
    other = parse_numbers(text, decimal_comma=False)
    assert other.values.tolist() == [1.0, 5.0, 2.0, 5.0]
    assert other.message == "Read commas as separators between numbers (1,5 = 1 and 5)."


@pytest.mark.parametrize("text", ["1,5", "1,5,7\n2", "1, 5\n2"])
def test_commas_separate_unless_every_comma_sits_in_a_number(text):
    assert not parse_numbers(text).decimal_comma


@pytest.mark.parametrize("text", [",\n" * (MAX_FILE_BYTES // 2), ";,\n" * (MAX_FILE_BYTES // 3)],
                         ids=["commas and new lines", "with semicolons"])
def test_text_of_separators_only_holds_no_numbers_not_millions_of_entries(text):
    with pytest.raises(DataError, match="No numbers found"):
        parse_numbers(text)


def test_commas_on_their_own_are_not_entries():
    assert parse_numbers(",\n" * (MAX_ROWS + 1) + "1 2").values.tolist() == [1.0, 2.0]


def test_pasted_entries_that_are_not_finite_numbers_are_counted():
    parsed = parse_numbers("1 two 3 inf NaN 4e999 5")
    assert parsed.values.tolist() == [1.0, 3.0, 5.0]
    assert parsed.dropped == 4
    assert parsed.message == "Left out 4 entries that are not finite numbers: 'two', 'inf', 'NaN' and 1 more."
    assert parse_numbers("1 x").message == "Left out 1 entry that is not a finite number: 'x'."


def test_pasted_values_are_read_only():
    with pytest.raises(ValueError):
        parse_numbers("1 2").values[0] = 3.0


@pytest.mark.parametrize("text", ["", "   \n ", "abc", "NaN inf", ",,;;"])
def test_nothing_numeric_is_refused(text):
    with pytest.raises(DataError, match="No numbers found. Type or paste numbers"):
        parse_numbers(text)


def test_too_many_pasted_numbers_are_refused():
    with pytest.raises(DataError, match="1,000,001 entries, more than the 1,000,000"):
        parse_numbers("1 " * (MAX_ROWS + 1))


def test_too_much_pasted_text_is_refused_at_once():
    error = outcome(parse_numbers, " " * (MAX_FILE_BYTES + 1))
    assert isinstance(error, DataError) and "5,242,881 characters" in str(error)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=500), st.text(CSV_ALPHABET, max_size=300)))
def test_any_pasted_text_gives_finite_numbers_or_a_data_error(text):
    parsed = outcome(parse_numbers, text)
    if isinstance(parsed, DataError):
        return
    assert parsed.values.ndim == 1 and parsed.values.size >= 1
    assert np.all(np.isfinite(parsed.values))
    assert not parsed.values.flags.writeable


BIG_TEXTS = BENCHMARK["big_texts"]()


@pytest.mark.parametrize("name", BIG_TEXTS)
def test_the_biggest_pasted_texts_give_numbers_or_a_refusal(name):
    parsed = outcome(parse_numbers, BIG_TEXTS[name]())
    assert isinstance(parsed, DataError) or np.all(np.isfinite(parsed.values))


def test_the_loading_benchmark_runs(capsys):
    BENCHMARK["main"](["--scale", "0.001"])
    table = capsys.readouterr().out
    for name in (*BIG_INPUTS, *BIG_TEXTS):
        assert name in table
