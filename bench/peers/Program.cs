using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;
using PS = ParquetSharp;
using PNet = Parquet;

namespace Etl.Bench.Peers;

/// <summary>
/// Etl.Parquet against its peers in one process and one run: Parquet.Net, ParquetSharp (typed LogicalReader and
/// raw ColumnReader&lt;T&gt;.ReadBatch) and DuckDB (through node, timed inside node).
/// <list type="bullet">
/// <item>decode: every column of every row group of the input into memory (values and levels), one thread.</item>
/// <item>write: the input's first N rows (held in memory, loaded before timing) written as one SNAPPY file.</item>
/// </list>
/// Sides alternate within each run so a drift of the machine's speed hits all alike; medians and ratios to etl
/// are printed at the end (a ratio &gt; 1 means the peer took longer than etl).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var o = Settings.Parse(args);
        if (o is null) return 2;
        Console.WriteLine($"input {o.Input} ({new FileInfo(o.Input).Length:N0} bytes), runs {o.Runs} + warm-up {o.Warmup}, write rows {o.Rows:N0}, DuckDB threads {o.DuckDbThreads}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, Parquet.Net {Version(typeof(PNet.ParquetReader))}, ParquetSharp {Version(typeof(PS.ParquetFileReader))}");
        Directory.CreateDirectory(o.Out);
        var results = new List<(string Task, string Side, List<double> Ms, string Note)>();

        if (o.Decode)
        {
            var sides = new (string Name, Func<string, long> Run)[]
            {
                ("etl", Decode.EtlReader),
                ("Parquet.Net", Decode.ParquetNet),
                ("ParquetSharp LogicalReader", Decode.ParquetSharpLogical),
                ("ParquetSharp ColumnReader.ReadBatch", Decode.ParquetSharpRaw),
            };
            var check = new Dictionary<string, long>();
            var times = sides.ToDictionary(s => s.Name, _ => new List<double>());
            for (int r = 0; r < o.Warmup + o.Runs; r++)
            {
                foreach (var (name, run) in sides)
                {
                    var watch = Stopwatch.StartNew();
                    long values = run(o.Input);
                    watch.Stop();
                    if (r >= o.Warmup) times[name].Add(watch.Elapsed.TotalMilliseconds);
                    check[name] = values;
                }
            }
            foreach (var (name, _) in sides) results.Add(("decode", name, times[name], $"{check[name]:N0} level entries"));
            var duck = DuckDb.Run(o, "decode", o.Input, (o.Warmup + o.Runs).ToString(CultureInfo.InvariantCulture), o.DuckDbThreads.ToString(CultureInfo.InvariantCulture));
            results.Add(("decode", $"DuckDB {duck.Version} (threads {o.DuckDbThreads})", duck.Ms.Skip(o.Warmup).ToList(), "CREATE TEMP TABLE AS SELECT * FROM read_parquet"));
        }

        if (o.Write)
        {
            var table = Table.Load(o.Input, o.Rows);
            var sides = new (string Name, Action<Table, string> Run)[]
            {
                ("etl", Write.EtlWriter),
                ("Parquet.Net", Write.ParquetNet),
                ("ParquetSharp", Write.ParquetSharp),
            };
            var times = sides.ToDictionary(s => s.Name, _ => new List<double>());
            var sizes = new Dictionary<string, long>();
            for (int r = 0; r < o.Warmup + o.Runs; r++)
            {
                foreach (var (name, run) in sides)
                {
                    var path = Path.Combine(o.Out, $"write-{name.Replace(' ', '-').Replace('.', '-')}.parquet");
                    var watch = Stopwatch.StartNew();
                    run(table, path);
                    watch.Stop();
                    if (r >= o.Warmup) times[name].Add(watch.Elapsed.TotalMilliseconds);
                    sizes[name] = new FileInfo(path).Length;
                }
            }
            foreach (var (name, _) in sides) results.Add(("write", name, times[name], $"{sizes[name]:N0} bytes"));
            var duckOut = Path.Combine(o.Out, "write-duckdb.parquet");
            var duck = DuckDb.Run(o, "write", o.Input, o.Rows.ToString(CultureInfo.InvariantCulture), (o.Warmup + o.Runs).ToString(CultureInfo.InvariantCulture), o.DuckDbThreads.ToString(CultureInfo.InvariantCulture), duckOut);
            results.Add(("write", $"DuckDB {duck.Version} (threads {o.DuckDbThreads})", duck.Ms.Skip(o.Warmup).ToList(), $"{new FileInfo(duckOut).Length:N0} bytes"));
        }

        Report(results);
        return 0;
    }

    private static string? Version(Type type) =>
        (Attribute.GetCustomAttribute(type.Assembly, typeof(System.Reflection.AssemblyInformationalVersionAttribute)) as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion.Split('+')[0];

    private static void Report(List<(string Task, string Side, List<double> Ms, string Note)> results)
    {
        Console.WriteLine();
        Console.WriteLine("| task | side | median ms | min–max ms | peer / etl | note |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var group in results.GroupBy(r => r.Task))
        {
            double etl = Median(group.First(r => r.Side == "etl").Ms);
            foreach (var (task, side, ms, note) in group)
            {
                double median = Median(ms);
                string ratio = side == "etl" ? "1.00" : (median / etl).ToString("0.00", CultureInfo.InvariantCulture);
                Console.WriteLine($"| {task} | {side} | {median:0} | {ms.Min():0}–{ms.Max():0} | {ratio} | {note} |");
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

internal sealed record Settings(string Input, int Rows, int Runs, int Warmup, int DuckDbThreads, bool Decode, bool Write, string Out)
{
    public static Settings? Parse(string[] args)
    {
        string? input = null, output = Path.Combine(Path.GetTempPath(), "etl-bench-peers");
        int rows = 1_000_000, runs = 5, warmup = 1, threads = 1;
        bool decode = true, write = true;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--input": input = Next(); break;
                case "--rows": rows = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--duckdb-threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--only": (decode, write) = Next() switch { "decode" => (true, false), "write" => (false, true), var v => throw new ArgumentException($"--only decode|write, not {v}") }; break;
                case "--out": output = Next(); break;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}");
                    return null;
            }
        }
        if (input is null || !System.IO.File.Exists(input))
        {
            Console.Error.WriteLine("usage: Etl.Bench.Peers --input bench.parquet [--rows 1000000] [--runs 5] [--warmup 1] [--duckdb-threads 1] [--only decode|write] [--out DIR]");
            return null;
        }
        return new Settings(input, rows, runs, warmup, threads, decode, write, output);
    }
}

/// <summary>Each side decodes every column of every row group; returns the level entries decoded (a check that all read the same).</summary>
internal static class Decode
{
    public static long EtlReader(string path)
    {
        using var reader = Etl.Parquet.File.ParquetFileReader.Open(path);
        long entries = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.RowGroup(g);
            for (int c = 0; c < reader.Schema.Columns.Count; c++)
            {
                var batch = group.ReadColumn(c);
                entries += batch.Column.MaxDefinitionLevel == 0 ? batch.ValueCount : batch.LevelCount;
            }
        }
        return entries;
    }

    public static long ParquetNet(string path) => ParquetNetAsync(path).GetAwaiter().GetResult();

    private static async Task<long> ParquetNetAsync(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        await using var reader = await PNet.ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        long entries = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            foreach (var field in fields)
            {
                var type = field.ClrType;
                if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>)) await group.ReadAsync(field, new string[n]);
                else if (type == typeof(long)) await group.ReadAsync<long>(field, new long?[n]);
                else if (type == typeof(int)) await group.ReadAsync<int>(field, new int?[n]);
                else if (type == typeof(double)) await group.ReadAsync<double>(field, new double?[n]);
                else if (type == typeof(bool)) await group.ReadAsync<bool>(field, new bool?[n]);
                else if (type == typeof(DateTime)) await group.ReadAsync<DateTime>(field, new DateTime?[n]);
                else if (type == typeof(DateOnly)) await group.ReadAsync<DateOnly>(field, new DateOnly?[n]);
                else if (type == typeof(decimal)) await group.ReadAsync<decimal>(field, new decimal?[n]);
                else throw new NotSupportedException($"column {field.Name}: {type}");
                entries += n;
            }
        }
        return entries;
    }

    private const int Batch = 64 * 1024;

    public static long ParquetSharpLogical(string path) => EachColumn(path, column =>
    {
        using var logical = column.LogicalReader(Batch);
        return logical.Apply(new LogicalDrain());
    });

    public static long ParquetSharpRaw(string path) => EachColumn(path, column => column.Apply(new RawDrain()));

    // Every column chunk of every row group through ParquetSharp, one at a time; the entries each read adds up.
    private static long EachColumn(string path, Func<PS.ColumnReader, long> read)
    {
        using var file = new PS.ParquetFileReader(path);
        long entries = 0;
        for (int g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            for (int c = 0; c < file.FileMetaData.NumColumns; c++)
            {
                using var column = group.Column(c);
                entries += read(column);
            }
        }
        return entries;
    }

    private sealed class LogicalDrain : PS.ILogicalColumnReaderVisitor<long>
    {
        public long OnLogicalColumnReader<TValue>(PS.LogicalColumnReader<TValue> reader)
        {
            var buffer = new TValue[Batch];
            long n = 0;
            while (reader.HasNext) n += reader.ReadBatch(buffer);
            return n;
        }
    }

    private sealed class RawDrain : PS.IColumnReaderVisitor<long>
    {
        public long OnColumnReader<TValue>(PS.ColumnReader<TValue> reader) where TValue : unmanaged
        {
            var values = new TValue[Batch];
            var def = new short[Batch];
            var rep = new short[Batch];
            long n = 0;
            while (reader.HasNext) n += reader.ReadBatch(Batch, def, rep, values, out _);
            return n;
        }
    }
}

