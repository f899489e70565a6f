namespace Etl.Local.Hosting;

/// <summary>How a request's Origin relates to the server.</summary>
internal enum OriginTrust
{
    /// <summary>A page of another site, not listed: it may read nothing and change nothing.</summary>
    Foreign,

    /// <summary>A page this server serves (under one of its accepted names, or its public URL).</summary>
    Own,

    /// <summary>A page of another site listed in ETL_ALLOWED_ORIGINS.</summary>
    Listed,
}

/// <summary>
/// The names and origins the local host answers to (ETL_ALLOWED_HOSTS, ETL_PUBLIC_URL, ETL_ALLOWED_ORIGINS) and the
/// base of its signed URLs. The loopback names count on the ports the server listens on, known once it is bound (port
/// 0 picks one), so those rules are completed on first use.
/// </summary>
internal sealed class Exposure
{
    public const string HostsSetting = "ETL_ALLOWED_HOSTS";
    public const string PublicUrlSetting = "ETL_PUBLIC_URL";
    public const string OriginsSetting = "ETL_ALLOWED_ORIGINS";

    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    private readonly Uri? _publicUrl;
    private readonly HostRule[] _configuredHosts;
    private readonly HashSet<string> _listedOrigins;
    private readonly Lazy<Bound> _bound;

    public Exposure(LocalHostOptions options, Func<IEnumerable<string>> listeningAddresses)
    {
        _publicUrl = options.PublicUrl is null ? null : PublicUrl(options.PublicUrl);
        AcceptsAnyHost = options.AllowedHosts.Contains("*");
        _configuredHosts = [.. options.AllowedHosts.Where(h => h != "*").Select(h => HostRule.Parse(h, $"{HostsSetting} (--allowed-hosts)"))];
        _listedOrigins = new HashSet<string>(options.AllowedOrigins.Select(ListedOrigin), StringComparer.OrdinalIgnoreCase);
        _bound = new Lazy<Bound>(() => Bind(listeningAddresses()));
    }

    /// <summary>ETL_ALLOWED_HOSTS has "*": every Host is accepted, and DNS rebinding is not stopped here.</summary>
    public bool AcceptsAnyHost { get; }

    /// <summary>Where signed URLs point: ETL_PUBLIC_URL, else the listening address; always ends with '/'.</summary>
    public Uri PublicBase => _bound.Value.PublicBase;

    /// <summary>The accepted names, for messages.</summary>
    public string AcceptedHosts => string.Join(", ", _bound.Value.Hosts);

    public bool Accepts(HostString host) =>
        AcceptsAnyHost || !host.HasValue || Matches(host.Host, host.Port);

    public OriginTrust Trust(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.HostNameType == UriHostNameType.Unknown)
        {
            return OriginTrust.Foreign; // "null" (sandboxed frames, file: pages), extensions and the like
        }

        var normalized = uri.GetLeftPart(UriPartial.Authority);
        if (_listedOrigins.Contains(normalized))
        {
            return OriginTrust.Listed;
        }

        var requestOrigin = $"{request.Scheme}://{request.Host}";
        var publicOrigin = PublicBase.GetLeftPart(UriPartial.Authority);
        return string.Equals(normalized, Normalize(requestOrigin), StringComparison.OrdinalIgnoreCase)
            || string.Equals(normalized, publicOrigin, StringComparison.OrdinalIgnoreCase)
            || Matches(HostOf(uri), uri.Port)
            ? OriginTrust.Own
            : OriginTrust.Foreign;
    }

    private bool Matches(string name, int? port)
    {
        var hosts = _bound.Value.Hosts;
        foreach (var rule in hosts)
        {
            if (rule.Matches(name, port))
            {
                return true;
            }
        }

        return false;
    }

    private Bound Bind(IEnumerable<string> addresses)
    {
        var hosts = new List<HostRule>();
        Uri? first = null;
        foreach (var address in addresses)
        {
            var scheme = address[..address.IndexOf("://", StringComparison.Ordinal)];
            var authority = new HostString(address[(scheme.Length + 3)..].TrimEnd('/'));
            var port = authority.Port ?? (scheme == "https" ? 443 : 80);
            hosts.AddRange(LoopbackNames.Select(name => new HostRule(name, port)));
            var bound = authority.Host;
            if (!IsWildcard(bound))
            {
                hosts.Add(new HostRule(bound, port));
            }

            first ??= new Uri($"{scheme}://{(IsWildcard(bound) ? "127.0.0.1" : bound)}:{port}/");
        }

        if (_publicUrl is not null)
        {
            hosts.Add(new HostRule(HostOf(_publicUrl), _publicUrl.Port));
        }

        hosts.AddRange(_configuredHosts);
        var publicBase = _publicUrl ?? first ?? new Uri(LocalHostOptions.DefaultUrls + "/");
        return new Bound([.. hosts.Distinct()], publicBase);
    }

    // As a Host header carries it: IPv6 in brackets, international names in their ASCII form.
    private static string HostOf(Uri uri) => uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;

    private static bool IsWildcard(string host) => host is "+" or "*" or "0.0.0.0" or "[::]";

    private static string Normalize(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : origin;

    private static Uri PublicUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new ArgumentException($"{PublicUrlSetting} (--public-url) '{text}' is not a base URL. Give the address clients reach the server under, as http(s)://host[:port][/path], e.g. https://etl.example.com.");
        }

        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string ListedOrigin(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new ArgumentException($"{OriginsSetting} (--allowed-origins) has '{text}', which is not an origin. List origins one by one as scheme://host[:port], e.g. https://app.example.com (no path; * is not accepted, as it would let any site create jobs).");
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }

    private sealed record Bound(HostRule[] Hosts, Uri PublicBase);
}
