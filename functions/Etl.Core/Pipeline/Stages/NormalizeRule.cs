using Etl.Core.Json;
using Etl.Core.Jobs;

namespace Etl.Core.Pipeline.Stages;

/// <summary>
/// Whether a JSON job is normalized into related tables: <c>normalize: true</c> always, <c>false</c> never, and when
/// unset (the default rule) when a dataset is named and the JSON has arrays of objects somewhere.
/// </summary>
internal static class NormalizeRule
{
    public static bool NeedsSchema(JobRecord job) => job.Normalize is null && job.Dataset is not null;

    public static bool Applies(JobRecord job, InferredSchema? schema) => job.Normalize ?? (job.Dataset is not null && schema is not null && HasArrayOfObjects(schema.Fields));

    private static bool HasArrayOfObjects(IReadOnlyList<InferredField> fields)
    {
        foreach (var field in fields)
        {
            switch (field.Type)
            {
                case InferredType.Struct when HasArrayOfObjects(field.Fields):
                case InferredType.List when field.Element is { Type: InferredType.Struct }:
                    return true;
            }
        }
        return false;
    }
}