/// <summary>The benchmark file's first rows as plain arrays (loaded once, before timing; every writer starts from these).</summary>
internal sealed class Table
{
    public required long?[] Id;
    public required int?[] IntCol;
    public required double?[] DoubleCol;
    public required string?[] Name;
    public required bool?[] Flag;
    public required DateTime?[] Ts;      // TIMESTAMP (local, microseconds)
    public required DateTime?[] Dt;      // DATE, as midnight
    public required int?[] NullableInt;
    public required decimal?[] Amount;   // DECIMAL(18,2)
    public int Rows => Id.Length;

    public static Table Load(string path, int rows)
    {
        using var file = new PS.ParquetFileReader(path);
        var names = Enumerable.Range(0, file.FileMetaData.NumColumns).Select(c => file.FileMetaData.Schema.Column(c).Name).ToArray();
        string[] expected = ["id", "int_col", "double_col", "name", "flag", "ts", "dt", "nullable_int", "amount"];
        if (!names.SequenceEqual(expected)) throw new InvalidDataException($"expected the benchmark file's columns {string.Join(",", expected)}, found {string.Join(",", names)}");
        var columns = new List<Array>();
        for (int c = 0; c < names.Length; c++) columns.Add(ReadColumn(file, c, rows));
        return new Table
        {
            Id = (long?[])columns[0],
            IntCol = (int?[])columns[1],
            DoubleCol = (double?[])columns[2],
            Name = (string?[])columns[3],
            Flag = (bool?[])columns[4],
            Ts = (DateTime?[])columns[5],
            Dt = ((PS.Date?[])columns[6]).Select(d => d?.DateTime).ToArray(),
            NullableInt = (int?[])columns[7],
            Amount = (decimal?[])columns[8],
        };
    }

