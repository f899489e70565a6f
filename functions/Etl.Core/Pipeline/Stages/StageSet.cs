using Etl.Core.Datasets.Catalog;
using Etl.Core.Storage;

namespace Etl.Core.Pipeline.Stages;

/// <summary>
/// The implementations of the declared convert stages, built the same way by every host (`etl serve`, the Lambda
/// worker), so the two can never run different stages for one declaration.
/// </summary>
public static class StageSet
{
    /// <summary>One implementation per stage of <see cref="PipelineDeclaration"/>, in its order.</summary>
    /// <param name="blobs">Where inputs, outputs and artifacts live.</param>
    /// <param name="catalog">The dataset catalog the catalog stage registers versions in.</param>
    /// <param name="settings">Limits and places the stages need.</param>
    public static IReadOnlyList<IPipelineStage> Create(IBlobStore blobs, ICatalog catalog, StageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var read = DecodeLimits.ReadOptions(settings.MaxDecodeBytes);
        return
        [
            new ValidateStage(blobs),
            new ConvertStage(blobs, settings.OutputLimits, settings.ScratchDirectory, read),
            new ProfileStage(blobs, read),
            new CatalogStage(blobs, catalog, read),
        ];
    }
}

/// <summary>What the stages of <see cref="StageSet"/> are configured with.</summary>
/// <param name="OutputLimits">The output limits of the convert stage.</param>
/// <param name="MaxDecodeBytes">The decode budget of one Parquet row group (<see cref="DecodeLimits"/>).</param>
/// <param name="ScratchDirectory">The host's own scratch folder for intermediate files; null = the system temp folder.</param>
public sealed record StageSettings(OutputLimits OutputLimits, long MaxDecodeBytes, string? ScratchDirectory);
