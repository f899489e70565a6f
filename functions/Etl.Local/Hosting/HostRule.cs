namespace Etl.Local.Hosting;

/// <summary>A host name the server answers to, on one port or (Port null) on any.</summary>
internal readonly record struct HostRule(string Name, int? Port)
{
    /// <summary>
    /// Whether a name and port match. A Host header without a port (the client used its scheme's default port, as
    /// behind a proxy) matches on the name alone.
    /// </summary>
    public bool Matches(string name, int? port) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase) && (Port is null || port is null || Port == port);

    public override string ToString() => Port is null ? Name : $"{Name}:{Port}";

    /// <summary>Reads "name", "name:port", "[v6]" or "[v6]:port"; throws naming <paramref name="setting"/> otherwise.</summary>
    public static HostRule Parse(string entry, string setting)
    {
        var host = new HostString(entry);
        var name = host.Host;
        var portText = host.HasValue && host.Value.Length > name.Length ? host.Value[(name.Length + 1)..] : null;
        var bare = name.StartsWith('[') && name.EndsWith(']') ? name[1..^1] : name;
        if (entry.Contains("://", StringComparison.Ordinal) || entry.Contains('/') || Uri.CheckHostName(bare) == UriHostNameType.Unknown)
        {
            throw new ArgumentException($"{setting} has '{entry}', which is not a host name. List names as name or name:port, e.g. etl.example.com,etl.example.com:8443 (or * for any).");
        }

        if (portText is null)
        {
            return new HostRule(name, null);
        }

        return int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? new HostRule(name, port)
            : throw new ArgumentException($"{setting} has '{entry}', whose port is not a number from 1 to 65535.");
    }
}
