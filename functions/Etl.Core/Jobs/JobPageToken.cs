using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Etl.Core.Jobs;

/// <summary>
/// The opaque nextToken of a job listing: the sort key (createdAt, jobId) of the last job returned, base64url-encoded.
/// Stores that page by that key share this encoding.
/// </summary>
public static class JobPageToken
{
    public static string Encode(DateTimeOffset createdAt, string jobId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Timestamps.Format(createdAt)}|{jobId}"));

    public static (string CreatedAt, string JobId) Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && DateTimeOffset.TryParse(text[..bar], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
                && JobIds.IsWellFormed(text[(bar + 1)..]))
            {
                return (text[..bar], text[(bar + 1)..]);
            }
        }
        catch (FormatException)
        {
            // Falls through to the single error below.
        }

        throw new InvalidPageTokenException("nextToken is not valid: pass back the nextToken of the previous page unchanged, or omit it to start from the newest job.");
    }
}