    private static Array ReadColumn(PS.ParquetFileReader file, int c, int rows)
    {
        Array? result = null;
        int at = 0;
        for (int g = 0; g < file.FileMetaData.NumRowGroups && at < rows; g++)
        {
            using var group = file.RowGroup(g);
            using var column = group.Column(c);
            using var logical = column.LogicalReader();
            var part = logical.Apply(new ReadAll(rows - at));
            result ??= Array.CreateInstance(part.GetType().GetElementType()!, rows);
            Array.Copy(part, 0, result, at, part.Length);
            at += part.Length;
        }
        if (at < rows) throw new InvalidDataException($"the file holds only {at} rows, fewer than --rows {rows}");
        return result!;
    }

    private sealed class ReadAll(int max) : PS.ILogicalColumnReaderVisitor<Array>
    {
        public Array OnLogicalColumnReader<TValue>(PS.LogicalColumnReader<TValue> reader)
        {
            var values = new List<TValue>();
            var buffer = new TValue[64 * 1024];
            while (reader.HasNext && values.Count < max)
            {
                int n = reader.ReadBatch(buffer.AsSpan(0, Math.Min(buffer.Length, max - values.Count)));
                values.AddRange(buffer.AsSpan(0, n));
            }
            return values.ToArray();
        }
    }
}

