using Etl.Core.Json;

namespace Etl.Core.Normalize;

/// <summary>
/// Pass two of a normalization: every record written into the tables. NDJSON on two or more cores is cut into blocks
/// of lines; two blocks at a time are normalized at once (one on a second core), each into its own batches per table,
/// then appended in input order — the same rows, keys and files as one thread. Record by record otherwise, and when
/// a root key depends on the order of the records (identical records numbered by occurrence, or more records than
/// the survey tracked).
/// </summary>
internal static class WritePass
{
    public static void Run(Stream json, InputLayout layout, TablePlan root, TablePlanner planner, TableWriter[] writers, ShapeSurvey survey,
        NormalizeOptions options, CancellationToken cancellationToken)
    {
        var start = json.Position;
        var length = Math.Max(1, json.Length - start);
        var orderFree = root.NaturalKeyColumn is not null || (survey.ContentsTracked && survey.RepeatedContents.Count == 0);
        if (layout.IsNdjson && options.Parallelism > 1 && orderFree)
        {
            InBlocks(json, root, planner, writers, survey, options, length, cancellationToken);
            return;
        }
        var rows = new TableRows[writers.Length];
        for (var i = 0; i < rows.Length; i++) rows[i] = writers[i].Filling;
        var normalizer = new RecordNormalizer(root, rows, planner.FieldCount, survey, index => writers[index].RowAdded());
        using var records = new JsonRecordReader(json, options.Read, largestRecord: layout.LargestRecord);
        long written = 0;
        while (records.Read())
        {
            normalizer.Add(records);
            if ((++written & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                options.Progress?.Report(0.5 + 0.5 * Math.Min(1, (double)records.BytesConsumed / length));
            }
        }
    }

    private static void InBlocks(Stream json, TablePlan root, TablePlanner planner, TableWriter[] writers, ShapeSurvey survey,
        NormalizeOptions options, long length, CancellationToken cancellationToken)
    {
        var blocks = new LineBlockReader(json, options.SurveyBlockBytes, options.Read.MaxRecordBytes);
        var first = new Worker(root, planner, writers, survey);
        var second = new Worker(root, planner, writers, survey);
        while (true)
        {
            var a = blocks.Next(ref first.Bytes);
            if (a.Length == 0) break;
            var b = blocks.Next(ref second.Bytes);
            cancellationToken.ThrowIfCancellationRequested();
            var other = b.Length > 0 ? Task.Run(() => second.Normalize(b, options.Read), cancellationToken) : null;
            try
            {
                first.Normalize(a, options.Read);
            }
            finally
            {
                // The other block's bytes and batches must not be touched after an error leaves.
                try
                {
                    other?.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                }
            }
            if (other?.Exception?.InnerException is { } failed) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
            first.AppendTo(writers);
            if (other is not null) second.AppendTo(writers);
            var done = b.Length > 0 ? b.Offset + b.Length : a.Offset + a.Length;
            options.Progress?.Report(0.5 + 0.5 * Math.Min(1, (double)done / length));
        }
    }

    /// <summary>One thread's batches for every table and its normalizer; a block at a time.</summary>
    private sealed class Worker
    {
        private readonly TableRows[] _rows;
        private readonly RecordNormalizer _normalizer;
        public byte[] Bytes = [];

        public Worker(TablePlan root, TablePlanner planner, TableWriter[] writers, ShapeSurvey survey)
        {
            _rows = new TableRows[writers.Length];
            for (var i = 0; i < _rows.Length; i++) _rows[i] = new TableRows(writers[i].Plan, writers[i].CreateBatches());
            _normalizer = new RecordNormalizer(root, _rows, planner.FieldCount, survey, rowAdded: null);
        }

        public void Normalize(LineBlockReader.Block block, JsonReadOptions read)
        {
            using var records = new JsonRecordReader(Bytes, block.Length, block.Offset, block.StartOfInput, block.EndsInsideLine, read);
            while (records.Read()) _normalizer.Add(records);
        }

        public void AppendTo(TableWriter[] writers)
        {
            for (var i = 0; i < _rows.Length; i++) writers[i].Append(_rows[i]);
        }
    }
}
