using System.Text;
using Etl.Core.Json;

namespace Etl.Core.Tests.Json;

/// <summary>Blocks of whole lines: together they are the input, in order; each ends at a line end or the input's end.</summary>
public sealed class LineBlockReaderTests
{
    [Fact]
    public void Blocks_are_whole_lines_that_add_up_to_the_input()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var input = RandomLines(random);
            var blockBytes = random.Next(16, 300);
            var reader = new LineBlockReader(new TrickleStream(input, random.Next(1, 50)), blockBytes, maxRecordBytes: 1 << 20);
            var joined = new MemoryStream();
            var bytes = Array.Empty<byte>();
            long expectedOffset = 0;
            while (true)
            {
                var block = reader.Next(ref bytes);
                if (block.Length == 0) break;
                Assert.Equal(expectedOffset, block.Offset);
                Assert.Equal(expectedOffset == 0, block.StartOfInput);
                Assert.False(block.EndsInsideLine);
                var content = bytes.AsSpan(0, block.Length);
                var atEnd = expectedOffset + block.Length == input.Length;
                Assert.True(atEnd || content[^1] == (byte)'\n', $"round {round}: a block ends inside a line");
                joined.Write(content);
                expectedOffset += block.Length;
            }
            Assert.Equal(input, joined.ToArray());
        }
    }

    [Fact]
    public void The_first_block_goes_on_past_leading_blank_lines_to_the_first_record()
    {
        var input = Encoding.UTF8.GetBytes("\uFEFF\n\n   \n\t\n{\"a\":1}\n{\"a\":2}\n");
        var reader = new LineBlockReader(new MemoryStream(input), 16, 1 << 20);
        var bytes = Array.Empty<byte>();
        var first = reader.Next(ref bytes);
        Assert.Contains("{\"a\":1}\n", Encoding.UTF8.GetString(bytes, 0, first.Length), StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_longer_than_the_record_limit_ends_the_blocks()
    {
        var input = Encoding.UTF8.GetBytes("{\"a\":1}\n{\"a\":\"" + new string('x', 5000) + "\"}\n{\"a\":3}\n");
        var reader = new LineBlockReader(new MemoryStream(input), 16, maxRecordBytes: 1000);
        var bytes = Array.Empty<byte>();
        var first = reader.Next(ref bytes);
        Assert.Equal(8, first.Length);
        var second = reader.Next(ref bytes);
        Assert.True(second.EndsInsideLine);
        Assert.InRange(second.Length, 1001, 1002);
        Assert.Equal(0, reader.Next(ref bytes).Length);
    }

    private static byte[] RandomLines(Random random)
    {
        var text = new StringBuilder();
        var lines = random.Next(0, 60);
        for (var i = 0; i < lines; i++)
        {
            text.Append('{').Append(new string('x', random.Next(0, random.Next(2) == 0 ? 20 : 700))).Append('}');
            text.Append(random.Next(4) == 0 ? "\r\n" : "\n");
            if (random.Next(8) == 0) text.Append('\n');
        }
        if (random.Next(2) == 0) text.Append("{\"last\":true}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Returns at most a few bytes per read, as a pipe or a network stream may.</summary>
    private sealed class TrickleStream(byte[] data, int most) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, most));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, most)]);
    }
}
