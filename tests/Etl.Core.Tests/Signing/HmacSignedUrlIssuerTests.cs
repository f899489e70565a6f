using System.Web;
using Etl.Adapters.Local.Signing;
using Etl.Core.Tests.Fakes;

namespace Etl.Core.Tests.Signing;

public class HmacSignedUrlIssuerTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly HmacSignedUrlIssuer _issuer;

    public HmacSignedUrlIssuerTests()
    {
        _issuer = new HmacSignedUrlIssuer(new byte[32], () => new Uri("http://127.0.0.1:5080"), _time);
    }

    private SignatureCheck Verify(string method, Uri url, Func<string, string>? tamper = null)
    {
        var key = Uri.UnescapeDataString(url.AbsolutePath[HmacSignedUrlIssuer.PathPrefix.Length..]);
        var query = HttpUtility.ParseQueryString(url.Query);
        var detail = method == "PUT" ? query["max"] : query["name"];
        return _issuer.Verify(method, tamper?.Invoke(key) ?? key, query["expires"], detail, query["sig"]);
    }

    [Fact]
    public void A_fresh_url_verifies_for_its_method_only()
    {
        var upload = _issuer.IssueUpload("uploads/j/data.parquet", 1000, TimeSpan.FromMinutes(5)).Url;
        Assert.True(Verify("PUT", upload).IsValid);
        Assert.False(Verify("GET", upload).IsValid);
    }

    [Fact]
    public void An_expired_url_is_refused_with_its_expiry()
    {
        var download = _issuer.IssueDownload("output/j/data.ndjson", "data.ndjson", TimeSpan.FromMinutes(5)).Url;
        _time.Advance(TimeSpan.FromMinutes(5));
        var check = Verify("GET", download);
        Assert.False(check.IsValid);
        Assert.Contains("expired", check.Problem);
    }

    [Fact]
    public void Changing_the_key_or_the_limit_breaks_the_signature()
    {
        var upload = _issuer.IssueUpload("uploads/j/data.parquet", 1000, TimeSpan.FromMinutes(5));
        Assert.False(Verify("PUT", upload.Url, k => k.Replace("data", "other", StringComparison.Ordinal)).IsValid);

        var query = HttpUtility.ParseQueryString(upload.Url.Query);
        Assert.False(_issuer.Verify("PUT", "uploads/j/data.parquet", query["expires"], "999999999", query["sig"]).IsValid);
        Assert.Contains("signature", _issuer.Verify("PUT", "uploads/j/data.parquet", query["expires"], "999999999", query["sig"]).Problem);
    }

    [Fact]
    public void Secret_is_created_once_and_reused()
    {
        using var dir = new TempDirectory();
        var first = SigningSecret.LoadOrCreate(dir.Path);
        Assert.Equal(32, first.Length);
        Assert.Equal(first, SigningSecret.LoadOrCreate(dir.Path));
    }
}
