using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.Cognito;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AwsApigatewayv2Authorizers;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Constructs;
using Etl.Infra.Settings;

namespace Etl.Infra.Api;

/// <summary>What the API stack routes to: the function of each role.</summary>
public sealed record ApiStackProps(DeploymentSettings Settings, IReadOnlyDictionary<string, IFunction> Functions);

/// <summary>
/// The HTTP API (API Gateway v2, payload format 2.0): every route of <see cref="ApiRoutes"/> to its role's function, a
/// JWT authorizer on every route but GET /health (a Cognito user pool and app client when no issuer is given), CORS for
/// the page's origin, stage throttling and JSON access logs.
/// </summary>
public sealed class ApiStack : Stack
{
    public const int ThrottleRatePerSecond = 50;
    public const int ThrottleBurst = 100;

    /// <summary>One JSON object per request; the authorizer's error says why a token was refused.</summary>
    public const string AccessLogFormat =
        "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\","
        + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
        + "\"responseLength\":\"$context.responseLength\",\"latency\":\"$context.responseLatency\","
        + "\"integrationLatency\":\"$context.integrationLatency\",\"integrationError\":\"$context.integrationErrorMessage\","
        + "\"authorizerError\":\"$context.authorizer.error\",\"sub\":\"$context.authorizer.claims.sub\"}";

    public ApiStack(Construct scope, string id, ApiStackProps props, IStackProps? stackProps = null) : base(scope, id, stackProps)
    {
        var settings = props.Settings;
        var authorizer = Authorizer(settings);

        Api = new HttpApi(this, "Api", new HttpApiProps
        {
            ApiName = $"{settings.Prefix}-api",
            Description = "Agentic ETL REST API",
            CreateDefaultStage = false,
            CorsPreflight = new CorsPreflightOptions
            {
                AllowOrigins = [settings.WebOrigin],
                AllowMethods = [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.OPTIONS],
                AllowHeaders = ["Authorization", "Content-Type"],
                ExposeHeaders = ["Location"],
                MaxAge = Duration.Hours(1),
            },
        });

        var integrations = new Dictionary<string, HttpLambdaIntegration>();
        foreach (var route in ApiRoutes.All())
        {
            if (!integrations.TryGetValue(route.Role, out var integration))
            {
                var function = props.Functions.TryGetValue(route.Role, out var f) ? f
                    : throw new InvalidOperationException($"No function serves the role {route.Role} of {route.RouteKey}.");
                integration = new HttpLambdaIntegration($"{route.Role}-integration", function, new HttpLambdaIntegrationProps
                {
                    PayloadFormatVersion = PayloadFormatVersion.VERSION_2_0,
                });
                integrations[route.Role] = integration;
            }

            Api.AddRoutes(new AddRoutesOptions
            {
                Path = route.Path,
                Methods = [Enum.Parse<Amazon.CDK.AWS.Apigatewayv2.HttpMethod>(route.Method)],
                Integration = integration,
                Authorizer = route.IsPublic || authorizer is null ? new HttpNoneAuthorizer() : authorizer,
            });
        }

        AccessLogs = new LogGroup(this, "AccessLogs", new LogGroupProps { Retention = settings.LogRetention, RemovalPolicy = RemovalPolicy.DESTROY });
        Stage = new HttpStage(this, "DefaultStage", new HttpStageProps
        {
            HttpApi = Api,
            StageName = "$default",
            AutoDeploy = true,
            Throttle = new ThrottleSettings { RateLimit = ThrottleRatePerSecond, BurstLimit = ThrottleBurst },
        });
        // The L2 stage of this CDK version has no access-log property: set it on the CloudFormation resource.
        var cfnStage = (CfnStage)Stage.Node.DefaultChild!;
        cfnStage.AccessLogSettings = new CfnStage.AccessLogSettingsProperty { DestinationArn = AccessLogs.LogGroupArn, Format = AccessLogFormat };

        var url = $"https://{Api.ApiId}.execute-api.{Amazon.CDK.Aws.REGION}.{Amazon.CDK.Aws.URL_SUFFIX}";
        new CfnOutput(this, "ApiUrl", new CfnOutputProps { Value = url, Description = "apiBaseUrl of the page's config.json" });
        if (settings.Auth.Mode == AuthMode.CognitoUserPool)
        {
            new CfnOutput(this, "UserPoolId", new CfnOutputProps { Value = UserPool!.UserPoolId });
            new CfnOutput(this, "UserPoolClientId", new CfnOutputProps { Value = UserPoolClient!.UserPoolClientId, Description = "auth.clientId of the page's config.json" });
            new CfnOutput(this, "SignInDomain", new CfnOutputProps { Value = SignInDomain!.BaseUrl(), Description = "Cognito's hosted sign-in" });
        }

        if (Issuer is not null)
        {
            new CfnOutput(this, "AuthIssuer", new CfnOutputProps { Value = Issuer, Description = "auth.issuer of the page's config.json" });
            new CfnOutput(this, "PageConfig", new CfnOutputProps
            {
                Value = $"{{\"apiBaseUrl\":\"{url}\",\"auth\":{{\"issuer\":\"{Issuer}\",\"clientId\":\"{Audience}\",\"tokenType\":\"{PageTokenType(settings)}\"}}}}",
                Description = "The web page's config.json for this deployment",
            });
        }
        else
        {
            new CfnOutput(this, "PageConfig", new CfnOutputProps { Value = $"{{\"apiBaseUrl\":\"{url}\"}}", Description = "The web page's config.json for this deployment" });
        }
    }

