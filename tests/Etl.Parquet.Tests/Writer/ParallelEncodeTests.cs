using System.Diagnostics;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using Xunit.Abstractions;

namespace Etl.Parquet.Tests.Writer;

/// <summary>
/// Parallel encoding of a row group's column chunks (<see cref="ParquetWriterOptions.EncodeParallelism"/>): the
/// file must be byte for byte the one the sequential path writes, and a failure on any thread must surface from
/// <see cref="ParquetFileWriter.WriteRowGroup"/> with no encoding left running.
/// </summary>
public class ParallelEncodeTests(ITestOutputHelper output)
{
    private static readonly int[] Parallelisms = [2, 3, 8];

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    /// <summary>One row group's batches, shredded once and handed to every writer (writers do not clear them).</summary>
    private sealed record Group(ColumnBatch[] Batches, long Rows);

    [Fact]
    public void Random_schemas_write_the_same_bytes_with_every_row_group_in_parallel()
    {
        // Threshold 0: even a row group of one row goes through the parallel path, so the random schemas and
        // options of the property test (every type, nesting, codec, page version, fallback) all meet it.
        var clock = Stopwatch.StartNew();
        int cases = 0, parallel = 0;
        for (int seed = 1; seed <= 2000 && clock.Elapsed < Budget; seed++)
        {
            var generated = PropertyTests.Generate(seed);
            parallel += AssertSameBytes(generated.Schema, generated.Options, Shred(generated), threshold: 0, generated.Description);
            cases++;
        }
        output.WriteLine($"{cases} cases, {parallel} row groups in parallel, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(cases >= 200, $"only {cases} cases ran");
        Assert.True(parallel >= 100, $"only {parallel} row groups were encoded in parallel");
    }

    [Fact]
    public void Larger_random_row_groups_write_the_same_bytes_at_the_default_threshold()
    {
        var clock = Stopwatch.StartNew();
        int cases = 0, parallel = 0;
        for (int seed = 1; seed <= 60 && clock.Elapsed < Budget; seed++)
        {
            var generated = PropertyTests.Generate(seed, rowScale: 150);
            parallel += AssertSameBytes(generated.Schema, generated.Options, Shred(generated), threshold: null, generated.Description);
            cases++;
        }
        output.WriteLine($"{cases} cases, {parallel} row groups in parallel, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(parallel >= 5, $"only {parallel} row groups were encoded in parallel");
    }

    public static TheoryData<CompressionCodec, bool, bool, int, int> KitchenSinkOptions => new()
    {
        // codec, dictionary, statistics, data page version, page bytes
        { CompressionCodec.Snappy, true, true, 1, 1024 * 1024 },
        { CompressionCodec.Snappy, false, true, 2, 4096 },
        { CompressionCodec.Uncompressed, true, false, 1, 1024 * 1024 },
        { CompressionCodec.Zstd, true, true, 2, 16 * 1024 },
        { CompressionCodec.Gzip, false, false, 1, 1024 * 1024 },
        { CompressionCodec.Lz4Raw, true, true, 1, 2048 },
        { CompressionCodec.Brotli, true, true, 2, 1024 * 1024 },
    };

    [Theory]
    [MemberData(nameof(KitchenSinkOptions))]
    public void Kitchen_sink_writes_the_same_bytes_in_parallel(CompressionCodec codec, bool dictionary, bool statistics, int pageVersion, int pageBytes)
    {
        var schema = KitchenSink.Schema();
        // Two large row groups around a small one: the small one stays on the calling thread (default threshold).
        var groups = new[] { KitchenSinkGroup(schema, 0, 12_000), KitchenSinkGroup(schema, 12_000, 9), KitchenSinkGroup(schema, 12_009, 7_000) };
        var options = new ParquetWriterOptions
        {
            Compression = codec,
            Dictionary = dictionary,
            Statistics = statistics,
            DataPageVersion = pageVersion,
            PageBytes = pageBytes,
            // "grow" outgrows it part-way, so some chunks fall back from the dictionary mid-chunk.
            DictionaryBytesLimit = 16 * 1024,
        };
        int parallel = AssertSameBytes(schema, options, groups, threshold: null, $"{codec} dictionary {dictionary} statistics {statistics} v{pageVersion} pages {pageBytes}");
        Assert.Equal(2 * Parallelisms.Length, parallel);
    }

    [Fact]
    public void Parallel_file_reads_back()
    {
        var schema = KitchenSink.Schema();
        var records = Enumerable.Range(0, 5_000).Select(KitchenSink.Record).ToArray();
        var file = WriterTest.RoundTrip(schema, new ParquetWriterOptions { EncodeParallelism = 4 }, records, records[..10], records);
        using var reader = WriterTest.Open(file);
        Assert.Equal(3, reader.RowGroupCount);
        long previousEnd = 4;
        foreach (var group in reader.Metadata.RowGroups)
        {
            Assert.Equal(previousEnd, group.FileOffset);
            foreach (var chunk in group.Columns)
            {
                var meta = chunk.MetaData!;
                Assert.Equal(previousEnd, chunk.FileOffset);
                Assert.Equal(previousEnd, meta.DictionaryPageOffset ?? meta.DataPageOffset);
                WriterTest.Pages(file, meta);
                previousEnd += meta.TotalCompressedSize;
            }
        }
    }

    [Fact]
    public void An_output_error_while_copying_chunks_surfaces_and_stops_the_writer()
    {
        var schema = KitchenSink.Schema();
        var first = KitchenSinkGroup(schema, 0, 3_000);
        var second = KitchenSinkGroup(schema, 3_000, 3_000);
        var options = new ParquetWriterOptions { EncodeParallelism = 4 };
        long firstEnd;
        using (var probe = new ParquetFileWriter(new MemoryStream(), schema, options))
        {
            probe.WriteRowGroup(first.Batches, first.Rows);
            firstEnd = probe.BytesWritten;
        }

        var stream = new FailingStream(failAfter: firstEnd + 5_000);
        using var writer = new ParquetFileWriter(stream, schema, options, leaveOpen: true);
        writer.ParallelThreshold = 0;
        writer.WriteRowGroup(first.Batches, first.Rows);
        Assert.Throws<IOException>(() => writer.WriteRowGroup(second.Batches, second.Rows));
        Assert.Equal(0, writer.RunningHelpers);
        Assert.Equal(1, writer.ParallelRowGroups);
        Assert.Throws<InvalidOperationException>(() => writer.WriteRowGroup(first.Batches, first.Rows));
        Assert.Throws<InvalidOperationException>(() => writer.Close());
        // Only the calling thread ever writes to the output.
        Assert.Equal(Environment.CurrentManagedThreadId, Assert.Single(stream.Writers));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void A_column_whose_encoding_throws_fails_the_row_group(int parallelism)
    {
        var schema = KitchenSink.Schema();
        var group = KitchenSinkGroup(schema, 0, 3_000);
        // A caller bug the batch checks do not catch: a corrupt offset makes one value of "note" run past the data.
        int note = Array.FindIndex(group.Batches, b => b.Column.DottedPath == "note");
        group.Batches[note].ByteArrays.Offsets[1_000] = int.MaxValue;
        var stream = new MemoryStream();
        using var writer = new ParquetFileWriter(stream, schema, new ParquetWriterOptions { EncodeParallelism = parallelism }, leaveOpen: true);
        writer.ParallelThreshold = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteRowGroup(group.Batches, group.Rows));
        Assert.Equal(0, writer.RunningHelpers);
        Assert.Throws<InvalidOperationException>(() => writer.WriteRowGroup(group.Batches, group.Rows));
    }

    [Fact]
    public void Every_column_failing_at_once_surfaces_one_exception()
    {
        var schema = KitchenSink.Schema();
        var group = KitchenSinkGroup(schema, 0, 2_000);
        // Out of GZIP's range: every worker fails in its first page at about the same time.
        var options = new ParquetWriterOptions { Compression = CompressionCodec.Gzip, CompressionLevel = 42, EncodeParallelism = 8 };
        for (int attempt = 0; attempt < 20; attempt++)
        {
            using var writer = new ParquetFileWriter(new MemoryStream(), schema, options);
            writer.ParallelThreshold = 0;
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteRowGroup(group.Batches, group.Rows));
            Assert.Equal(0, writer.RunningHelpers);
            Assert.Throws<InvalidOperationException>(() => writer.WriteRowGroup(group.Batches, group.Rows));
        }
    }

    [Fact]
    public void Negative_parallelism_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new ParquetFileWriter(new MemoryStream(), KitchenSink.Schema(), new ParquetWriterOptions { EncodeParallelism = -1 }));
        Assert.Contains("EncodeParallelism", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes <paramref name="groups"/> sequentially and with each of <see cref="Parallelisms"/>, asserts the files
    /// are equal, and returns how many row groups the parallel writers encoded in parallel.
    /// </summary>
    private static int AssertSameBytes(List<SchemaElement> schema, ParquetWriterOptions options, IReadOnlyList<Group> groups, long? threshold, string description)
    {
        var expected = Write(schema, options with { EncodeParallelism = 1 }, groups, threshold, out int sequentialParallel);
        Assert.Equal(0, sequentialParallel);
        int parallel = 0;
        foreach (int workers in Parallelisms)
        {
            var actual = Write(schema, options with { EncodeParallelism = workers }, groups, threshold, out int count);
            parallel += count;
            if (expected.AsSpan().SequenceEqual(actual)) continue;
            int at = expected.AsSpan().CommonPrefixLength(actual);
            Assert.Fail($"{description}: EncodeParallelism {workers} writes {actual.Length} bytes, 1 writes {expected.Length}; first difference at byte {at}");
        }
        return parallel;
    }

    private static byte[] Write(List<SchemaElement> schema, ParquetWriterOptions options, IReadOnlyList<Group> groups, long? threshold, out int parallel)
    {
        var stream = new MemoryStream();
        using var writer = new ParquetFileWriter(stream, schema, options, leaveOpen: true);
        if (threshold is { } t) writer.ParallelThreshold = t;
        foreach (var group in groups)
        {
            writer.WriteRowGroup(group.Batches, group.Rows);
            Assert.Equal(0, writer.RunningHelpers);
        }
        writer.Close();
        parallel = writer.ParallelRowGroups;
        return stream.ToArray();
    }

    private static Group[] Shred(PropertyTests.Case generated)
    {
        var groups = new Group[generated.RowGroups.Length];
        for (int g = 0; g < groups.Length; g++) groups[g] = new Group(WriterTest.Shred(generated.Schema, generated.RowGroups[g]), generated.RowGroups[g].Length);
        return groups;
    }

    private static Group KitchenSinkGroup(List<SchemaElement> schema, int first, int rows) =>
        new(WriterTest.Shred(schema, Enumerable.Range(first, rows).Select(KitchenSink.Record)), rows);

    /// <summary>An output that fails once more than <c>failAfter</c> bytes would have been written, and notes who writes.</summary>
    private sealed class FailingStream(long failAfter) : MemoryStream
    {
        public HashSet<int> Writers { get; } = [];

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (Writers) Writers.Add(Environment.CurrentManagedThreadId);
            if (Length + count > failAfter) throw new IOException("disk full");
            base.Write(buffer, offset, count);
        }
    }
}
