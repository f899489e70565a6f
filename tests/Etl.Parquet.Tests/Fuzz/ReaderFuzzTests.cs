using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Etl.Core.Convert;
using Etl.Core.Profile;
using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Fuzz;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzCollection
{
    /// <summary>Fuzz batches run alone: each case's allocations are measured process-wide, so nothing else may run meanwhile.</summary>
    public const string Name = "Reader fuzzing";
}

/// <summary>
/// Mutation fuzzing of the reader and the Parquet → JSON converter over every readable corpus file (MANIFEST.json
/// entries with an expected output, extra/* included). Each case mutates one file deterministically from its seed
/// — bit flips, interesting bytes, truncation, splices, absurd declared lengths and counts in the footer and page
/// headers, overwritten footer length and level-length prefixes, duplicated and deleted ranges — then opens it,
/// reads every column of every row group, converts it to <see cref="Stream.Null"/> and (every fourth case)
/// profiles it. The only acceptable failure is <see cref="ParquetFormatException"/> with a one-line message; any
/// other exception, a case running longer than <see cref="CaseTimeout"/>, or a case allocating more than
/// <see cref="MaxAllocatedBytesPerCase"/> fails the batch, naming the seed. Replay one case with
/// <see cref="RunCase(int)"/> (or add its seed to <see cref="Known_failures_replay"/>).
/// </summary>
[Collection(FuzzCollection.Name)]
public class ReaderFuzzTests
{
    public const int Batches = 40;
    public const int CasesPerBatch = 500; // 40 × 500 = 20,000 cases per run
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);
    public const long MaxAllocatedBytesPerCase = 512L * 1024 * 1024;

    /// <summary>
    /// First seed of the run: 0 in CI (deterministic). Set ETL_FUZZ_SEED_BASE to explore other seeds locally; failures
    /// print absolute seeds, so <see cref="RunCase(int)"/> replays them whatever the base was.
    /// </summary>
    public static int SeedBase { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("ETL_FUZZ_SEED_BASE"), out var seedBase) ? seedBase : 0;

    public static TheoryData<int> BatchNumbers()
    {
        var data = new TheoryData<int>();
        for (var b = 0; b < Batches; b++) data.Add(b);
        return data;
    }

    [Fact]
    public void Corpus_is_loaded_and_analysed()
    {
        var corpus = FuzzCorpus.Files;
        Assert.True(corpus.Count >= 40, $"only {corpus.Count} fuzz corpus files");
        Assert.Contains(corpus, f => f.Name.StartsWith("extra/", StringComparison.Ordinal));
        Assert.All(corpus, f => Assert.True(f.FooterSites.Count > 0, $"{f.Name}: no varints found in the footer"));
        Assert.True(corpus.Sum(f => f.PageHeaderSites.Count) > 1000, "page headers were not located");
        Assert.True(corpus.Sum(f => f.LevelPrefixes.Count) > 50, "level-length prefixes were not located");
    }

    [Theory]
    [MemberData(nameof(BatchNumbers))]
    public void Mutated_files_fail_only_with_ParquetFormatException(int batch)
    {
        var failures = new List<FuzzFailure>();
        for (var i = 0; i < CasesPerBatch; i++)
        {
            var seed = SeedBase + batch * CasesPerBatch + i;
            var failure = RunCase(seed);
            if (failure is null) continue;
            failures.Add(failure);
            if (failure.Kind == "hang") break; // the runaway case still holds a thread; stop piling on
        }
        if (failures.Count > 0) Assert.Fail(FuzzFailure.Summarize(failures, $"batch {batch} (seeds {SeedBase + batch * CasesPerBatch}..{SeedBase + batch * CasesPerBatch + CasesPerBatch - 1})"));
    }

    /// <summary>
    /// One seed per distinct reader/converter bug the fuzzer has found (absolute seeds; they replay whatever
    /// ETL_FUZZ_SEED_BASE is). They fail until the bug is fixed; keep them afterwards as regression cases.
    /// </summary>
    [Theory]
    [InlineData(87)] // 1 GiB allocated: a page header's uncompressed_page_size (≤ MaxPageSize) is rented before decompressing a 30-byte page
    [InlineData(6412)] // ArgumentOutOfRange in PlainByteArrayDecoder → ShortCopy.Copy: dictionary page num_values larger than its values
    [InlineData(2007055)] // IndexOutOfRange formatting a DECIMAL whose scale is int.MaxValue
    [InlineData(3006151)] // ArgumentOutOfRange formatting a DECIMAL whose scale is negative (-2)
    [InlineData(3014200)] // IndexOutOfRange formatting a DECIMAL whose scale is int.MinValue
    [InlineData(4017283)] // NullReference: FIXED_LEN_BYTE_ARRAY annotated ENUM/UTF8 resolves to String, whose writer reads ByteArrays
    [InlineData(18078)] // ParquetFormatException message spans lines: a schema name with '\n' is echoed unescaped
    public void Known_failures_replay(int seed)
    {
        var failure = RunCase(seed);
        if (failure is not null) Assert.Fail(FuzzFailure.Summarize([failure], $"seed {seed}"));
    }

    /// <summary>Cases that timed out: they keep running (a thread cannot be aborted) and allocate in the background.</summary>
    private static readonly List<Task> Runaways = [];

    /// <summary>Runs one fuzz case; returns null when the reader behaved (succeeded or threw a clean ParquetFormatException).</summary>
    public static FuzzFailure? RunCase(int seed)
    {
        var rng = new Random(seed);
        var mutant = Mutator.Make(rng);
        var verifyChecksums = rng.Next(2) == 0;
        var profile = seed % 4 == 0;
        var context = $"seed {seed}, file {mutant.File}, {mutant.Length} bytes, VerifyChecksums={verifyChecksums}, mutation: {mutant.Description}";
        var before = GC.GetTotalAllocatedBytes(precise: false);
        using var cancel = new CancellationTokenSource();
        // The meter flows (ExecutionContext) into every task the case starts, so rentals are attributed to this case only.
        var meter = new CaseMeter();
        CaseMeter.Current.Value = meter;
        var task = Task.Run(() => Execute(mutant.Bytes, verifyChecksums, profile, cancel.Token));
        CaseMeter.Current.Value = null;
        bool finished;
        try
        {
            finished = task.Wait(CaseTimeout);
        }
        catch (AggregateException e)
        {
            var inner = e.InnerExceptions[0];
            return new FuzzFailure(seed, mutant.File, context, inner.GetType().FullName!, FuzzFailure.TopFrame(inner), inner.ToString());
        }
        if (!finished)
        {
            cancel.Cancel();
            lock (Runaways) Runaways.Add(task);
            return new FuzzFailure(seed, mutant.File, context, "hang", $"did not finish within {CaseTimeout.TotalSeconds} s", "(still running)");
        }
        var (badMessage, threadAllocated) = task.Result;
        // Process-wide allocations are this case's alone unless a timed-out case is still running; then only the
        // case's own thread can be measured.
        bool runawayAlive;
        lock (Runaways) runawayAlive = Runaways.Exists(t => !t.IsCompleted);
        var allocated = runawayAlive ? threadAllocated : GC.GetTotalAllocatedBytes(precise: false) - before;
        if (allocated > MaxAllocatedBytesPerCase)
            return new FuzzFailure(seed, mutant.File, context, "memory", $"allocated {allocated / (1024 * 1024)} MB (limit {MaxAllocatedBytesPerCase / (1024 * 1024)} MB)", badMessage ?? "");
        // A buffer rented from ArrayPool.Shared is allocated only the first time: later cases get the pooled one back,
        // so rentals are watched separately (ArrayPoolEventSource), or the finding would depend on the order of cases.
        if (meter.LargestRental > MaxAllocatedBytesPerCase)
            return new FuzzFailure(seed, mutant.File, context, "memory", $"rented a {meter.LargestRental / (1024 * 1024)} MB buffer from ArrayPool (limit {MaxAllocatedBytesPerCase / (1024 * 1024)} MB)", badMessage ?? "");
        if (badMessage is not null)
            return new FuzzFailure(seed, mutant.File, context, "multi-line message", "ParquetFormatException.Message spans lines", badMessage);
        return null;
    }

    /// <summary>
    /// Reads every column, converts, maybe profiles. Returns a multi-line ParquetFormatException message if one was
    /// seen, and the bytes this thread allocated.
    /// </summary>
    private static (string? BadMessage, long ThreadAllocated) Execute(byte[] data, bool verifyChecksums, bool profile, CancellationToken cancellationToken)
    {
        var start = GC.GetAllocatedBytesForCurrentThread();
        var read = new ParquetReadOptions { VerifyChecksums = verifyChecksums };
        string? badMessage = null;
        void Stage(Action action)
        {
            try
            {
                action();
            }
            catch (ParquetFormatException e)
            {
                if (e.Message.AsSpan().IndexOfAny('\n', '\r') >= 0) badMessage ??= e.Message;
            }
        }
        Stage(() =>
        {
            using var reader = new ParquetFileReader(new MemoryStream(data, writable: false), leaveOpen: false, read);
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var group = reader.RowGroup(g);
                for (var c = 0; c < reader.Schema.Columns.Count; c++) group.ReadColumn(c);
            }
        });
        Stage(() => ParquetToJson.Convert(new MemoryStream(data, writable: false), Stream.Null, JsonOutputFormat.Ndjson,
            new ParquetToJsonOptions { Parallelism = 1, Read = read }, cancellationToken));
        if (profile) Stage(() => ParquetProfiler.Profile(new MemoryStream(data, writable: false), cancellationToken: cancellationToken));
        return (badMessage, GC.GetAllocatedBytesForCurrentThread() - start);
    }
}