    public HttpApi Api { get; }

    public HttpStage Stage { get; }

    public LogGroup AccessLogs { get; }

    public UserPool? UserPool { get; private set; }

    public UserPoolClient? UserPoolClient { get; private set; }

    public UserPoolDomain? SignInDomain { get; private set; }

    /// <summary>The JWT issuer the authorizer trusts; null with auth=none.</summary>
    public string? Issuer { get; private set; }

    public string? Audience { get; private set; }

    private HttpJwtAuthorizer? Authorizer(DeploymentSettings settings)
    {
        switch (settings.Auth.Mode)
        {
            case AuthMode.None:
                Annotations.Of(this).AddWarning(
                    "auth=none: the API has no authorizer. Anyone who finds its URL can upload, read every job and run agents that spend Bedrock tokens. "
                    + "Deploy without auth=none (a Cognito user pool is created) or give authIssuer and authAudience.");
                return null;
            case AuthMode.ExternalIssuer:
                Issuer = settings.Auth.Issuer!;
                Audience = settings.Auth.Audience!;
                break;
            default:
                CreateUserPool(settings);
                Issuer = $"https://cognito-idp.{Amazon.CDK.Aws.REGION}.{Amazon.CDK.Aws.URL_SUFFIX}/{UserPool!.UserPoolId}";
                Audience = UserPoolClient!.UserPoolClientId;
                break;
        }

        return new HttpJwtAuthorizer("Jwt", Issuer, new HttpJwtAuthorizerProps
        {
            AuthorizerName = $"{settings.Prefix}-jwt",
            JwtAudience = [Audience],
            IdentitySource = ["$request.header.Authorization"],
        });
    }

    private void CreateUserPool(DeploymentSettings settings)
    {
        UserPool = new UserPool(this, "Users", new UserPoolProps
        {
            UserPoolName = $"{settings.Prefix}-users",
            // Accounts are created by an administrator: a deployed API spends money on Bedrock.
            SelfSignUpEnabled = false,
            SignInAliases = new SignInAliases { Email = true },
            AutoVerify = new AutoVerifiedAttrs { Email = true },
            PasswordPolicy = new PasswordPolicy { MinLength = 12, RequireDigits = true, RequireLowercase = true, RequireUppercase = true, RequireSymbols = false },
            AccountRecovery = AccountRecovery.EMAIL_ONLY,
            // The accounts are the users' own data: deleting the stack keeps them, like the buckets and the table.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        string[] redirects = [settings.WebOrigin, settings.WebOrigin + "/"];
        UserPoolClient = UserPool.AddClient("Page", new UserPoolClientOptions
        {
            UserPoolClientName = $"{settings.Prefix}-page",
            // A browser page cannot keep a secret: a public client, authorization code with PKCE.
            GenerateSecret = false,
            AuthFlows = new AuthFlow { UserSrp = false, UserPassword = false, AdminUserPassword = false, Custom = false },
            OAuth = new OAuthSettings
            {
                Flows = new OAuthFlows { AuthorizationCodeGrant = true, ImplicitCodeGrant = false, ClientCredentials = false },
                Scopes = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
                CallbackUrls = redirects,
                LogoutUrls = redirects,
            },
            SupportedIdentityProviders = [UserPoolClientIdentityProvider.COGNITO],
            PreventUserExistenceErrors = true,
            AccessTokenValidity = Duration.Hours(1),
            IdTokenValidity = Duration.Hours(1),
            RefreshTokenValidity = Duration.Days(30),
        });
        SignInDomain = UserPool.AddDomain("SignIn", new UserPoolDomainOptions
        {
            CognitoDomain = new CognitoDomainOptions { DomainPrefix = $"{settings.Prefix}-{Amazon.CDK.Aws.ACCOUNT_ID}" },
        });
    }

    // Cognito's ID token carries aud = the app client, which the authorizer checks; an external issuer's API audience is
    // usually its own, which only its access tokens carry (the page's auth.tokenType).
    private static string PageTokenType(DeploymentSettings settings) => settings.Auth.Mode == AuthMode.CognitoUserPool ? "id" : "access";
}
