using System.Globalization;
using System.Text.Json;
using Etl.Core.Jobs;
using Microsoft.Data.Sqlite;

namespace Etl.Adapters.Local.Jobs;

/// <summary>
/// <see cref="IJobStore"/> in one SQLite file (WAL mode). Every status change is an
/// <c>UPDATE … WHERE job_id = @id AND status = @expected</c>, the local twin of DynamoDB's conditional write; the
/// index on (status, created_at) plays the part of the status-createdAt GSI. Columns added after the first release are
/// added to an existing database when it is opened (<see cref="Migrate"/>), as nullable columns, so old rows stay valid.
/// </summary>
public sealed class SqliteJobStore : IJobStore
{
    private const string Columns =
        "job_id, type, file_name, status, stage, progress, created_at, updated_at, started_at, input_key, output_key, " +
        "input_format, output_format, error_message, error_type, processing_time, row_count, bytes_in, bytes_out, stages, dataset, normalize, options, dataset_version, review, " +
        "prompt, run_id, agent, tokens, cost_usd, cost_estimate_usd, error_category, suggested_action, resolution";

    private const string Parameters =
        "@job_id, @type, @file_name, @status, @stage, @progress, @created_at, @updated_at, @started_at, @input_key, @output_key, " +
        "@input_format, @output_format, @error_message, @error_type, @processing_time, @row_count, @bytes_in, @bytes_out, @stages, @dataset, @normalize, @options, @dataset_version, @review, " +
        "@prompt, @run_id, @agent, @tokens, @cost_usd, @cost_estimate_usd, @error_category, @suggested_action, @resolution";

    // Columns added after the first schema: name and SQL type. Each is nullable, so rows written before it read as "none".
    private static readonly (string Name, string Type)[] AddedColumns =
        [("stages", "TEXT"), ("dataset", "TEXT"), ("normalize", "INTEGER"), ("options", "TEXT"), ("dataset_version", "INTEGER"), ("review", "TEXT"),
         ("prompt", "TEXT"), ("run_id", "TEXT"), ("agent", "TEXT"), ("tokens", "INTEGER"), ("cost_usd", "TEXT"), ("cost_estimate_usd", "TEXT"), ("error_category", "TEXT"), ("suggested_action", "TEXT"), ("resolution", "TEXT")];

    private readonly string _connectionString;

    public SqliteJobStore(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Initialize();
    }

