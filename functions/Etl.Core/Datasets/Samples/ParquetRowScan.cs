using System.Buffers;
using System.Text.Json.Nodes;
using Etl.Core.Convert;
using Etl.Parquet.File;

namespace Etl.Core.Datasets.Samples;

/// <summary>
/// Reads the first rows of a Parquet file as JSON objects (the conversion's own rendering of each value), handing each
/// to a visitor until it has seen enough or <c>maxRows</c> rows were read. For a handful of sample rows, not for bulk
/// reading: each row becomes a <see cref="JsonObject"/>.
/// </summary>
internal static class ParquetRowScan
{
    /// <param name="parquet">A seekable Parquet stream; left open.</param>
    /// <param name="maxRows">The most rows read.</param>
    /// <param name="read">Reader settings (the decode budget of a row group); null = the codec's defaults.</param>
    /// <param name="visit">Gets each row; returns false to stop.</param>
    public static void Scan(Stream parquet, long maxRows, ParquetReadOptions? read, Func<JsonObject, bool> visit, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sink = new RowSink(row =>
        {
            if (!visit(row)) stop.Cancel();
        }, stop);
        try
        {
            ParquetToJson.Convert(parquet, sink, JsonOutputFormat.Ndjson,
                new ParquetToJsonOptions { MaxRows = maxRows, Parallelism = 1, Read = read }, stop.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The visitor had enough.
        }
    }

    /// <summary>A write-only stream that cuts NDJSON into lines and parses each into a row.</summary>
    private sealed class RowSink(Action<JsonObject> row, CancellationTokenSource stop) : Stream
    {
        private readonly ArrayBufferWriter<byte> _line = new();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty && !stop.IsCancellationRequested)
            {
                var end = buffer.IndexOf((byte)'\n');
                if (end < 0)
                {
                    _line.Write(buffer);
                    return;
                }

                ReadOnlySpan<byte> text;
                if (_line.WrittenCount == 0)
                {
                    text = buffer[..end];
                }
                else
                {
                    _line.Write(buffer[..end]);
                    text = _line.WrittenSpan;
                }

                if (!text.IsEmpty && JsonNode.Parse(text) is JsonObject parsed) row(parsed);
                _line.Clear();
                buffer = buffer[(end + 1)..];
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
