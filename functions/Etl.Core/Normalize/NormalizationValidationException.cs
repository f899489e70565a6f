using Etl.Core.Datasets;

namespace Etl.Core.Normalize;

/// <summary>
/// In != out: some table holds another number of rows than the input has records or array elements. The message
/// names every such table with both counts.
/// </summary>
public sealed class NormalizationValidationException(string message, IReadOnlyList<TableSchema> tables) : Exception(message)
{
    /// <summary>errorType of a job that fails this way.</summary>
    public const string ErrorType = "ValidationFailed";

    /// <summary>The tables as written, with their <see cref="TableSchema.Validation"/>.</summary>
    public IReadOnlyList<TableSchema> Tables { get; } = tables;

    /// <summary>Throws when any table's rows differ from the rows its input said it must have.</summary>
    public static void ThrowIfBroken(IReadOnlyList<TableSchema> tables)
    {
        List<string>? broken = null;
        foreach (var table in tables)
        {
            if (table.Validation is not { Holds: false } v) continue;
            (broken ??= []).Add($"{table.Name}: {v.Rows:N0} rows written, {v.ExpectedRows:N0} expected");
        }
        if (broken is null) return;
        throw new NormalizationValidationException(
            $"validation failed, the tables do not hold what the input holds ({string.Join("; ", broken)}); nothing was published. This is a defect: please report it with the input file.",
            tables);
    }
}
