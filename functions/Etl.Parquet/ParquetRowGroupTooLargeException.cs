namespace Etl.Parquet;

/// <summary>
/// Decoding a row group would hold more than <see cref="File.ParquetReadOptions.MaxDecodedRowGroupBytes"/>: the
/// reader decodes a whole row group's columns into memory, so a file with one huge row group (or a few kilobytes
/// of dictionary and run-length encoding that expand to gigabytes) is refused while it is decoded, at the budget.
/// The file is not malformed; it needs smaller row groups or a larger budget.
/// </summary>
public sealed class ParquetRowGroupTooLargeException : ParquetFormatException
{
    public ParquetRowGroupTooLargeException(int rowGroup, long rows, long budget)
        : base($"row group {rowGroup} holds {rows:N0} rows, and decoding them takes more than the decode budget of {Describe(budget)} "
            + "(values, offsets and levels of the row group's columns); rewrite the file with smaller row groups (e.g. 1,000,000 rows or 128 MB each) or raise the budget")
    {
        Rows = rows;
        Budget = budget;
        At(rowGroup: rowGroup);
    }

    /// <summary>Rows the row group declares.</summary>
    public long Rows { get; }

    /// <summary>The budget that was exceeded, in bytes.</summary>
    public long Budget { get; }

    /// <summary>"1 GiB", "16 MiB", "1,000 bytes": exact, in the largest unit that divides it.</summary>
    private static string Describe(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        var value = bytes;
        while (unit < units.Length - 1 && value != 0 && value % 1024 == 0)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes:N0} bytes" : $"{value:N0} {units[unit]}";
    }
}
