using System.Text.Json;
using Etl.Lambda.Bootstrap;
using Etl.Lambda.Client;
using Etl.Lambda.Context;
using Microsoft.AspNetCore.Http;

namespace Etl.Lambda.Http;

/// <summary>
/// The HTTP roles' handler: an API Gateway event (HTTP API 2.0 or REST API 1.0) through the ASP.NET Core endpoints,
/// answered in the event's own response shape. Anything else is an <see cref="RuntimeErrorTypes.UnrecognizedEvent"/> error.
/// </summary>
public sealed class ApiGatewayHandler(LambdaServer server) : IInvocationHandler
{
    public async Task<byte[]> HandleAsync(Invocation invocation, ILambdaContext context, CancellationToken cancellationToken)
    {
        var e = Parse(invocation.Payload);
        if (e.IsHttpApiV2)
        {
            var response = await InvokeAsync(() => ApiGatewayRequests.FromHttpApiV2(e), cancellationToken);
            return JsonSerializer.SerializeToUtf8Bytes(ApiGatewayResponses.ToHttpApiV2(response), LambdaJson.Default.HttpApiV2Response);
        }

        if (e.IsRestApiV1)
        {
            var response = await InvokeAsync(() => ApiGatewayRequests.FromRestApiV1(e), cancellationToken);
            return JsonSerializer.SerializeToUtf8Bytes(ApiGatewayResponses.ToRestApiV1(response), LambdaJson.Default.RestApiV1Response);
        }

        throw new FunctionErrorException(RuntimeErrorTypes.UnrecognizedEvent,
            "This function serves API Gateway proxy events (HTTP API payload 2.0 or REST API 1.0), and the event is neither: "
            + "it has no version \"2.0\" with requestContext.http.method, and no httpMethod. Check the integration that invokes it.");
    }

    private async Task<BridgeResponse> InvokeAsync(Func<BridgeRequest> build, CancellationToken cancellationToken)
    {
        BridgeRequest request;
        try
        {
            request = build();
        }
        catch (MalformedEventException malformed)
        {
            return ApiGatewayResponses.Problem(StatusCodes.Status400BadRequest, "The request is malformed", malformed.Message);
        }

        return await server.InvokeAsync(request, cancellationToken);
    }

    private static ApiGatewayRequest Parse(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload.Span, LambdaJson.Default.ApiGatewayRequest)
                ?? throw new JsonException("The event is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new FunctionErrorException(RuntimeErrorTypes.UnrecognizedEvent,
                $"The event is not an API Gateway proxy event: {ex.Message}", ex);
        }
    }
}
