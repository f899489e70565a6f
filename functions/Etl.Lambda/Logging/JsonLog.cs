using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Etl.Lambda.Logging;

/// <summary>
/// The function's log: one JSON object per line on stdout (CloudWatch Logs keeps each line as one event and Logs
/// Insights reads the fields): timestamp, level, message, requestId, jobId and stage where known, then extra fields.
/// </summary>
public sealed class JsonLog(TextWriter output, TimeProvider time, string? functionName = null)
{
    private readonly Lock _gate = new();

    public void Info(string message, params (string Name, object? Value)[] fields) => Write("INFO", message, null, fields);

    public void Warn(string message, params (string Name, object? Value)[] fields) => Write("WARN", message, null, fields);

    public void Error(string message, Exception? exception, params (string Name, object? Value)[] fields) =>
        Write("ERROR", message, exception, fields);

    public void Write(string level, string message, Exception? exception, ReadOnlySpan<(string Name, object? Value)> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteHeader(json, level, message);
            foreach (var (name, value) in fields)
            {
                WriteValue(json, name, value);
            }

            if (exception is not null)
            {
                json.WriteString("errorType", exception.GetType().Name);
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        WriteLine(buffer.WrittenSpan);
    }

    /// <summary>Writes the common fields; for lines (the metrics) that build the rest of the object themselves.</summary>
    internal void WriteHeader(Utf8JsonWriter json, string level, string message)
    {
        json.WriteString("timestamp", time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteString("level", level);
        json.WriteString("message", message);
        if (functionName is not null)
        {
            json.WriteString("function", functionName);
        }

        if (LogScope.Current is { } scope)
        {
            json.WriteString("requestId", scope.RequestId);
            if (scope.JobId is not null)
            {
                json.WriteString("jobId", scope.JobId);
            }

            if (scope.Stage is not null)
            {
                json.WriteString("stage", scope.Stage);
            }
        }
    }

    internal TimeProvider Time => time;

    internal void WriteLine(ReadOnlySpan<byte> utf8Json)
    {
        var line = Encoding.UTF8.GetString(utf8Json);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case string text:
                json.WriteString(name, text);
                break;
            case bool flag:
                json.WriteBoolean(name, flag);
                break;
            case int number:
                json.WriteNumber(name, number);
                break;
            case long number:
                json.WriteNumber(name, number);
                break;
            case double number:
                json.WriteNumber(name, number);
                break;
            default:
                json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