    public async Task CreateAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO jobs ({Columns}) VALUES ({Parameters})";
        Bind(command, job);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new DuplicateJobException(job.JobId);
        }
    }

    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM jobs WHERE job_id = @job_id";
        command.Parameters.AddWithValue("@job_id", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<bool> TryUpdateAsync(JobRecord updated, JobStatus expectedStatus, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "UPDATE jobs SET type = @type, file_name = @file_name, status = @status, stage = @stage, progress = @progress, " +
            "created_at = @created_at, updated_at = @updated_at, started_at = @started_at, input_key = @input_key, " +
            "output_key = @output_key, input_format = @input_format, output_format = @output_format, " +
            "error_message = @error_message, error_type = @error_type, processing_time = @processing_time, " +
            "row_count = @row_count, bytes_in = @bytes_in, bytes_out = @bytes_out, stages = @stages, " +
            "dataset = @dataset, normalize = @normalize, options = @options, dataset_version = @dataset_version, review = @review, " +
            "prompt = @prompt, run_id = @run_id, agent = @agent, tokens = @tokens, cost_usd = @cost_usd, cost_estimate_usd = @cost_estimate_usd, error_category = @error_category, suggested_action = @suggested_action, resolution = @resolution " +
            "WHERE job_id = @job_id AND status = @expected";
        Bind(command, updated);
        command.Parameters.AddWithValue("@expected", expectedStatus.ToWire());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(query.Limit, 1, 1000);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Status is { } status)
        {
            where.Add("status = @status");
            command.Parameters.AddWithValue("@status", status.ToWire());
        }

        if (query.Type is { } type)
        {
            where.Add("type = @type");
            command.Parameters.AddWithValue("@type", type);
        }

        if (query.Dataset is { } dataset)
        {
            where.Add("dataset = @dataset");
            command.Parameters.AddWithValue("@dataset", dataset);
        }

        if (query.NextToken is { } token)
        {
            var (createdAt, jobId) = JobPageToken.Decode(token);
            where.Add("(created_at < @after_created OR (created_at = @after_created AND job_id < @after_id))");
            command.Parameters.AddWithValue("@after_created", createdAt);
            command.Parameters.AddWithValue("@after_id", jobId);
        }

        command.CommandText =
            $"SELECT {Columns} FROM jobs {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : string.Empty)} " +
            "ORDER BY created_at DESC, job_id DESC LIMIT @limit";
        command.Parameters.AddWithValue("@limit", limit + 1);

        var jobs = new List<JobRecord>(limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                jobs.Add(Read(reader));
            }
        }

        if (jobs.Count <= limit)
        {
            return new JobPage(jobs, null);
        }

        jobs.RemoveAt(limit);
        var last = jobs[^1];
        return new JobPage(jobs, JobPageToken.Encode(last.CreatedAt, last.JobId));
    }

    private void Initialize()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS jobs (
                job_id          TEXT PRIMARY KEY,
                type            TEXT NOT NULL,
                file_name       TEXT NOT NULL,
                status          TEXT NOT NULL,
                stage           TEXT,
                progress        REAL NOT NULL,
                created_at      TEXT NOT NULL,
                updated_at      TEXT NOT NULL,
                started_at      TEXT,
                input_key       TEXT NOT NULL,
                output_key      TEXT,
                input_format    TEXT NOT NULL,
                output_format   TEXT,
                error_message   TEXT,
                error_type      TEXT,
                processing_time REAL,
                row_count       INTEGER,
                bytes_in        INTEGER,
                bytes_out       INTEGER
            ) STRICT;
            CREATE INDEX IF NOT EXISTS jobs_status_created ON jobs (status, created_at DESC, job_id DESC);
            CREATE INDEX IF NOT EXISTS jobs_created ON jobs (created_at DESC, job_id DESC);
            """;
        command.ExecuteNonQuery();
        Migrate(connection);
    }

    /// <summary>Adds the columns a database created by an earlier version lacks (ALTER TABLE … ADD COLUMN, default null).</summary>
    private static void Migrate(SqliteConnection connection)
    {
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('jobs')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                existing.Add(reader.GetString(0));
            }
        }

        foreach (var (name, type) in AddedColumns)
        {
            if (existing.Contains(name))
            {
                continue;
            }

            using var alter = connection.CreateCommand();
            alter.CommandText = $"ALTER TABLE jobs ADD COLUMN {name} {type}";
            try
            {
                alter.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (ex.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
            {
                // Another process opening the same database added it first.
            }
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static void Bind(SqliteCommand command, JobRecord job)
    {
        var p = command.Parameters;
        p.AddWithValue("@job_id", job.JobId);
        p.AddWithValue("@type", job.Type);
        p.AddWithValue("@file_name", job.FileName);
        p.AddWithValue("@status", job.Status.ToWire());
        p.AddWithValue("@stage", (object?)job.Stage ?? DBNull.Value);
        p.AddWithValue("@progress", job.Progress);
        p.AddWithValue("@created_at", Timestamps.Format(job.CreatedAt));
        p.AddWithValue("@updated_at", Timestamps.Format(job.UpdatedAt));
        p.AddWithValue("@started_at", job.StartedAt is { } started ? Timestamps.Format(started) : DBNull.Value);
        p.AddWithValue("@input_key", job.InputS3Key);
        p.AddWithValue("@output_key", (object?)job.OutputS3Key ?? DBNull.Value);
        p.AddWithValue("@input_format", job.InputFormat);
        p.AddWithValue("@output_format", (object?)job.OutputFormat ?? DBNull.Value);
        p.AddWithValue("@error_message", (object?)job.ErrorMessage ?? DBNull.Value);
        p.AddWithValue("@error_type", (object?)job.ErrorType ?? DBNull.Value);
        p.AddWithValue("@processing_time", (object?)job.ProcessingTime ?? DBNull.Value);
        p.AddWithValue("@row_count", (object?)job.RowCount ?? DBNull.Value);
        p.AddWithValue("@bytes_in", (object?)job.BytesIn ?? DBNull.Value);
        p.AddWithValue("@bytes_out", (object?)job.BytesOut ?? DBNull.Value);
        p.AddWithValue("@stages", job.Stages.Count == 0 ? DBNull.Value : StagesJson.Write(job.Stages));
        p.AddWithValue("@dataset", (object?)job.Dataset ?? DBNull.Value);
        p.AddWithValue("@normalize", job.Normalize is { } normalize ? (normalize ? 1 : 0) : DBNull.Value);
        p.AddWithValue("@options", (object?)job.Options ?? DBNull.Value);
        p.AddWithValue("@dataset_version", (object?)job.DatasetVersion ?? DBNull.Value);
        p.AddWithValue("@review", (object?)job.Review ?? DBNull.Value);
        p.AddWithValue("@prompt", (object?)job.Prompt ?? DBNull.Value);
        p.AddWithValue("@run_id", (object?)job.RunId ?? DBNull.Value);
        p.AddWithValue("@agent", (object?)job.Agent ?? DBNull.Value);
        p.AddWithValue("@tokens", (object?)job.Tokens ?? DBNull.Value);
        p.AddWithValue("@cost_usd", job.CostUsd is { } costusd ? costusd.ToString(CultureInfo.InvariantCulture) : DBNull.Value);
        p.AddWithValue("@cost_estimate_usd", job.CostEstimateUsd is { } costestimateusd ? costestimateusd.ToString(CultureInfo.InvariantCulture) : DBNull.Value);
        p.AddWithValue("@error_category", (object?)job.ErrorCategory ?? DBNull.Value);
        p.AddWithValue("@suggested_action", (object?)job.SuggestedAction ?? DBNull.Value);
        p.AddWithValue("@resolution", (object?)job.Resolution ?? DBNull.Value);
    }

    private static JobRecord Read(SqliteDataReader r) => new()
    {
        JobId = r.GetString(0),
        Type = r.GetString(1),
        FileName = r.GetString(2),
        Status = JobStatusNames.Parse(r.GetString(3)),
        Stage = r.IsDBNull(4) ? null : r.GetString(4),
        Progress = r.GetDouble(5),
        CreatedAt = Timestamps.Parse(r.GetString(6)),
        UpdatedAt = Timestamps.Parse(r.GetString(7)),
        StartedAt = r.IsDBNull(8) ? null : Timestamps.Parse(r.GetString(8)),
        InputS3Key = r.GetString(9),
        OutputS3Key = r.IsDBNull(10) ? null : r.GetString(10),
        InputFormat = r.GetString(11),
        OutputFormat = r.IsDBNull(12) ? null : r.GetString(12),
        ErrorMessage = r.IsDBNull(13) ? null : r.GetString(13),
        ErrorType = r.IsDBNull(14) ? null : r.GetString(14),
        ProcessingTime = r.IsDBNull(15) ? null : r.GetDouble(15),
        RowCount = r.IsDBNull(16) ? null : r.GetInt64(16),
        BytesIn = r.IsDBNull(17) ? null : r.GetInt64(17),
        BytesOut = r.IsDBNull(18) ? null : r.GetInt64(18),
        Stages = r.IsDBNull(19) ? StageTimeline.Empty : StagesJson.Read(r.GetString(19)),
        Dataset = r.IsDBNull(20) ? null : r.GetString(20),
        Normalize = r.IsDBNull(21) ? null : r.GetInt64(21) != 0,
        Options = r.IsDBNull(22) ? null : r.GetString(22),
        DatasetVersion = r.IsDBNull(23) ? null : r.GetInt32(23),
        Review = r.IsDBNull(24) ? null : r.GetString(24),
        Prompt = r.IsDBNull(25) ? null : r.GetString(25),
        RunId = r.IsDBNull(26) ? null : r.GetString(26),
        Agent = r.IsDBNull(27) ? null : r.GetString(27),
        Tokens = r.IsDBNull(28) ? null : r.GetInt64(28),
        CostUsd = r.IsDBNull(29) ? null : decimal.Parse(r.GetString(29), CultureInfo.InvariantCulture),
        CostEstimateUsd = r.IsDBNull(30) ? null : decimal.Parse(r.GetString(30), CultureInfo.InvariantCulture),
        ErrorCategory = r.IsDBNull(31) ? null : r.GetString(31),
        SuggestedAction = r.IsDBNull(32) ? null : r.GetString(32),
        Resolution = r.IsDBNull(33) ? null : r.GetString(33),
    };

    /// <summary>The stage timeline as a JSON array in one TEXT column: [{"name","status","startedAt","completedAt","attempts"}].</summary>
    private static class StagesJson
    {
        public static string Write(StageTimeline stages)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                foreach (var run in stages)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", run.Name);
                    writer.WriteString("status", run.Status);
                    writer.WriteString("startedAt", Timestamps.Format(run.StartedAt));
                    if (run.CompletedAt is { } completed)
                    {
                        writer.WriteString("completedAt", Timestamps.Format(completed));
                    }

                    writer.WriteNumber("attempts", run.Attempts);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }

        public static StageTimeline Read(string json)
        {
            using var document = JsonDocument.Parse(json);
            var runs = new List<StageRun>();
            foreach (var e in document.RootElement.EnumerateArray())
            {
                runs.Add(new StageRun(
                    e.GetProperty("name").GetString()!,
                    e.GetProperty("status").GetString()!,
                    Timestamps.Parse(e.GetProperty("startedAt").GetString()!),
                    e.TryGetProperty("completedAt", out var completed) ? Timestamps.Parse(completed.GetString()!) : null,
                    e.TryGetProperty("attempts", out var attempts) ? attempts.GetInt32() : 1));
            }

            return new StageTimeline(runs);
        }
    }
}
