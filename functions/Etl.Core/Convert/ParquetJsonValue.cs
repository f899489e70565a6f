using System.Text;
using Etl.Parquet.File;

namespace Etl.Core.Convert;

/// <summary>One value as the JSON text the converter would write for it (for previews, inspect and profiles).</summary>
public static class ParquetJsonValue
{
    public static string Format(ColumnBatch batch, int index)
    {
        var buffer = new JsonBuffer(64);
        JsonValueWriter.Write(batch, index, buffer);
        return Encoding.UTF8.GetString(buffer.Written);
    }
}
