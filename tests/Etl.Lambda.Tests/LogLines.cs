using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Etl.Lambda.Tests;

/// <summary>Stdout of an in-process function: the lines it wrote, each checked to be one JSON object.</summary>
public sealed class LogLines : TextWriter
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _partial = new();

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Every line parsed; fails the test on a line that is not a JSON object.</summary>
    public IReadOnlyList<JsonElement> Objects => [.. _lines.Select(line =>
    {
        var element = JsonDocument.Parse(line).RootElement;
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        return element;
    })];

    public override void Write(char value)
    {
        lock (_partial)
        {
            if (value == '\n')
            {
                _lines.Enqueue(_partial.ToString().TrimEnd('\r'));
                _partial.Clear();
            }
            else
            {
                _partial.Append(value);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_partial)
        {
            _lines.Enqueue(_partial + (value ?? string.Empty));
            _partial.Clear();
        }
    }
}