/// <summary>Each side writes the whole table as one row group, SNAPPY, its own default encodings.</summary>
internal static class Write
{
    private static readonly DateTime Epoch = DateTime.UnixEpoch;

    public static void EtlWriter(Table t, string path)
    {
        static SchemaElement Leaf(string name, PhysicalType type, LogicalType? logical = null, ConvertedType? converted = null, int? scale = null, int? precision = null) =>
            new() { Name = name, Type = type, RepetitionType = FieldRepetitionType.Optional, LogicalType = logical, ConvertedType = converted, Scale = scale, Precision = precision };
        var schema = new List<SchemaElement>
        {
            new() { Name = "duckdb_schema", NumChildren = 9 },
            Leaf("id", PhysicalType.Int64),
            Leaf("int_col", PhysicalType.Int32),
            Leaf("double_col", PhysicalType.Double),
            Leaf("name", PhysicalType.ByteArray, new LogicalType { Kind = LogicalTypeKind.String }, ConvertedType.Utf8),
            Leaf("flag", PhysicalType.Boolean),
            Leaf("ts", PhysicalType.Int64, new LogicalType { Kind = LogicalTypeKind.Timestamp, Unit = TimeUnit.Micros, IsAdjustedToUtc = false }),
            Leaf("dt", PhysicalType.Int32, new LogicalType { Kind = LogicalTypeKind.Date }, ConvertedType.Date),
            Leaf("nullable_int", PhysicalType.Int32),
            Leaf("amount", PhysicalType.Int64, new LogicalType { Kind = LogicalTypeKind.Decimal, Scale = 2, Precision = 18 }, ConvertedType.Decimal, 2, 18),
        };
        using var writer = new Etl.Parquet.File.ParquetFileWriter(System.IO.File.Create(path), schema, new ParquetWriterOptions { Compression = CompressionCodec.Snappy });
        var b = writer.CreateBatches();
        Span<byte> utf8 = stackalloc byte[256];
        for (int i = 0; i < t.Rows; i++)
        {
            Int64(b[0], t.Id[i]);
            Int32(b[1], t.IntCol[i]);
            if (t.DoubleCol[i] is { } d) { b[2].AppendLevels(1, 0); b[2].AppendDouble(d); } else b[2].AppendLevels(0, 0);
            if (t.Name[i] is { } s) { b[3].AppendLevels(1, 0); b[3].AppendBytes(utf8[..System.Text.Encoding.UTF8.GetBytes(s, utf8)]); } else b[3].AppendLevels(0, 0);
            if (t.Flag[i] is { } f) { b[4].AppendLevels(1, 0); b[4].AppendBoolean(f); } else b[4].AppendLevels(0, 0);
            Int64(b[5], t.Ts[i] is { } ts ? (ts - Epoch).Ticks / 10 : null);
            Int32(b[6], t.Dt[i] is { } dt ? (int)((dt - Epoch).Ticks / TimeSpan.TicksPerDay) : null);
            Int32(b[7], t.NullableInt[i]);
            Int64(b[8], t.Amount[i] is { } m ? (long)(m * 100) : null);
        }
        writer.WriteRowGroup(b, t.Rows);
        writer.Close();

        static void Int64(ColumnBatch batch, long? v)
        {
            if (v is { } x) { batch.AppendLevels(1, 0); batch.AppendInt64(x); } else batch.AppendLevels(0, 0);
        }
        static void Int32(ColumnBatch batch, int? v)
        {
            if (v is { } x) { batch.AppendLevels(1, 0); batch.AppendInt32(x); } else batch.AppendLevels(0, 0);
        }
    }

    public static void ParquetNet(Table t, string path) => ParquetNetAsync(t, path).GetAwaiter().GetResult();

