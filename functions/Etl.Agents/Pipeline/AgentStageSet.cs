using Etl.Agents.Pipeline.Stages;
using Etl.Core.Agents;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Storage;

namespace Etl.Agents.Pipeline;

/// <summary>
/// The implementations of the declared agent stages (<see cref="PipelineDeclaration.Agent"/>), built the same way by
/// every host (etl serve, etl dbt, the Lambda worker).
/// </summary>
public static class AgentStageSet
{
    public static PipelineStages Create(IBlobStore blobs, ICatalog catalog, IJobStore jobs, IProjectAgent agent, IProjectValidator validator,
        ModelPrices prices, string scratchDirectory)
    {
        var context = new RunContext(blobs, jobs);
        var updater = new ProjectUpdater();
        return new PipelineStages(PipelineDeclaration.Agent,
        [
            new PlanStage(context, new SourceResolver(blobs, catalog, jobs), agent, prices),
            new GenerateStage(context, agent, prices, updater),
            new RefineStage(context, agent, prices),
            new ValidateStage(context, agent, prices, validator, blobs, scratchDirectory),
            new DeliverStage(context, agent, prices, blobs, updater),
        ]);
    }
}
