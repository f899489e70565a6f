using System.Text;
using Etl.Parquet.Encodings;

namespace Etl.Parquet.Tests.Encodings;

/// <summary><see cref="ByteArrayBuffer.AddRange"/>: any range of another buffer, appended after what is there, reads back value by value.</summary>
public sealed class ByteArrayBufferTests
{
    [Fact]
    public void A_range_of_another_buffer_appends_its_values_in_order()
    {
        var random = new Random(3);
        for (var round = 0; round < 300; round++)
        {
            var source = new ByteArrayBuffer(2, 16);
            var values = new List<string>();
            for (var i = random.Next(0, 40); i > 0; i--)
            {
                var value = new string((char)('a' + random.Next(26)), random.Next(0, 30));
                values.Add(value);
                source.Add(Encoding.ASCII.GetBytes(value));
            }
            var target = new ByteArrayBuffer(1, 16);
            var expected = new List<string>();
            for (var i = random.Next(0, 5); i > 0; i--)
            {
                target.Add("xyz"u8);
                expected.Add("xyz");
            }
            var start = random.Next(0, values.Count + 1);
            var count = random.Next(0, values.Count - start + 1);
            target.AddRange(source, start, count);
            expected.AddRange(values.GetRange(start, count));
            Assert.Equal(expected.Count, target.Count);
            for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i], Encoding.ASCII.GetString(target[i]));
            Assert.Equal(expected.Sum(v => v.Length), target.ByteLength);
        }
    }

    [Fact]
    public void A_range_outside_the_source_or_of_the_buffer_itself_is_refused()
    {
        var buffer = new ByteArrayBuffer();
        buffer.Add("a"u8);
        var other = new ByteArrayBuffer();
        Assert.Throws<ArgumentOutOfRangeException>(() => other.AddRange(buffer, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => other.AddRange(buffer, -1, 1));
        Assert.Throws<ArgumentException>(() => buffer.AddRange(buffer, 0, 1));
        Assert.Equal(0, other.Count);
    }
}
