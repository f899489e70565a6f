using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Etl.Agents.Validation.Execution;

/// <summary>One in-memory DuckDB database the project is built in; statements, counts and the first row of a query.</summary>
internal sealed partial class DuckDbSession : IDisposable
{
    private readonly DuckDBConnection _connection;

    public DuckDbSession()
    {
        _connection = new DuckDBConnection("Data Source=:memory:");
        _connection.Open();
    }

    /// <summary>
    /// Locks the database down before any model SQL runs: no file or network access but the dataset's Parquet files
    /// (a model cannot read /etc/passwd, write with COPY, or reach the internet), no extension installed or loaded on
    /// the fly (read_csv('https://…') would fetch httpfs), and the configuration locked so a model cannot undo it.
    /// </summary>
    public void LockDown(IEnumerable<string> allowedPaths)
    {
        var paths = new List<string>();
        foreach (var path in allowedPaths) paths.Add("'" + path.Replace("'", "''", StringComparison.Ordinal) + "'");
        Execute("set autoinstall_known_extensions = false");
        Execute("set autoload_known_extensions = false");
        Execute($"set allowed_paths = [{string.Join(", ", paths)}]");
        Execute("set enable_external_access = false");
        Execute("set lock_configuration = true");
    }

    /// <summary>Runs <paramref name="sql"/>; throws <see cref="DuckDbStatementException"/> with DuckDB's message and line.</summary>
    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            command.ExecuteNonQuery();
        }
        catch (DuckDBException e)
        {
            throw Failure(e);
        }
    }

    public long Count(string relation) => Scalar($"select count(*) from {relation}");

    public long Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (DuckDBException e)
        {
            throw Failure(e);
        }
    }

    /// <summary>The first row <paramref name="sql"/> returns, as JSON, or null when none.</summary>
    public JsonObject? FirstRow(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"select * from ({sql}) limit 1";
        try
        {
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            var row = new JsonObject();
            for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : Json(reader.GetValue(i));
            return row;
        }
        catch (DuckDBException e)
        {
            throw Failure(e);
        }
    }

    /// <summary>The columns of <paramref name="schema"/>.<paramref name="name"/> in order, with DuckDB's type names.</summary>
    /// <remarks>DESCRIBE binds the one relation; information_schema.columns would bind every view of the database each time.</remarks>
    public List<(string Name, string Type)> Columns(string schema, string name)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"describe {new Rendering.Relation(schema, name)}";
        try
        {
            using var reader = command.ExecuteReader();
            var columns = new List<(string, string)>();
            while (reader.Read()) columns.Add((reader.GetString(0), reader.GetString(1)));
            return columns;
        }
        catch (DuckDBException e)
        {
            throw Failure(e);
        }
    }

    public void Dispose() => _connection.Dispose();

    private static JsonNode? Json(object value) => value switch
    {
        string s => s,
        bool b => b,
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u => u,
        float f => f,
        double d => double.IsFinite(d) ? d : d.ToString(CultureInfo.InvariantCulture),
        decimal m => m,
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        byte[] bytes => Convert.ToBase64String(bytes),
        _ => value.ToString(),
    };

    private static DuckDbStatementException Failure(DuckDBException e)
    {
        var match = LinePattern().Match(e.Message);
        int? line = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        return new DuckDbStatementException(FirstParagraph(e.Message), line, e);
    }

    /// <summary>DuckDB's message up to the <c>LINE n:</c> excerpt (the line is reported separately, mapped to the model file).</summary>
    private static string FirstParagraph(string message)
    {
        var cut = message.IndexOf("\n\nLINE ", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).Trim();
    }

    [GeneratedRegex(@"LINE (\d+):")]
    private static partial Regex LinePattern();
}

/// <summary>A statement DuckDB refused: its message and, when it says so, the statement line (1-based).</summary>
internal sealed class DuckDbStatementException(string message, int? line, Exception inner) : Exception(message, inner)
{
    public int? StatementLine { get; } = line;
}
