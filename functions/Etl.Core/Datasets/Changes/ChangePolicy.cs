using System.Text.Json.Serialization;

namespace Etl.Core.Datasets.Changes;

/// <summary>What a dataset does with a new version whose schema changed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangePolicy>))]
public enum ChangePolicy
{
    /// <summary>Info and warning changes are applied; any breaking change holds the version for review. A new dataset's policy.</summary>
    [JsonStringEnumMemberName("evolve")] Evolve,

    /// <summary>Any change rejects the version and fails the job.</summary>
    [JsonStringEnumMemberName("freeze")] Freeze,

    /// <summary>Any change holds the version until approved.</summary>
    [JsonStringEnumMemberName("review")] Review,
}

/// <summary>What happened to a candidate version.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeDecision>))]
public enum ChangeDecision
{
    /// <summary>The version became current.</summary>
    [JsonStringEnumMemberName("applied")] Applied,

    /// <summary>The version is kept but waits for approve or reject; the current version stays current.</summary>
    [JsonStringEnumMemberName("held-for-review")] HeldForReview,

    /// <summary>The version was refused and the job failed.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected,
}
