using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;

namespace Etl.Adapters.Local.Catalog;

/// <summary>The text the catalog tables store for policies, decisions and version statuses.</summary>
internal static class CatalogWire
{
    public const string StoredAccepted = "accepted";
    public const string StoredPending = "pending-review";
    public const string StoredRejected = "rejected";

    public static string Policy(ChangePolicy policy) => policy switch
    {
        ChangePolicy.Evolve => "evolve",
        ChangePolicy.Freeze => "freeze",
        ChangePolicy.Review => "review",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown change policy"),
    };

    public static ChangePolicy ParsePolicy(string text) => text switch
    {
        "evolve" => ChangePolicy.Evolve,
        "freeze" => ChangePolicy.Freeze,
        "review" => ChangePolicy.Review,
        _ => throw new FormatException($"the catalog holds an unknown policy '{text}'"),
    };

    public static string Decision(ChangeDecision decision) => decision switch
    {
        ChangeDecision.Applied => "applied",
        ChangeDecision.HeldForReview => "held-for-review",
        ChangeDecision.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "unknown decision"),
    };

    public static string StoredStatusFor(ChangeDecision decision) => decision switch
    {
        ChangeDecision.Applied => StoredAccepted,
        ChangeDecision.HeldForReview => StoredPending,
        _ => StoredRejected,
    };

    /// <summary>The status people see: an accepted version is current when the dataset points at it, else previous.</summary>
    public static VersionStatus StatusOf(string stored, int version, int? current) => stored switch
    {
        StoredAccepted => version == current ? VersionStatus.Current : VersionStatus.Previous,
        StoredPending => VersionStatus.PendingReview,
        StoredRejected => VersionStatus.Rejected,
        _ => throw new FormatException($"the catalog holds an unknown version status '{stored}'"),
    };
}
