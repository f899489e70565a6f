namespace Etl.Agents.Chat;

/// <summary>
/// The key under which a chat client reports, in <c>ChatResponse.AdditionalProperties</c>, how many HTTP attempts a
/// response took (more than 1 after throttling or a transient error). A client that does not report it made one.
/// </summary>
public static class ChatCallAttempts
{
    public const string Key = "etl.httpAttempts";
}
