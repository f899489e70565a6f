using System.Net;

namespace Etl.Aws.Json;

/// <summary>
/// An error answer of an AWS JSON-protocol service: its error code (the <c>__type</c> without namespace, e.g.
/// ExecutionAlreadyExists), the service's message and the HTTP status. The message says which service and operation
/// failed, and for access errors which permission the function's role lacks.
/// </summary>
public sealed class AwsServiceException(string service, string operation, string code, string serviceMessage, HttpStatusCode status)
    : Exception(Describe(service, operation, code, serviceMessage, status))
{
    public string Service { get; } = service;

    public string Operation { get; } = operation;

    public string Code { get; } = code;

    public string ServiceMessage { get; } = serviceMessage;

    public HttpStatusCode Status { get; } = status;

    /// <summary>Throttling or a server-side failure: the same request may succeed later.</summary>
    public bool IsTransient => IsTransientAnswer(Status, Code);

    internal static bool IsTransientAnswer(HttpStatusCode status, string code) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests || code is "ThrottlingException" or "Throttling"
            or "TooManyRequestsException" or "ThrottledException" or "RequestLimitExceeded" or "ServiceUnavailable"
            or "InternalFailure" or "InternalServerException";

    private static string Describe(string service, string operation, string code, string message, HttpStatusCode status) =>
        code is "AccessDeniedException" or "AccessDenied" or "UnrecognizedClientException" or "InvalidSignatureException"
            ? $"{service} refused {operation} ({code}, HTTP {(int)status}): {message}. Grant the function's role {ActionName(service, operation)} on the resource, or check the credentials and AWS_REGION."
            : $"{service} {operation} failed with {code} (HTTP {(int)status}): {message}";

    private static string ActionName(string service, string operation) => service switch
    {
        "Step Functions" => $"states:{operation}",
        "Glue" => $"glue:{operation}",
        _ => operation,
    };
}
