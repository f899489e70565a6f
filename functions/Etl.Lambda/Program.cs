using Etl.Lambda.Bootstrap;

// Lambda stops the environment with SIGTERM (after extensions are told); end the loop cleanly on it.
using var stopping = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});
Console.Out.Flush();
return await LambdaHost.RunAsync(Environment.GetEnvironmentVariable, Console.Out, backend: null, stopping.Token);
