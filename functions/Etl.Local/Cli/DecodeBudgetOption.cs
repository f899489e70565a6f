using System.CommandLine;
using Etl.Core.Pipeline;
using Etl.Parquet;

namespace Etl.Local.Cli;

/// <summary>
/// The most bytes one Parquet row group may decode to: <c>--max-decode-bytes</c>, else <c>ETL_MAX_DECODE_BYTES</c>,
/// else 1 GiB (<see cref="DecodeLimits.DefaultMaxBytes"/>), as a size like <c>512M</c> or <c>4G</c>. The reader holds a
/// whole row group in memory, so this is what bounds a file with one enormous row group.
/// </summary>
internal static class DecodeBudgetOption
{
    public const string Name = "--max-decode-bytes";

    public static Option<string?> Create() => new(Name)
    {
        Description = $"Most memory one Parquet row group may decode to (values, offsets and levels of its columns), e.g. 512M, 4G; default {DecodeLimits.MaxBytesSetting} or 1G.",
    };

    public static long Resolve(string? option) =>
        ByteSize.Resolve(option, Name, DecodeLimits.MaxBytesSetting, DecodeLimits.DefaultMaxBytes, minimum: 1);

    /// <summary>The refusal as the CLI prints it (exit code 2): what, where, and the two ways out.</summary>
    public static string Describe(ParquetRowGroupTooLargeException e) =>
        $"cannot read this Parquet file within the decode budget: {e.Message}; to read it as it is, raise the budget with {Name} SIZE "
        + $"(e.g. {Name} 4G) or {DecodeLimits.MaxBytesSetting}";
}
