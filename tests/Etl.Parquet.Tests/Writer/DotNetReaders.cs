using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Etl.Parquet.Tests.Writer;

/// <summary>
/// The two .NET Parquet libraries used as independent readers beside DuckDB and hyparquet: Parquet.Net (fully
/// managed) and ParquetSharp (Apache Arrow's C++ parquet reader, read here into Arrow arrays). Each reads a whole
/// file into JSON rows in one shape shared by both, so one comparer checks them:
/// integers and floats as numbers, byte strings as <c>{ "base64": … }</c>, decimals as exact text, dates as
/// "yyyy-MM-dd", times as microseconds of the day, timestamps as nanoseconds since the epoch, structs as objects, lists as arrays, maps as <c>[{ key, value }]</c>.
/// </summary>
internal static class DotNetReaders
{
    /// <summary>Every row of <paramref name="path"/> as Parquet.Net's untyped deserializer reads it.</summary>
    public static JsonArray ParquetNetRows(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        var result = global::Parquet.Serialization.ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult();
        var rows = new JsonArray();
        foreach (var row in result.Data)
        {
            var o = new JsonObject();
            foreach (var (key, value) in row) o[key] = NetValue(value);
            rows.Add(o);
        }
        return rows;
    }

    private static JsonNode? NetValue(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        sbyte or byte or short or ushort or int or uint or long or ulong => JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
        float f => JsonValue.Create((double)f),
        double d => JsonValue.Create(d),
        Half h => JsonValue.Create((double)h),
        decimal m => JsonValue.Create(m.ToString(CultureInfo.InvariantCulture)),
        BigInteger n => JsonValue.Create(n.ToString(CultureInfo.InvariantCulture)),
        string s => JsonValue.Create(s),
        byte[] bytes => new JsonObject { ["base64"] = Convert.ToBase64String(bytes) },
        Guid g => JsonValue.Create(g.ToString()),
        DateOnly day => JsonValue.Create(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly time => JsonValue.Create(time.Ticks / 10),
        TimeSpan span => JsonValue.Create(span.Ticks / 10),
        DateTime t => JsonValue.Create((t - DateTime.UnixEpoch).Ticks * 100),
        DateTimeOffset t => JsonValue.Create((t - DateTimeOffset.UnixEpoch).Ticks * 100),
        Dictionary<string, object> group => Group(group),
        IDictionary map => MapEntries(map),
        IEnumerable list => List(list),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonObject Group(Dictionary<string, object> group)
    {
        var o = new JsonObject();
        foreach (var (key, v) in group) o[key] = NetValue(v);
        return o;
    }

    private static JsonArray MapEntries(IDictionary map)
    {
        var a = new JsonArray();
        foreach (DictionaryEntry e in map) a.Add(new JsonObject { ["key"] = NetValue(e.Key), ["value"] = NetValue(e.Value) });
        return a;
    }

    private static JsonArray List(IEnumerable list)
    {
        var a = new JsonArray();
        foreach (var item in list) a.Add(NetValue(item));
        return a;
    }

    /// <summary>Every row of <paramref name="path"/> as ParquetSharp's Arrow reader reads it.</summary>
    public static JsonArray ParquetSharpRows(string path)
    {
        using var reader = new ParquetSharp.Arrow.FileReader(path);
        using var batches = reader.GetRecordBatchReader();
        var rows = new JsonArray();
        while (batches.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
        {
            using (batch)
            {
                for (int i = 0; i < batch.Length; i++)
                {
                    var o = new JsonObject();
                    for (int c = 0; c < batch.ColumnCount; c++) o[batch.Schema.FieldsList[c].Name] = ArrowValue(batch.Column(c), i);
                    rows.Add(o);
                }
            }
        }
        return rows;
    }

    private static JsonNode? ArrowValue(IArrowArray array, int i)
    {
        if (array.IsNull(i)) return null;
        switch (array)
        {
            case BooleanArray a: return JsonValue.Create(a.GetValue(i)!.Value);
            case Int8Array a: return JsonValue.Create(a.GetValue(i)!.Value);
            case Int16Array a: return JsonValue.Create(a.GetValue(i)!.Value);
            case Int32Array a: return JsonValue.Create(a.GetValue(i)!.Value);
            case Int64Array a: return JsonValue.Create(a.GetValue(i)!.Value);
            case UInt8Array a: return JsonValue.Create(a.GetValue(i)!.Value);
            case UInt16Array a: return JsonValue.Create(a.GetValue(i)!.Value);
            case UInt32Array a: return JsonValue.Create(a.GetValue(i)!.Value);
            case UInt64Array a: return JsonValue.Create(a.GetValue(i)!.Value);
            case HalfFloatArray a: return JsonValue.Create((double)a.GetValue(i)!.Value);
            case FloatArray a: return JsonValue.Create((double)a.GetValue(i)!.Value);
            case DoubleArray a: return JsonValue.Create(a.GetValue(i)!.Value);
            case StringArray a: return JsonValue.Create(a.GetString(i));
            case LargeStringArray a: return JsonValue.Create(a.GetString(i));
            case BinaryArray a: return new JsonObject { ["base64"] = Convert.ToBase64String(a.GetBytes(i)) };
            case Decimal128Array a: return JsonValue.Create(a.GetString(i));
            case Decimal256Array a: return JsonValue.Create(a.GetString(i));
            case FixedSizeBinaryArray a: return new JsonObject { ["base64"] = Convert.ToBase64String(a.GetBytes(i)) };
            case Date32Array a: return JsonValue.Create(DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + a.Values[i]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case Time32Array a: return JsonValue.Create(((Time32Type)a.Data.DataType).Unit == TimeUnit.Millisecond ? a.Values[i] * 1000L : a.Values[i] * 1_000_000L);
            case Time64Array a: return JsonValue.Create(((Time64Type)a.Data.DataType).Unit == TimeUnit.Nanosecond ? a.Values[i] / 1000 : a.Values[i]);
            case TimestampArray a:
                long v = a.Values[i];
                return JsonValue.Create(((TimestampType)a.Data.DataType).Unit switch
                {
                    TimeUnit.Second => v * 1_000_000_000,
                    TimeUnit.Millisecond => v * 1_000_000,
                    TimeUnit.Microsecond => v * 1000,
                    _ => v,
                });
            case MapArray a:
            {
                var entries = new JsonArray();
                for (int k = a.ValueOffsets[i]; k < a.ValueOffsets[i + 1]; k++)
                    entries.Add(new JsonObject { ["key"] = ArrowValue(a.Keys, k), ["value"] = ArrowValue(a.Values, k) });
                return entries;
            }
            case ListArray a:
            {
                var items = new JsonArray();
                for (int k = a.ValueOffsets[i]; k < a.ValueOffsets[i + 1]; k++) items.Add(ArrowValue(a.Values, k));
                return items;
            }
            case StructArray a:
            {
                var fields = ((StructType)a.Data.DataType).Fields;
                var o = new JsonObject();
                for (int f = 0; f < fields.Count; f++) o[fields[f].Name] = ArrowValue(a.Fields[f], i);
                return o;
            }
            default:
                throw new NotSupportedException($"ParquetSharp returned an Arrow array of {array.Data.DataType.Name}, which this comparer does not convert");
        }
    }
}
