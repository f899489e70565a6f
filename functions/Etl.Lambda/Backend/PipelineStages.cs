using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Core.Storage;

namespace Etl.Lambda.Backend;

/// <summary>The implementations of the declared stages, as the worker runs them (the same stages as `etl serve`).</summary>
public static class PipelineStages
{
    public static IReadOnlyList<IPipelineStage> Create(IBlobStore blobs, LambdaSettings settings)
    {
        Directory.CreateDirectory(settings.ScratchDirectory);
        var read = DecodeLimits.ReadOptions(settings.MaxDecodeBytes);
        return
        [
            new ValidateStage(blobs),
            new ConvertStage(blobs, settings.OutputLimits, settings.ScratchDirectory, read),
            new ProfileStage(blobs, read),
        ];
    }
}
