using System.Text;
using Etl.Core.Convert;
using Etl.Core.Json;

namespace Etl.Core.Tests.Json;

/// <summary>Test data (tests/data/…) and small helpers for the JSON tests.</summary>
internal static class JsonTestData
{
    public static string Samples => TestFiles.In("json-samples");

    public static string TestSuite => TestFiles.In("json-test-suite", "test_parsing");

    public static InferredSchema Infer(string json, JsonReadOptions? read = null) =>
        JsonToParquet.Infer(new MemoryStream(Encoding.UTF8.GetBytes(json)), new JsonToParquetOptions { Read = read ?? new JsonReadOptions() });

    public static InferredSchema Infer(byte[] json, JsonReadOptions? read = null) =>
        JsonToParquet.Infer(new MemoryStream(json), new JsonToParquetOptions { Read = read ?? new JsonReadOptions() });

    public static JsonInputException InferFails(string json, JsonReadOptions? read = null) =>
        Assert.Throws<JsonInputException>(() => Infer(json, read));

    public static JsonInputException InferFails(byte[] json, JsonReadOptions? read = null) =>
        Assert.Throws<JsonInputException>(() => Infer(json, read));

    /// <summary>The report line for <paramref name="path"/>.</summary>
    public static InferredColumn Column(this InferredSchema schema, string path) =>
        schema.Columns().SingleOrDefault(c => c.Path == path)
        ?? throw new Xunit.Sdk.XunitException($"no column '{path}' in [{string.Join(", ", schema.Columns().Select(c => c.Path))}]");

    public static string[] Paths(this InferredSchema schema) => [.. schema.Columns().Select(c => c.Path)];
}

/// <summary>A stream that hands out at most <paramref name="chunk"/> bytes per read, to exercise buffer refills.</summary>
internal sealed class TrickleStream(byte[] data, int chunk) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(Math.Min(count, chunk), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset, n));
        _position += n;
        return n;
    }
}