/// <summary>
/// The largest ArrayPool rental of one case, from the runtime's ArrayPoolEventSource. The current case's meter is
/// an AsyncLocal, so it follows the case into the tasks it starts and a timed-out case cannot blur later ones.
/// </summary>
internal sealed class CaseMeter
{
    public static readonly AsyncLocal<CaseMeter?> Current = new();
    private static readonly Listener Instance = new();
    private long _largestRental;

    public CaseMeter() => GC.KeepAlive(Instance);

    public long LargestRental => Interlocked.Read(ref _largestRental);

    private void Rented(long size)
    {
        long seen;
        while (size > (seen = Interlocked.Read(ref _largestRental)) && Interlocked.CompareExchange(ref _largestRental, size, seen) != seen)
        {
        }
    }

    private sealed class Listener : System.Diagnostics.Tracing.EventListener
    {
        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
        {
            if (source.Name == "System.Buffers.ArrayPoolEventSource")
                EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose);
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
        {
            // BufferRented(bufferId, bufferSize, poolId, bucketId) and BufferAllocated(bufferId, bufferSize, …), raised on the renting thread.
            if (e.EventName is not ("BufferRented" or "BufferAllocated") || e.Payload is not { Count: > 1 } payload) return;
            Current.Value?.Rented(System.Convert.ToInt64(payload[1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>One misbehaving case.</summary>
public sealed record FuzzFailure(int Seed, string File, string Context, string Kind, string Frame, string Detail)
{
    /// <summary>The first frame in project code (and the very top frame when that is in the runtime).</summary>
    public static string TopFrame(Exception e)
    {
        var frames = new StackTrace(e, fNeedFileInfo: true).GetFrames();
        static string Describe(StackFrame f)
        {
            var m = f.GetMethod();
            var where = f.GetFileName() is { } file ? $" ({Path.GetFileName(file)}:{f.GetFileLineNumber()})" : "";
            return $"{m?.DeclaringType?.FullName}.{m?.Name}{where}";
        }
        if (frames.Length == 0) return "(no frames)";
        var own = frames.FirstOrDefault(f => f.GetMethod()?.DeclaringType?.FullName?.StartsWith("Etl.", StringComparison.Ordinal) == true);
        var top = Describe(frames[0]);
        return own is null || own == frames[0] ? top : $"{Describe(own)} [top: {top}]";
    }

    /// <summary>Groups by (kind, frame) — one line per distinct bug with its first seed — then details of each first case.</summary>
    public static string Summarize(IReadOnlyList<FuzzFailure> failures, string scope)
    {
        var sb = new StringBuilder();
        var groups = failures.GroupBy(f => (f.Kind, f.Frame)).ToList();
        sb.Append(Invariant(failures.Count)).Append(" failing case(s), ").Append(groups.Count).Append(" distinct, in ").Append(scope)
          .Append(". Replay one with ReaderFuzzTests.RunCase(seed).\n");
        foreach (var g in groups)
            sb.Append("  - ").Append(g.Key.Kind).Append(" at ").Append(g.Key.Frame).Append(" — ").Append(g.Count()).Append("×, first seed ")
              .Append(g.First().Seed).Append(" (").Append(g.First().File).Append("); seeds: ")
              .Append(string.Join(", ", g.Take(10).Select(f => f.Seed))).Append('\n');
        foreach (var g in groups)
        {
            var f = g.First();
            sb.Append("\n=== ").Append(f.Kind).Append(" — ").Append(f.Context).Append('\n').Append(f.Detail).Append('\n');
        }
        return sb.ToString();
    }

    private static string Invariant(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A mutated file and how it was made.</summary>
internal sealed record Mutant(string File, byte[] Bytes, string Description)
{
    public int Length => Bytes.Length;
}

/// <summary>Derives one mutated file from a seeded <see cref="Random"/>: at most one layout-targeted edit, then up to two blind ones.</summary>
internal static class Mutator
{
    private static readonly byte[] InterestingBytes = [0x00, 0xFF, 0x7F, 0x80, 0x81, 0xFE, 0x01, 0x3F, 0x40, 0xC0];

    private static readonly long[] AbsurdSigned =
    [
        0, -1, 1, 2, short.MaxValue, int.MaxValue, int.MinValue, (long)int.MaxValue + 1, uint.MaxValue, 1L << 40,
        long.MaxValue, long.MinValue, 64L * 1024 * 1024, 1024L * 1024 * 1024, int.MaxValue / 2, -2,
    ];

    private static readonly ulong[] AbsurdUnsigned =
    [
        0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 1UL << 35, long.MaxValue, ulong.MaxValue, 1 << 20, 1 << 28, 1 << 30,
    ];

    private static readonly int[] AbsurdInt32 =
    [
        0, -1, 1, int.MaxValue, int.MinValue, 1 << 30, 1 << 28, 0x7FFF_FFF0, 256 * 1024 * 1024, 256 * 1024 * 1024 + 1, 65536,
    ];

    public static Mutant Make(Random rng)
    {
        var file = FuzzCorpus.Pick(rng);
        var data = file.Bytes;
        var steps = new List<string>();
        var targeted = rng.Next(100);
        if (targeted < 60)
        {
            data = Targeted(rng, file, data, steps);
        }
        var blind = targeted < 60 ? (rng.Next(3) == 0 ? 1 : 0) : 1 + (rng.Next(4) == 0 ? 1 : 0);
        for (var i = 0; i < blind; i++) data = Blind(rng, file, data, steps);
        return new Mutant(file.Name, data, string.Join("; ", steps));
    }

    /// <summary>Edits a field the layout analysis located: footer varints, page header varints, footer length, level-length prefixes.</summary>
    private static byte[] Targeted(Random rng, CorpusFile file, byte[] original, List<string> steps)
    {
        var choice = rng.Next(100);
        if (choice < 40) return ReplaceVarint(rng, original, file.FooterSites, file, inFooter: true, steps);
        if (choice < 72 && file.PageHeaderSites.Count > 0) return ReplaceVarint(rng, original, file.PageHeaderSites, file, inFooter: false, steps);
        if (choice < 85 && file.LevelPrefixes.Count > 0)
        {
            var data = (byte[])original.Clone();
            var at = file.LevelPrefixes[rng.Next(file.LevelPrefixes.Count)];
            var old = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(at));
            var value = rng.Next(4) == 0 ? old + rng.Next(-3, 4) : rng.Next(5) == 0 ? rng.Next() : AbsurdInt32[rng.Next(AbsurdInt32.Length)];
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(at), value);
            steps.Add($"level-length prefix @{at}: {old} → {value}");
            return data;
        }
        {
            var data = (byte[])original.Clone();
            var at = data.Length - 8;
            var old = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(at));
            int value = rng.Next(6) switch
            {
                0 => old + rng.Next(-16, 17),
                1 => data.Length - 8,
                2 => data.Length - 12 + rng.Next(0, 8),
                3 => rng.Next(),
                _ => AbsurdInt32[rng.Next(AbsurdInt32.Length)],
            };
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(at), value);
            steps.Add($"footer length @{at}: {old} → {value}");
            return data;
        }
    }

    private static byte[] ReplaceVarint(Random rng, byte[] original, IReadOnlyList<VarintSite> sites, CorpusFile file, bool inFooter, List<string> steps)
    {
        var site = sites[rng.Next(sites.Count)];
        var (oldValue, _) = ReadVarint(original, site.Offset);
        ulong raw;
        string shown;
        if (site.Kind == SiteKind.ZigZag)
        {
            var old = (long)(oldValue >> 1) ^ -(long)(oldValue & 1);
            var value = rng.Next(4) == 0 ? old + rng.Next(-2, 3) : rng.Next(6) == 0 ? rng.NextInt64(long.MinValue, long.MaxValue) : AbsurdSigned[rng.Next(AbsurdSigned.Length)];
            raw = (ulong)((value << 1) ^ (value >> 63));
            shown = $"{old} → {value}";
        }
        else
        {
            var value = rng.Next(4) == 0 ? oldValue + (ulong)rng.Next(1, 3) : rng.Next(5) == 0 && oldValue > 0 ? oldValue - 1 : AbsurdUnsigned[rng.Next(AbsurdUnsigned.Length)];
            raw = value;
            shown = $"{oldValue} → {value}";
        }
        Span<byte> encoded = stackalloc byte[10];
        var length = WriteVarint(raw, encoded);
        var data = new byte[original.Length - site.Length + length];
        original.AsSpan(0, site.Offset).CopyTo(data);
        encoded[..length].CopyTo(data.AsSpan(site.Offset));
        original.AsSpan(site.Offset + site.Length).CopyTo(data.AsSpan(site.Offset + length));
        var where = inFooter ? "footer" : "page header";
        if (inFooter)
        {
            // Keep the footer decodable as a whole: its length field follows the edit.
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(data.Length - 8), file.FooterLength - site.Length + length);
        }
        steps.Add($"{where} varint @{site.Offset} (field {site.FieldId}, {site.Kind}): {shown}");
        return data;
    }

    /// <summary>Edits that know nothing of the layout.</summary>
    private static byte[] Blind(Random rng, CorpusFile file, byte[] data, List<string> steps)
    {
        if (data.Length == 0) return data;
        var choice = rng.Next(100);
        if (choice < 25)
        {
            var copy = (byte[])data.Clone();
            var flips = rng.Next(1, 9);
            var where = new List<string>();
            for (var i = 0; i < flips; i++)
            {
                var at = Position(rng, file, copy.Length);
                var bit = rng.Next(8);
                copy[at] ^= (byte)(1 << bit);
                where.Add($"{at}.{bit}");
            }
            steps.Add($"bit flips at {string.Join(",", where)}");
            return copy;
        }
        if (choice < 42)
        {
            var copy = (byte[])data.Clone();
            var count = rng.Next(1, 5);
            var where = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var at = Position(rng, file, copy.Length);
                copy[at] = InterestingBytes[rng.Next(InterestingBytes.Length)];
                where.Add($"{at}=0x{copy[at]:X2}");
            }
            steps.Add($"bytes {string.Join(",", where)}");
            return copy;
        }
        if (choice < 50)
        {
            // A run of varint continuation bytes: whatever varint starts here never ends (or ends huge).
            var copy = (byte[])data.Clone();
            var at = Position(rng, file, copy.Length);
            var run = Math.Min(rng.Next(1, 12), copy.Length - at);
            for (var i = 0; i < run; i++) copy[at + i] = rng.Next(2) == 0 ? (byte)0xFF : (byte)(0x80 | rng.Next(128));
            steps.Add($"continuation run of {run} at {at}");
            return copy;
        }
        if (choice < 56)
        {
            var cut = rng.Next(data.Length);
            steps.Add($"truncate to {cut}");
            return data[..cut];
        }
        if (choice < 63)
        {
            // Cut the data but keep the footer: every offset past the cut now points beyond the file or into the footer.
            var tail = Math.Min(data.Length, file.FooterLength + 8);
            var keep = rng.Next(Math.Max(1, data.Length - tail));
            steps.Add($"truncate data to {keep} keeping the last {tail} bytes");
            return [.. data.AsSpan(0, keep), .. data.AsSpan(data.Length - tail)];
        }
        if (choice < 78)
        {
            var donor = rng.Next(3) == 0 ? file.Bytes : FuzzCorpus.Files[rng.Next(FuzzCorpus.Files.Count)].Bytes;
            var length = Math.Min(donor.Length, rng.Next(1, rng.Next(2) == 0 ? 16 : 512));
            var from = rng.Next(donor.Length - length + 1);
            var at = Position(rng, file, data.Length);
            if (rng.Next(2) == 0)
            {
                var copy = (byte[])data.Clone();
                var n = Math.Min(length, copy.Length - at);
                donor.AsSpan(from, n).CopyTo(copy.AsSpan(at));
                steps.Add($"splice (overwrite) {n} bytes from {(donor == file.Bytes ? "itself" : "another file")} @{from} to {at}");
                return copy;
            }
            steps.Add($"splice (insert) {length} bytes from {(donor == file.Bytes ? "itself" : "another file")} @{from} at {at}");
            return [.. data.AsSpan(0, at), .. donor.AsSpan(from, length), .. data.AsSpan(at)];
        }
        if (choice < 89)
        {
            var at = rng.Next(data.Length);
            var length = Math.Min(data.Length - at, rng.Next(1, rng.Next(2) == 0 ? 16 : 1024));
            var to = rng.Next(2) == 0 ? at + length : rng.Next(data.Length + 1);
            steps.Add($"duplicate {length} bytes @{at} at {to}");
            return [.. data.AsSpan(0, to), .. data.AsSpan(at, length), .. data.AsSpan(to)];
        }
        {
            var at = rng.Next(data.Length);
            var length = Math.Min(data.Length - at, rng.Next(1, rng.Next(2) == 0 ? 16 : 1024));
            steps.Add($"delete {length} bytes @{at}");
            return [.. data.AsSpan(0, at), .. data.AsSpan(at + length)];
        }
    }

    /// <summary>Half the time anywhere, otherwise in the metadata: the footer or a page header.</summary>
    private static int Position(Random rng, CorpusFile file, int length)
    {
        int at;
        switch (rng.Next(4))
        {
            case 0:
                at = file.FooterStart + rng.Next(file.FooterLength + 8);
                break;
            case 1 when file.PageHeaderSites.Count > 0:
                var site = file.PageHeaderSites[rng.Next(file.PageHeaderSites.Count)];
                at = site.Offset + rng.Next(-8, 8);
                break;
            default:
                at = rng.Next(length);
                break;
        }
        return Math.Clamp(at, 0, length - 1);
    }

    public static (ulong Value, int Length) ReadVarint(byte[] data, int at)
    {
        ulong value = 0;
        for (var i = 0; i < 10 && at + i < data.Length; i++)
        {
            value |= (ulong)(data[at + i] & 0x7F) << (7 * i);
            if ((data[at + i] & 0x80) == 0) return (value, i + 1);
        }
        return (value, 10);
    }

    private static int WriteVarint(ulong value, Span<byte> output)
    {
        var n = 0;
        while (value >= 0x80)
        {
            output[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        output[n++] = (byte)value;
        return n;
    }
}

internal enum SiteKind
{
    /// <summary>A zigzag-encoded i16/i32/i64 field value.</summary>
    ZigZag,
    /// <summary>An unsigned varint: a binary length, a list or map size.</summary>
    Unsigned,
}

/// <summary>Where a varint sits in the file.</summary>
internal readonly record struct VarintSite(int Offset, int Length, SiteKind Kind, short FieldId);

/// <summary>A corpus file, its bytes and where its metadata fields are.</summary>
internal sealed class CorpusFile
{
    public required string Name { get; init; }
    public required byte[] Bytes { get; init; }
    public required int FooterStart { get; init; }
    public required int FooterLength { get; init; }
    public required List<VarintSite> FooterSites { get; init; }
    public required List<VarintSite> PageHeaderSites { get; init; }
    /// <summary>Offsets of the 4-byte length prefixes of RLE level sections in uncompressed v1 data pages.</summary>
    public required List<int> LevelPrefixes { get; init; }
    /// <summary>Relative chance of being picked: large files are slow to decode, so they are picked less often.</summary>
    public double Weight => Bytes.Length <= 100_000 ? 1.0 : 0.05;
}

internal static class FuzzCorpus
{
    private static readonly Lazy<IReadOnlyList<CorpusFile>> Loaded = new(Load);
    private static readonly Lazy<double[]> Cumulative = new(() =>
    {
        var sums = new double[Files.Count];
        double total = 0;
        for (var i = 0; i < sums.Length; i++) sums[i] = total += Files[i].Weight;
        return sums;
    });

    public static IReadOnlyList<CorpusFile> Files => Loaded.Value;

    public static CorpusFile Pick(Random rng)
    {
        var sums = Cumulative.Value;
        var x = rng.NextDouble() * sums[^1];
        var i = Array.BinarySearch(sums, x);
        if (i < 0) i = ~i;
        return Files[Math.Min(i, Files.Count - 1)];
    }

    private static List<CorpusFile> Load()
    {
        using var manifest = JsonDocument.Parse(System.IO.File.ReadAllBytes(TestFiles.ParquetTesting("MANIFEST.json")));
        var names = new List<string>();
        foreach (var entry in manifest.RootElement.GetProperty("files").EnumerateArray())
        {
            var name = entry.GetProperty("name").GetString()!;
            var readable = entry.TryGetProperty("expected", out var e) && e.ValueKind == JsonValueKind.String;
            if (readable || name.StartsWith("extra/", StringComparison.Ordinal)) names.Add(name);
        }
        // Manifest order is stable, so a seed always picks the same file.
        return [.. names.Select(n => Analyse(n, System.IO.File.ReadAllBytes(TestFiles.ParquetTesting(n))))];
    }

    private static CorpusFile Analyse(string name, byte[] bytes)
    {
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        var footerStart = bytes.Length - 8 - footerLength;
        var footerSites = ThriftScanner.Scan(bytes, footerStart, footerStart + footerLength);
        var headerSites = new List<VarintSite>();
        var prefixes = new List<int>();
        try
        {
            using var reader = new ParquetFileReader(new MemoryStream(bytes), leaveOpen: false, new ParquetReadOptions { VerifyChecksums = false });
            foreach (var group in reader.Metadata.RowGroups)
            {
                for (var c = 0; c < group.Columns.Count; c++)
                {
                    if (group.Columns[c].MetaData is not { } meta) continue;
                    var column = reader.Schema.Columns[c];
                    long pos = meta.DictionaryPageOffset is { } d && d >= 4 && d < meta.DataPageOffset ? d : meta.DataPageOffset;
                    long values = 0;
                    while (pos >= 4 && pos < footerStart && values < meta.NumValues)
                    {
                        if (!PageHeaderDecoder.TryDecode(bytes.AsSpan((int)pos, footerStart - (int)pos), out var header, out var consumed)) break;
                        headerSites.AddRange(ThriftScanner.Scan(bytes, (int)pos, (int)pos + consumed));
                        var body = (int)pos + consumed;
                        if (header.DataPageHeader is { } v1)
                        {
                            values += v1.NumValues;
                            if (meta.Codec == CompressionCodec.Uncompressed && header.Type == PageType.DataPage)
                            {
                                var at = body;
                                if (column.MaxRepetitionLevel > 0 && v1.RepetitionLevelEncoding == Etl.Parquet.Meta.Encoding.Rle && at + 4 <= footerStart)
                                {
                                    prefixes.Add(at);
                                    at += 4 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
                                }
                                if (column.MaxDefinitionLevel > 0 && v1.DefinitionLevelEncoding == Etl.Parquet.Meta.Encoding.Rle && at >= body && at + 4 <= footerStart)
                                    prefixes.Add(at);
                            }
                        }
                        else if (header.DataPageHeaderV2 is { } v2)
                        {
                            values += v2.NumValues;
                        }
                        pos = body + (long)header.CompressedPageSize;
                    }
                }
            }
        }
        catch (ParquetFormatException)
        {
            // A corpus file the reader rejects still gets footer mutations.
        }
        return new CorpusFile
        {
            Name = name,
            Bytes = bytes,
            FooterStart = footerStart,
            FooterLength = footerLength,
            FooterSites = footerSites,
            PageHeaderSites = headerSites,
            LevelPrefixes = prefixes,
        };
    }
}

/// <summary>Walks a Thrift compact-protocol struct and records where every integer, length and size varint is.</summary>
internal sealed class ThriftScanner
{
    private readonly byte[] _data;
    private readonly int _end;
    private readonly List<VarintSite> _sites = [];
    private int _pos;

    private ThriftScanner(byte[] data, int start, int end)
    {
        _data = data;
        _pos = start;
        _end = end;
    }

    /// <summary>Sites found in the struct at [start, end); a malformed tail just ends the scan.</summary>
    public static List<VarintSite> Scan(byte[] data, int start, int end)
    {
        var scanner = new ThriftScanner(data, start, end);
        scanner.Struct(0);
        return scanner._sites;
    }

    private bool Struct(int depth)
    {
        if (depth > 32) return false;
        short last = 0;
        while (_pos < _end)
        {
            var b = _data[_pos++];
            if (b == 0) return true;
            var type = b & 0x0F;
            var delta = b >> 4;
            short id;
            if (delta != 0)
            {
                id = (short)(last + delta);
            }
            else
            {
                if (!Varint(out var raw, out _)) return false;
                id = (short)((long)(raw >> 1) ^ -(long)(raw & 1));
            }
            last = id;
            if (!Value(type, depth, id)) return false;
        }
        return false;
    }

    private bool Value(int type, int depth, short id)
    {
        switch (type)
        {
            case 1:
            case 2:
                return true;
            case 3:
                return ++_pos <= _end;
            case 4:
            case 5:
            case 6:
            {
                var start = _pos;
                if (!Varint(out _, out var n)) return false;
                _sites.Add(new VarintSite(start, n, SiteKind.ZigZag, id));
                return true;
            }
            case 7:
                _pos += 8;
                return _pos <= _end;
            case 8:
            {
                var start = _pos;
                if (!Varint(out var length, out var n)) return false;
                _sites.Add(new VarintSite(start, n, SiteKind.Unsigned, id));
                if (length > (ulong)(_end - _pos)) return false;
                _pos += (int)length;
                return true;
            }
            case 9:
            case 10:
            {
                if (_pos >= _end) return false;
                var header = _data[_pos++];
                var size = (ulong)(header >> 4);
                var element = header & 0x0F;
                if (size == 15)
                {
                    var start = _pos;
                    if (!Varint(out size, out var n)) return false;
                    _sites.Add(new VarintSite(start, n, SiteKind.Unsigned, id));
                }
                if (size > (ulong)(_end - _pos)) return false;
                for (ulong i = 0; i < size; i++)
                {
                    if (!Element(element, depth, id)) return false;
                }
                return true;
            }
            case 11:
            {
                var start = _pos;
                if (!Varint(out var size, out var n)) return false;
                _sites.Add(new VarintSite(start, n, SiteKind.Unsigned, id));
                if (size == 0) return true;
                if (_pos >= _end || size > (ulong)(_end - _pos)) return false;
                var types = _data[_pos++];
                for (ulong i = 0; i < size; i++)
                {
                    if (!Element(types >> 4, depth, id) || !Element(types & 0x0F, depth, id)) return false;
                }
                return true;
            }
            case 12:
                return Struct(depth + 1);
            default:
                return false;
        }
    }

    private bool Element(int type, int depth, short id) => type is 1 or 2 ? ++_pos <= _end : Value(type, depth, id);

    private bool Varint(out ulong value, out int length)
    {
        value = 0;
        for (length = 1; length <= 10 && _pos < _end; length++)
        {
            var b = _data[_pos++];
            value |= (ulong)(b & 0x7F) << (7 * (length - 1));
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }
}
