using System.Text;
using Etl.Aws.Storage;
using Etl.Core.Convert;
using Etl.Core.Storage;
using Etl.Parquet.File;


namespace Etl.Aws.Tests;

/// <summary>
/// A Parquet file converted straight from S3 streams through ranged GETs: the first JSON comes out long before the file
/// has been fetched, and the whole conversion fetches each byte about once (counted on the wire).
/// </summary>
[Collection(AwsCollection.Name)]
public sealed class S3StreamingReadTests(AwsEmulators aws)
{
    private const int ReadAhead = 64 * 1024;

    private static byte[] ParquetWithManyRowGroups()
    {
        var random = new Random(11);
        var json = new StringBuilder();
        for (var i = 0; i < 60_000; i++)
        {
            var name = new string(Enumerable.Range(0, 40).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());
            json.Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"id\":{i},\"name\":\"{name}\",\"value\":{random.NextDouble()}}}\n");
        }

        using var parquet = new MemoryStream();
        JsonToParquet.Convert(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json.ToString())), parquet, new JsonToParquetOptions
        {
            Writer = ParquetWriterOptions.Default with { RowGroupRows = 3_000, Compression = Etl.Parquet.Meta.CompressionCodec.Uncompressed, Dictionary = false },
        });
        return parquet.ToArray();
    }

    [Fact]
    public async Task A_parquet_file_converts_from_s3_without_being_downloaded_first()
    {
        var file = ParquetWithManyRowGroups();
        var http = new CountingHttp();
        using var client = aws.S3Client(http: http);
        var store = new S3BlobStore(client, S3Buckets.Single(aws.NewBucket()), readAheadBytes: ReadAhead);
        await store.WriteAsync("uploads/j/big.parquet", file, default);

        var expected = new MemoryStream();
        ParquetToJson.Convert(new MemoryStream(file), expected, JsonOutputFormat.Ndjson);

        var fetchedBefore = http.BytesFetched;
        await using var input = await store.OpenReadAsync("uploads/j/big.parquet", default);
        var output = new FirstWriteProbe(() => http.BytesFetched - fetchedBefore);
        ParquetToJson.Convert(input, output, JsonOutputFormat.Ndjson, new ParquetToJsonOptions { Parallelism = 1 });

        Assert.Equal(expected.ToArray(), output.Content.ToArray());
        var total = http.BytesFetched - fetchedBefore;
        Assert.True(output.FetchedAtFirstWrite < file.Length / 4,
            $"the first JSON came out after {output.FetchedAtFirstWrite} of {file.Length} bytes were fetched");
        // Beyond the file itself: the windows of the magic bytes and of the footer, fetched again when the row groups
        // around them are read, and at most one prefetched window the reader never reached.
        Assert.True(total <= file.Length + 4 * ReadAhead, $"{total} bytes fetched for a {file.Length}-byte file");
        Assert.True(file.Length > 10 * ReadAhead, $"the file ({file.Length} bytes) must span many read-ahead windows");
    }

    [Fact]
    public async Task Opening_a_parquet_file_fetches_two_windows_not_the_file()
    {
        var file = ParquetWithManyRowGroups();
        var http = new CountingHttp();
        using var client = aws.S3Client(http: http);
        var store = new S3BlobStore(client, S3Buckets.Single(aws.NewBucket()), readAheadBytes: ReadAhead);
        await store.WriteAsync("uploads/j/big.parquet", file, default);

        var before = (http.BytesFetched, http.Gets);
        await using (var input = await store.OpenReadAsync("uploads/j/big.parquet", default))
        {
            using var reader = new ParquetFileReader(input, leaveOpen: true);
            Assert.Equal(60_000, reader.Metadata.NumRows);
        }

        // The magic bytes at the start, then the last 8 bytes, whose window (shifted back from the end) holds the footer too.
        Assert.Equal(2, http.Gets - before.Gets);
        Assert.Equal(2 * ReadAhead, http.BytesFetched - before.BytesFetched);
    }

    /// <summary>An output stream that remembers how much had been fetched when the first byte arrived.</summary>
    private sealed class FirstWriteProbe(Func<long> fetched) : Stream
    {
        public MemoryStream Content { get; } = new();

        public long FetchedAtFirstWrite { get; private set; } = -1;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (FetchedAtFirstWrite < 0 && !buffer.IsEmpty) FetchedAtFirstWrite = fetched();
            Content.Write(buffer);
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Content.Length;

        public override long Position { get => Content.Length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