    private static async Task ParquetNetAsync(Table t, string path)
    {
        var id = new PNet.Schema.DataField<long?>("id");
        var intCol = new PNet.Schema.DataField<int?>("int_col");
        var doubleCol = new PNet.Schema.DataField<double?>("double_col");
        var name = new PNet.Schema.DataField<string>("name", true);
        var flag = new PNet.Schema.DataField<bool?>("flag");
        var ts = new PNet.Schema.DateTimeDataField("ts", PNet.Schema.DateTimeFormat.Timestamp, isNullable: true, unit: PNet.Schema.DateTimeTimeUnit.Micros, isAdjustedToUTC: false);
        var dt = new PNet.Schema.DateTimeDataField("dt", PNet.Schema.DateTimeFormat.Date, isNullable: true);
        var nullableInt = new PNet.Schema.DataField<int?>("nullable_int");
        var amount = new PNet.Schema.DecimalDataField("amount", 18, 2, isNullable: true);
        var schema = new PNet.Schema.ParquetSchema(id, intCol, doubleCol, name, flag, ts, dt, nullableInt, amount);
        using var stream = System.IO.File.Create(path);
        await using var writer = await PNet.ParquetWriter.CreateAsync(schema, stream, new PNet.ParquetOptions { CompressionMethod = PNet.CompressionMethod.Snappy });
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<long>(id, t.Id);
        await group.WriteAsync<int>(intCol, t.IntCol);
        await group.WriteAsync<double>(doubleCol, t.DoubleCol);
        await group.WriteAsync(name, t.Name!);
        await group.WriteAsync<bool>(flag, t.Flag);
        await group.WriteAsync<DateTime>(ts, t.Ts);
        await group.WriteAsync<DateTime>(dt, t.Dt);
        await group.WriteAsync<int>(nullableInt, t.NullableInt);
        await group.WriteAsync<decimal>(amount, t.Amount);
    }

    public static void ParquetSharp(Table t, string path)
    {
        var columns = new PS.Column[]
        {
            new PS.Column<long?>("id"),
            new PS.Column<int?>("int_col"),
            new PS.Column<double?>("double_col"),
            new PS.Column<string>("name"),
            new PS.Column<bool?>("flag"),
            new PS.Column<DateTime?>("ts", PS.LogicalType.Timestamp(isAdjustedToUtc: false, PS.TimeUnit.Micros)),
            new PS.Column<PS.Date?>("dt"),
            new PS.Column<int?>("nullable_int"),
            new PS.Column<decimal?>("amount", PS.LogicalType.Decimal(precision: 18, scale: 2)),
        };
        using var writer = new PS.ParquetFileWriter(path, columns, PS.Compression.Snappy);
        using (var group = writer.AppendRowGroup())
        {
            using (var w = group.NextColumn().LogicalWriter<long?>()) w.WriteBatch(t.Id);
            using (var w = group.NextColumn().LogicalWriter<int?>()) w.WriteBatch(t.IntCol);
            using (var w = group.NextColumn().LogicalWriter<double?>()) w.WriteBatch(t.DoubleCol);
            using (var w = group.NextColumn().LogicalWriter<string?>()) w.WriteBatch(t.Name);
            using (var w = group.NextColumn().LogicalWriter<bool?>()) w.WriteBatch(t.Flag);
            using (var w = group.NextColumn().LogicalWriter<DateTime?>()) w.WriteBatch(t.Ts);
            using (var w = group.NextColumn().LogicalWriter<PS.Date?>()) w.WriteBatch(t.Dt.Select(d => d is { } x ? new PS.Date(x) : (PS.Date?)null).ToArray());
            using (var w = group.NextColumn().LogicalWriter<int?>()) w.WriteBatch(t.NullableInt);
            using (var w = group.NextColumn().LogicalWriter<decimal?>()) w.WriteBatch(t.Amount);
        }
        writer.Close();
    }
}

/// <summary>Runs duckdb-peer.mjs (next to this project's sources) with node.</summary>
internal static class DuckDb
{
    public sealed record Result(string Version, List<double> Ms);

    public static Result Run(Settings o, params string[] arguments)
    {
        var script = Path.Combine(SourceDirectory(), "duckdb-peer.mjs");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"node {script} exited with {process.ExitCode} (run npm ci in bench/parquet-to-json)");
        using var json = JsonDocument.Parse(output);
        return new Result(json.RootElement.GetProperty("version").GetString()!, json.RootElement.GetProperty("ms").EnumerateArray().Select(e => e.GetDouble()).ToList());
    }

    private static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "peers");
            if (System.IO.File.Exists(Path.Combine(candidate, "duckdb-peer.mjs"))) return candidate;
        }
        throw new DirectoryNotFoundException($"no bench/peers/duckdb-peer.mjs above {AppContext.BaseDirectory}");
    }
}
