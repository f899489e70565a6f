namespace Etl.Local.Hosting;

/// <summary>The local host's start-up notes on exposure and crash leftovers.</summary>
internal static partial class HostLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "ETL_ALLOWED_HOSTS=* accepts any Host header: a web page whose DNS name is pointed at this machine can use the API (DNS rebinding). List the names clients use instead, unless a proxy in front checks them.")]
    public static partial void AnyHostAccepted(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed URLs point at {PublicBase}; accepted host names: {Hosts}; other origins allowed: {Origins}")]
    public static partial void Exposed(this ILogger logger, Uri publicBase, string hosts, string origins);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Files} temporary file(s) and {Folders} empty folder(s) an earlier run left in {DataDirectory}")]
    public static partial void LeftoversRemoved(this ILogger logger, int files, int folders, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backend aws: {Resources}")]
    public static partial void AwsBackendUsed(this ILogger logger, string resources);
}
