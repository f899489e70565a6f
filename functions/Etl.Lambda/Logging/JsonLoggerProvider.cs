using Microsoft.Extensions.Logging;

namespace Etl.Lambda.Logging;

/// <summary>Routes the framework's ILogger output (ASP.NET Core, the endpoints) into the same JSON lines.</summary>
public sealed class JsonLoggerProvider(JsonLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new JsonLogger(log, categoryName);

    public void Dispose()
    {
    }

    private sealed class JsonLogger(JsonLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel switch
            {
                LogLevel.Trace or LogLevel.Debug => "DEBUG",
                LogLevel.Information => "INFO",
                LogLevel.Warning => "WARN",
                _ => "ERROR",
            };
            log.Write(level, formatter(state, exception), exception, [("category", category)]);
        }
    }
}
