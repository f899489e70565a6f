using Etl.Core.Json;

namespace Etl.Core.Normalize;

/// <summary>
/// Pass one of a normalization: every record goes through the schema inference and the <see cref="ShapeSurvey"/>.
/// NDJSON on two or more cores is cut into blocks of lines (<see cref="LineBlockReader"/>) and each block is read by
/// both at once, the survey on a second core; other layouts, or one core, record by record. The inference is the
/// flat conversion's own, so both give a column the same type.
/// </summary>
internal static class SurveyPass
{
    public static InputLayout Run(Stream json, NormalizeOptions options, out SchemaInference inference, out ShapeSurvey survey, CancellationToken cancellationToken)
    {
        inference = new SchemaInference(options.Read);
        survey = new ShapeSurvey(options.KeyTrackingLimit, options.Read.MaxFieldsPerObject);
        var start = json.Position;
        var length = Math.Max(1, json.Length - start);
        if (options.Parallelism > 1 && IsNdjson(json, options))
        {
            json.Position = start;
            try
            {
                return InBlocks(json, inference, survey, options, length, cancellationToken);
            }
            catch (JsonInputException)
            {
                // Read again record by record, which reports the error with its line and column as the flat conversion does.
                json.Position = start;
                inference = new SchemaInference(options.Read);
                survey = new ShapeSurvey(options.KeyTrackingLimit, options.Read.MaxFieldsPerObject);
            }
        }
        json.Position = start;
        using var records = new JsonRecordReader(json, options.Read);
        while (records.Read())
        {
            inference.Add(records);
            survey.Add(records);
            if ((records.RecordCount & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                options.Progress?.Report(0.5 * Math.Min(1, (double)records.BytesConsumed / length));
            }
        }
        return InputLayout.Of(records);
    }

    private static bool IsNdjson(Stream json, NormalizeOptions options)
    {
        try
        {
            using var sniff = new JsonRecordReader(json, options.Read);
            return sniff.Read() && sniff.IsNdjson;
        }
        catch (JsonInputException)
        {
            return false;
        }
    }

    private static InputLayout InBlocks(Stream json, SchemaInference inference, ShapeSurvey survey, NormalizeOptions options, long length, CancellationToken cancellationToken)
    {
        var blocks = new LineBlockReader(json, options.SurveyBlockBytes, options.Read.MaxRecordBytes);
        var bytes = Array.Empty<byte>();
        var largest = 0;
        while (true)
        {
            var block = blocks.Next(ref bytes);
            if (block.Length == 0) break;
            cancellationToken.ThrowIfCancellationRequested();
            var shared = bytes;
            var surveyed = Task.Run(() =>
            {
                using var records = new JsonRecordReader(shared, block.Length, block.Offset, block.StartOfInput, block.EndsInsideLine, options.Read);
                while (records.Read()) survey.Add(records);
            }, cancellationToken);
            try
            {
                using var records = new JsonRecordReader(shared, block.Length, block.Offset, block.StartOfInput, block.EndsInsideLine, options.Read);
                while (records.Read()) inference.Add(records);
                largest = Math.Max(largest, records.LargestRecord);
            }
            finally
            {
                // The survey reads the same bytes: it must be done before they are refilled (or before an error leaves).
                try
                {
                    surveyed.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                }
            }
            if (surveyed.Exception?.InnerException is { } failed) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
            options.Progress?.Report(0.5 * Math.Min(1, (double)(block.Offset + block.Length) / length));
        }
        return new InputLayout(JsonInputShape.Objects, IsNdjson: true, largest);
    }
}
