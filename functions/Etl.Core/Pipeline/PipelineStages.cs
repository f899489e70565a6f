namespace Etl.Core.Pipeline;

/// <summary>The implementations of one declared pipeline's stages, as a host wires them.</summary>
public sealed record PipelineStages(PipelineDeclaration Pipeline, IReadOnlyList<IPipelineStage> Stages);
