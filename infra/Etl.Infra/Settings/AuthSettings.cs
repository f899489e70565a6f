namespace Etl.Infra.Settings;

/// <summary>How API callers authenticate.</summary>
public enum AuthMode
{
    /// <summary>A Cognito user pool and app client created by the stack issue the JWTs.</summary>
    CognitoUserPool,

    /// <summary>An existing OpenID Connect issuer (context authIssuer, authAudience) issues the JWTs.</summary>
    ExternalIssuer,

    /// <summary>No authorizer: anyone who finds the URL can run jobs and spend Bedrock tokens. Only by explicit context auth=none.</summary>
    None,
}

/// <summary>Who may call the API: context <c>auth</c> (jwt, the default, or none), <c>authIssuer</c> and <c>authAudience</c>.</summary>
public sealed record AuthSettings(AuthMode Mode, string? Issuer = null, string? Audience = null)
{
    public static AuthSettings From(string? auth, string? issuer, string? audience)
    {
        switch (auth?.ToLowerInvariant())
        {
            case "none":
                if (issuer is not null || audience is not null)
                {
                    throw new DeploymentSettingsException("auth=none and authIssuer/authAudience contradict each other: drop auth=none to require JWTs from that issuer, or drop the issuer.");
                }

                return new AuthSettings(AuthMode.None);
            case null or "jwt":
                break;
            default:
                throw new DeploymentSettingsException($"auth={auth} is not known; use jwt (the default: every route but /health needs a token) or none (an open API, for a throw-away test deployment).");
        }

        if (issuer is null && audience is null)
        {
            return new AuthSettings(AuthMode.CognitoUserPool);
        }

        if (issuer is null || audience is null)
        {
            throw new DeploymentSettingsException($"{(issuer is null ? "authIssuer" : "authAudience")} is missing: give both authIssuer (the OpenID Connect issuer URL) and authAudience (the client id or audience the tokens carry), or neither to have a Cognito user pool created.");
        }

        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || uri.Scheme != "https" || uri.Query.Length > 0)
        {
            throw new DeploymentSettingsException($"authIssuer={issuer} is not an https issuer URL; API Gateway fetches {{issuer}}/.well-known/openid-configuration over https, e.g. -c authIssuer=https://login.example.com/realms/etl.");
        }

        return new AuthSettings(AuthMode.ExternalIssuer, issuer, audience);
    }
}
